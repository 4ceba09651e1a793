"""Multibase: the self-describing text encodings of keys and proof values (`z` base58btc, `u` base64url).

Spec: Controlled Identifiers v1.0 §2.4 (Multibase) and draft-multiformats-multibase. Only the two bases
Data Integrity uses are accepted; anything else is refused with a stable code rather than guessed at.
"""

from __future__ import annotations

import base64
import re
from typing import Literal

import base58

from passport.errors import KeyMaterialError

Base = Literal["base58btc", "base64url"]

_PREFIX: dict[str, Base] = {"z": "base58btc", "u": "base64url"}
_BASE58 = re.compile(r"[1-9A-HJ-NP-Za-km-z]+")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


def encode(data: bytes, base: Base = "base58btc") -> str:
    """`data` as multibase text: `z` + base58btc (Bitcoin alphabet) or `u` + base64url without padding."""
    if base == "base58btc":
        return "z" + base58.b58encode(data).decode("ascii")
    if base == "base64url":
        return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
    raise KeyMaterialError(f"unsupported multibase encoding {base!r}", code="UNSUPPORTED_MULTIBASE",
                           details={"base": base})


def decode(value: str) -> bytes:
    """The bytes behind multibase `value`; refuses unknown prefixes, foreign characters and non-canonical text."""
    if not isinstance(value, str) or not value:
        raise KeyMaterialError("multibase value is empty or not a string", code="INVALID_MULTIBASE")
    base = _PREFIX.get(value[0])
    if base is None:
        raise KeyMaterialError(
            f"unsupported multibase prefix {value[0]!r}: expected 'z' (base58btc) or 'u' (base64url)",
            code="UNSUPPORTED_MULTIBASE",
            details={"prefix": value[0]},
        )
    body = value[1:]
    if base == "base58btc":
        if not _BASE58.fullmatch(body):
            raise KeyMaterialError("not base58btc text", code="INVALID_MULTIBASE", details={"base": base})
        data = base58.b58decode(body)
    else:
        if not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
            raise KeyMaterialError("not unpadded base64url text", code="INVALID_MULTIBASE", details={"base": base})
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    if encode(data, base) != value:  # e.g. base64url with stray trailing bits
        raise KeyMaterialError("non-canonical multibase text", code="INVALID_MULTIBASE", details={"base": base})
    return data


def base_of(value: str) -> Base:
    """Which base `value` is written in (checks only the prefix)."""
    if isinstance(value, str) and value and value[0] in _PREFIX:
        return _PREFIX[value[0]]
    raise KeyMaterialError("unsupported multibase prefix", code="UNSUPPORTED_MULTIBASE",
                    details={"prefix": value[:1] if isinstance(value, str) else None})
