"""The page's "signature verified — issued by …" line: `passport.verify` on the served credential, cached by ETag.

A stored version never changes, so its verdict is computed once per process; the cache key is the ETag (the
SHA-256 of the exact bytes), so a different document can never reuse another's verdict.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache

from passport.credentials.verify import verify

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Verdict:
    verified: bool
    reason: str


@lru_cache(maxsize=4096)
def _verdict(etag: str, credential: str) -> Verdict:
    result = verify(json.loads(credential))
    if result.verified:
        return Verdict(True, "")
    reason = result.errors[0].name if result.errors else "not verified"  # errors include every proof's checks
    log.warning("stored credential does not verify", extra={"etag": etag, "check": reason})
    return Verdict(False, reason)


def verdict(etag: str, credential: str) -> Verdict:
    """Whether the credential with this ETag verifies (signature, issuer binding, validity, contexts)."""
    return _verdict(etag, credential)
