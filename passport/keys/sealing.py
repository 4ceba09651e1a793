"""Sealing secrets at rest: scrypt derives a key from the passphrase, AES-256-GCM encrypts and authenticates.

The associated data binds the sealed secret to the public record it belongs to (key id, controller, public key),
so a sealed secret copied under another identity fails to open instead of signing under the wrong name.
"""

from __future__ import annotations

import base64
import os
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ConfigDict, Field, field_validator

from passport.errors import KeyMaterialError

SCRYPT_N = 2**15  # ~32 MiB and ~0.15 s per derivation on a small server (r=8, p=1)
_MIN_N, _MAX_N = 2**14, 2**20  # bounds for files we read: strong enough, yet no memory bomb from a crafted file


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SealedSecret(BaseModel):
    """An encrypted secret: scrypt parameters, AES-256-GCM nonce and ciphertext (base64url, no padding)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kdf: Literal["scrypt"] = Field(description="Key derivation function applied to the passphrase.")
    salt: str = Field(min_length=22, description="Random 16-byte scrypt salt, base64url.")
    n: int = Field(description="scrypt cost parameter N (a power of two).")
    r: int = Field(ge=1, le=32, description="scrypt block size r.")
    p: int = Field(ge=1, le=16, description="scrypt parallelism p.")
    cipher: Literal["A256GCM"] = Field(description="AES-256 in Galois/Counter Mode.")
    nonce: str = Field(min_length=16, max_length=16, description="12-byte GCM nonce, base64url.")
    ciphertext: str = Field(min_length=1, description="Ciphertext with its 16-byte GCM tag, base64url.")

    @field_validator("n")
    @classmethod
    def _power_of_two_in_bounds(cls, value: int) -> int:
        if value < _MIN_N or value > _MAX_N or value & (value - 1):
            raise ValueError(f"must be a power of two between {_MIN_N} and {_MAX_N}")
        return value


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(secret: bytes, passphrase: str, *, aad: bytes, n: int = SCRYPT_N) -> SealedSecret:
    """Encrypt `secret` under `passphrase`, authenticating `aad` with it."""
    if not passphrase:
        raise KeyMaterialError("an empty passphrase cannot protect a key", code="KEY_ENCRYPTION_KEY_MISSING")
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _derive(passphrase, salt, n, 8, 1)
    ciphertext = AESGCM(key).encrypt(nonce, secret, aad)
    return SealedSecret(kdf="scrypt", salt=_b64(salt), n=n, r=8, p=1, cipher="A256GCM",
                        nonce=_b64(nonce), ciphertext=_b64(ciphertext))


def unseal(sealed: SealedSecret, passphrase: str, *, aad: bytes, where: dict[str, object] | None = None) -> bytes:
    """The secret, or KEY_DECRYPTION_FAILED (wrong passphrase, tampered ciphertext or public record)."""
    try:
        key = _derive(passphrase, _unb64(sealed.salt), sealed.n, sealed.r, sealed.p)
        return AESGCM(key).decrypt(_unb64(sealed.nonce), _unb64(sealed.ciphertext), aad)
    except (InvalidTag, ValueError) as exc:
        raise KeyMaterialError(
            "cannot decrypt the private key: wrong passphrase / key-encryption key, or the record was altered",
            code="KEY_DECRYPTION_FAILED",
            details=dict(where or {}),
        ) from exc
