"""How a credential is cited: `digestSRI` (VC 2.0 §5.3, Subresource Integrity) over the exact bytes that were
received or stored, or over the RFC 8785 (JCS) bytes when a JSON value is cited rather than a byte string.

Custody bindings, carbon supplier footprints and the authority view cite credentials this one way.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import rfc8785

__all__ = ["digest_sri", "json_digest_sri"]


def digest_sri(raw: bytes, algorithm: str = "sha384") -> str:
    """`{algorithm}-{base64(hash(raw))}` of the exact bytes (VC 2.0 §5.3 `digestSRI`)."""
    digest = hashlib.new(algorithm, raw).digest()
    return f"{algorithm}-{base64.b64encode(digest).decode('ascii')}"


def json_digest_sri(value: Any, algorithm: str = "sha384") -> str:
    """`digest_sri` of the value's JCS bytes (RFC 8785): the same value cites the same way however it was
    serialised. Raises `rfc8785.CanonicalizationError` (or TypeError) for what JSON cannot hold."""
    return digest_sri(rfc8785.dumps(value), algorithm)
