"""Digests that results cite: a multibase (base64url, `u`) sha2-256 multihash of the JCS (RFC 8785) bytes.

The passport's `EvidenceReference.evidenceDigest` takes this form; anyone holding the disclosed document
recomputes it with any JCS library and SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import rfc8785

_SHA2_256 = bytes([0x12, 0x20])


def multibase_digest(data: bytes) -> str:
    """`u` + base64url(no padding) of the sha2-256 multihash of `data`."""
    multihash = _SHA2_256 + hashlib.sha256(data).digest()
    return "u" + base64.urlsafe_b64encode(multihash).rstrip(b"=").decode("ascii")


def json_digest(document: Any) -> str:
    """Digest of a JSON document by its canonical (JCS) bytes, so whitespace and key order do not matter."""
    return multibase_digest(rfc8785.dumps(document))
