"""Key pairs and the Signer protocol: what a cryptosuite needs to sign, and where an HSM or KMS plugs in.

A `KeyPair` holds a private key in memory and never shows it (repr, str, equality and pickling leave it out);
export it only with `secret_key_multibase()`, e.g. to seal it into a key file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from passport.errors import KeyMaterialError
from passport.keys import multikey
from passport.keys.multikey import PrivateKey, PublicKey

# Spec: vc-di-eddsa §3 (eddsa-rdfc-2022), vc-di-ecdsa §3 (ecdsa-rdfc-2019, ecdsa-sd-2023).
SUITE_ALGORITHMS: dict[str, tuple[str, ...]] = {
    "eddsa-rdfc-2022": ("Ed25519",),
    "ecdsa-rdfc-2019": ("P-256", "P-384"),
    "ecdsa-sd-2023": ("P-256",),
}
SUITES: tuple[str, ...] = tuple(SUITE_ALGORITHMS)


@runtime_checkable
class Signer(Protocol):
    """Anything that signs with a key named by a verification method: a `KeyPair`, or an HSM/KMS adapter.

    `sign` returns the raw signature the cryptosuite embeds: Ed25519 64 bytes, ECDSA r||s
    (over SHA-256 of `data` for P-256, SHA-384 for P-384).
    """

    id: str
    controller: str
    algorithm: str

    def sign(self, data: bytes) -> bytes: ...


def algorithm_for_suite(suite: str, algorithm: str | None = None) -> str:
    """The key algorithm for a cryptosuite (its first when `algorithm` is None), refusing pairs that don't fit."""
    allowed = SUITE_ALGORITHMS.get(suite)
    if allowed is None:
        raise KeyMaterialError(f"unknown cryptosuite {suite!r}; expected one of {', '.join(SUITES)}",
                        code="UNSUPPORTED_CRYPTOSUITE", details={"suite": suite})
    if algorithm is None:
        return allowed[0]
    if algorithm not in allowed:
        raise KeyMaterialError(f"cryptosuite {suite} uses {' or '.join(allowed)}, not {algorithm}",
                        code="ALGORITHM_SUITE_MISMATCH", details={"suite": suite, "algorithm": algorithm})
    return algorithm


def did_key_for(public_key_multibase: str) -> tuple[str, str]:
    """(controller, verification method id) of the did:key for a Multikey public key."""
    did = f"did:key:{public_key_multibase}"
    return did, f"{did}#{public_key_multibase}"


@dataclass(frozen=True, eq=False, repr=False)
class KeyPair:
    """A private key with its public Multikey, controller DID and verification method id. Implements `Signer`."""

    algorithm: str
    controller: str
    id: str
    public_key_multibase: str
    _private_key: PrivateKey = field(compare=False)

    @classmethod
    def from_private_key(cls, private_key: PrivateKey, *, controller: str | None = None,
                         id: str | None = None) -> KeyPair:
        """Wrap a `cryptography` private key; without `controller` the key is its own did:key."""
        algorithm = multikey.algorithm_of(private_key)
        public_key_multibase = multikey.encode_public_key(private_key.public_key())
        if controller is None:
            controller, default_id = did_key_for(public_key_multibase)
        else:
            default_id = f"{controller}#{public_key_multibase}"
        return cls(algorithm, controller, id or default_id, public_key_multibase, private_key)

    @classmethod
    def from_multibase(cls, secret_key_multibase: str, *, public_key_multibase: str | None = None,
                       controller: str | None = None, id: str | None = None) -> KeyPair:
        """From a secret Multikey; a given public Multikey must match it (KEY_MISMATCH otherwise)."""
        pair = cls.from_private_key(multikey.decode_secret_key(secret_key_multibase), controller=controller, id=id)
        if public_key_multibase is not None and public_key_multibase != pair.public_key_multibase:
            raise KeyMaterialError("the secret key does not belong to the given public key", code="KEY_MISMATCH",
                            details={"publicKeyMultibase": public_key_multibase})
        return pair

    @property
    def public_key(self) -> PublicKey:
        return self._private_key.public_key()

    def sign(self, data: bytes) -> bytes:
        """Ed25519: 64-byte signature of `data`. ECDSA: raw r||s over SHA-256 (P-256) / SHA-384 (P-384) of `data`."""
        key = self._private_key
        if isinstance(key, ed25519.Ed25519PrivateKey):
            return key.sign(data)
        codec = multikey.CODECS[self.algorithm]
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(codec.hash())))  # type: ignore[misc]
        return r.to_bytes(codec.secret_length, "big") + s.to_bytes(codec.secret_length, "big")

    def verify(self, data: bytes, signature: bytes) -> bool:
        return multikey.verify_with(self.public_key, data, signature)

    def secret_key_multibase(self) -> str:
        """The secret Multikey: the only way the private key leaves this object. Never log it."""
        return multikey.encode_secret_key(self._private_key)

    def with_controller(self, controller: str, *, id: str | None = None) -> KeyPair:
        """The same key under another controller (e.g. an issuer's did:web)."""
        return KeyPair.from_private_key(self._private_key, controller=controller, id=id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyPair):
            return NotImplemented
        return (self.id, self.controller, self.public_key_multibase) == (
            other.id, other.controller, other.public_key_multibase)

    def __hash__(self) -> int:
        return hash((self.id, self.public_key_multibase))

    def __repr__(self) -> str:
        return f"KeyPair(algorithm={self.algorithm!r}, id={self.id!r})"

    __str__ = __repr__

    def __copy__(self) -> KeyPair:
        return self  # immutable: copies may share the key object

    def __deepcopy__(self, memo: dict[int, object]) -> KeyPair:
        return self

    def __reduce__(self) -> object:
        raise TypeError("KeyPair is not picklable (it would write the private key in clear): use save_key_file")


def generate_key_pair(algorithm: str = "Ed25519", *, controller: str | None = None) -> KeyPair:
    """A fresh key from the OS CSPRNG (via `cryptography`): "Ed25519", "P-256" or "P-384"; no controller -> did:key."""
    codec = multikey.CODECS.get(algorithm)
    if codec is None:
        raise KeyMaterialError(f"unsupported algorithm {algorithm!r}; expected one of {', '.join(multikey.ALGORITHMS)}",
                        code="UNSUPPORTED_ALGORITHM", details={"algorithm": algorithm})
    private_key: PrivateKey = (
        ed25519.Ed25519PrivateKey.generate() if codec.curve is None else ec.generate_private_key(codec.curve())
    )
    return KeyPair.from_private_key(private_key, controller=controller)


def generate_for_suite(suite: str, *, algorithm: str | None = None, controller: str | None = None) -> KeyPair:
    """A fresh key for a cryptosuite (eddsa-rdfc-2022 -> Ed25519, ecdsa-* -> P-256 unless P-384 is asked)."""
    return generate_key_pair(algorithm_for_suite(suite, algorithm), controller=controller)
