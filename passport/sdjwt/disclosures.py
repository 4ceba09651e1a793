"""Disclosures and digests. Spec: RFC 9901 §4.2 (creating disclosures), §4.2.3 (hashing), §7.1 (processing).

A disclosure is base64url(JSON array): `[salt, name, value]` for an object member, `[salt, value]` for an array
element. Its digest is base64url(SHA-256(the disclosure's ASCII text)). Salts are 128 random bits (§9.3).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

from passport.credentials.jose import _b64, _unb64
from passport.errors import InputError
from passport.jsonio import read_json

SD = "_sd"
SD_ALG = "_sd_alg"
ARRAY_ELEMENT = "..."
HASH_NAME = "sha-256"


def b64_digest(text: str) -> str:
    return _b64(hashlib.sha256(text.encode("ascii")).digest())


@dataclass(frozen=True, slots=True)
class Disclosure:
    encoded: str
    salt: str
    name: str | None  # None: an array element
    value: Any

    @property
    def digest(self) -> str:
        return b64_digest(self.encoded)


def new_salt() -> str:
    return _b64(secrets.token_bytes(16))


def make(name: str, value: Any, salt: str | None = None) -> Disclosure:
    """An object-member disclosure of `name: value`."""
    salt = salt or new_salt()
    text = json.dumps([salt, name, value], ensure_ascii=False, separators=(",", ":"))
    return Disclosure(_b64(text.encode("utf-8")), salt, name, value)


def parse(encoded: str) -> Disclosure:
    """A received disclosure; ValueError when it is not base64url JSON of the right shape (§7.1 step 3)."""
    try:
        array = read_json(_unb64(encoded))
    except InputError as exc:
        raise ValueError(exc.message) from None
    if not isinstance(array, list) or len(array) not in (2, 3) or not isinstance(array[0], str):
        raise ValueError("a disclosure is [salt, name, value] or [salt, value]")
    if len(array) == 3:
        if not isinstance(array[1], str) or array[1] in (SD, ARRAY_ELEMENT):
            raise ValueError("a disclosure's claim name must be a string other than _sd and ...")
        return Disclosure(encoded, array[0], array[1], array[2])
    return Disclosure(encoded, array[0], None, array[1])
