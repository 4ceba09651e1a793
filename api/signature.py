"""The page's verdict line: the one verification policy (`passport.trust`) on the served credential.

The cryptographic work is done once per (ETag, passport status, validity state): the ETag is the SHA-256 of
the exact bytes, so a different document never reuses another's verdict; the status (revoked, suspended,
active) and whether today is inside `validFrom`/`validUntil` are looked at on every render, so a passport that
expires or is revoked stops being called valid without a new version.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from threading import Lock

from passport.credentials import result as r
from passport.credentials._time import utc_now
from passport.credentials.checks import check_validity_period
from passport.trust import TrustSources, verify_credential

log = logging.getLogger(__name__)

MAX_ENTRIES = 4096


@dataclass(frozen=True, slots=True)
class Verdict:
    """`outcome` as `VerificationResult.outcome`; `signature_valid`: every proof verified (the issuer did sign
    this); `reason`/`code`: the first failed check (else the first that could not run)."""

    outcome: str
    signature_valid: bool
    reason: str = ""
    code: str | None = None

    @property
    def verified(self) -> bool:
        return self.outcome == "verified"


@lru_cache(maxsize=MAX_ENTRIES)
def _validity_fields(etag: str, credential: str) -> tuple[tuple[str, str], ...]:
    document = json.loads(credential)
    return tuple((k, document[k]) for k in ("validFrom", "validUntil") if k in document)


def validity_state(etag: str, credential: str, now: datetime | None = None) -> str:
    """'valid', or the code of the validity check that fails now (EXPIRED, NOT_YET_VALID...): part of the page key."""
    check = check_validity_period(dict(_validity_fields(etag, credential)), now or utc_now())
    return "valid" if check.passed else str(check.code)


_verdicts: OrderedDict[tuple[str, ...], Verdict] = OrderedDict()
_lock = Lock()


def _judge(credential: str, sources: TrustSources, now: datetime | None) -> Verdict:
    result = verify_credential(json.loads(credential), sources, now=now)
    signature_valid = bool(result.proofs) and all(p.verified for p in result.proofs)
    first = (result.errors or result.unchecked or [None])[0]
    if first is not None and first.name != r.STATUS:
        log.warning("stored credential does not verify", extra={"check": first.name, "code": first.code})
    return Verdict(result.outcome, signature_valid, first.name if first else "", first.code if first else None)


def verdict(etag: str, credential: str, sources: TrustSources, *, status: str = "active",
            now: datetime | None = None) -> Verdict:
    """The verdict on the credential with this ETag under this service's sources, for today's validity state
    and the passport's current status."""
    key = (etag, status, validity_state(etag, credential, now), sources.base_url or "")
    with _lock:
        found = _verdicts.get(key)
    if found is not None:
        return found
    found = _judge(credential, sources, now)
    with _lock:
        _verdicts[key] = found
        while len(_verdicts) > MAX_ENTRIES:
            _verdicts.popitem(last=False)
    return found
