"""A cryptosuite as a small declarative object: what it is called, which keys it takes, how it canonicalizes.

Spec: VC Data Integrity 1.0 §3 (cryptographic suites). Everything a suite does not say is done once, for all
suites, by `passport.credentials.proof` (proof configuration -> canonicalize -> hash -> sign). A new suite is
one short module in `cryptosuites/` that builds one of these; it contains no hashing code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from passport.keys import multikey
from passport.keys.multikey import PublicKey

Canonize = Callable[..., bytes]  # (document, *, hash_algorithm, loader) -> canonical bytes
HashAlgorithm = Literal["sha256", "sha384"]


def _sign(signer: Any, data: bytes) -> bytes:
    """Ed25519 signs `data` itself; ECDSA signers hash it with the curve's hash (raw r||s out)."""
    return bytes(signer.sign(data))


def _verify(public_key: PublicKey, data: bytes, signature: bytes) -> bool:
    return multikey.verify_with(public_key, data, signature)


@dataclass(frozen=True)
class Cryptosuite:
    """One Data Integrity cryptosuite (`type` DataIntegrityProof, `cryptosuite` = `name`).

    A legacy suite (2020 design pattern) is named by its proof `type` alone and has no `cryptosuite` field.
    """

    name: str
    transformation: Literal["rdfc-1.0", "jcs"]
    """Which canonicalization `canonize` performs (RDF Dataset Canonicalization or RFC 8785 JSON)."""
    canonize: Canonize
    """Transformation step: the unsecured document (or proof configuration) as canonical bytes."""
    hash_algorithms: Mapping[str, HashAlgorithm]
    """Key algorithm -> hash used for canonicalization and hashing (ecdsa: P-256 SHA-256, P-384 SHA-384)."""
    proof_context: bool = False
    """True for the JCS suites: the proof carries the document's `@context` and it is signed as part of it."""
    sign: Callable[[Any, bytes], bytes] = field(default=_sign)
    verify: Callable[[PublicKey, bytes, bytes], bool] = field(default=_verify)
    type: str = "DataIntegrityProof"
    add_proof: Callable[..., dict[str, Any]] | None = None
    """Selective-disclosure suites build their whole proof themselves: (document, key, options, loader) -> secured."""
    verify_proof: Callable[..., tuple[bool, str, str | None]] | None = None
    """...and check it themselves: (document, proof, public_key, loader) -> (valid, reason, failure code)."""

    @property
    def legacy(self) -> bool:
        """True for a suite identified by its proof type (e.g. Ed25519Signature2020), not by `cryptosuite`."""
        return self.type != "DataIntegrityProof"

    @property
    def required_algorithms(self) -> frozenset[str]:
        """Key algorithms this suite accepts."""
        return frozenset(self.hash_algorithms)

    def hash_algorithm(self, key_algorithm: str) -> HashAlgorithm:
        """The hash for a key of `key_algorithm` (KeyError-free: callers check `required_algorithms` first)."""
        return self.hash_algorithms[key_algorithm]

    def hash(self, data: bytes, key_algorithm: str) -> bytes:
        """The suite's digest of `data` for a key of `key_algorithm`."""
        return hashlib.new(self.hash_algorithm(key_algorithm), data).digest()
