"""Multikey: public and secret keys as multibase(multicodec prefix || key bytes).

Spec: Controlled Identifiers v1.0 §2.2.2 (Multikey) and the multicodec table. Supported:

    algorithm  public (codec, bytes)                 secret (codec, bytes)
    Ed25519    ed25519-pub 0xed  -> ed 01, 32         ed25519-priv 0x1300 -> 80 26, 32 (seed)
    P-256      p256-pub  0x1200  -> 80 24, 33 (SEC1)  p256-priv 0x1306    -> 86 26, 32
    P-384      p384-pub  0x1201  -> 81 24, 49 (SEC1)  p384-priv 0x1307    -> 87 26, 48

Public EC keys are compressed points; every decoded point is checked to lie on its curve.
Errors are `KeyMaterialError` with codes INVALID_MULTIBASE, UNSUPPORTED_MULTIBASE, UNSUPPORTED_MULTICODEC,
INVALID_KEY_LENGTH and INVALID_KEY; they never contain secret key bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from passport.errors import KeyMaterialError, PassportError
from passport.keys import multibase

PublicKey = Union[ed25519.Ed25519PublicKey, ec.EllipticCurvePublicKey]
PrivateKey = Union[ed25519.Ed25519PrivateKey, ec.EllipticCurvePrivateKey]


@dataclass(frozen=True)
class Codec:
    """One algorithm's multicodec prefixes and key sizes."""

    algorithm: str
    public_prefix: bytes
    secret_prefix: bytes
    public_length: int
    secret_length: int
    curve: type[ec.EllipticCurve] | None  # None: Ed25519
    hash: type[hashes.HashAlgorithm] | None


CODECS: dict[str, Codec] = {
    "Ed25519": Codec("Ed25519", b"\xed\x01", b"\x80\x26", 32, 32, None, None),
    "P-256": Codec("P-256", b"\x80\x24", b"\x86\x26", 33, 32, ec.SECP256R1, hashes.SHA256),
    "P-384": Codec("P-384", b"\x81\x24", b"\x87\x26", 49, 48, ec.SECP384R1, hashes.SHA384),
}
ALGORITHMS: tuple[str, ...] = tuple(CODECS)
_BY_PUBLIC = {c.public_prefix: c for c in CODECS.values()}
_BY_SECRET = {c.secret_prefix: c for c in CODECS.values()}
_BY_CURVE = {c.curve.name: c for c in CODECS.values() if c.curve is not None}


def _varint(data: bytes) -> tuple[int, int]:
    """(multicodec code, prefix length) of the unsigned LEB128 varint at the start of `data`."""
    code = shift = 0
    for i, byte in enumerate(data[:9]):
        code |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return code, i + 1
        shift += 7
    raise KeyMaterialError("multicodec prefix is not a varint", code="UNSUPPORTED_MULTICODEC")


def _split(value: str, table: dict[bytes, Codec], kind: str) -> tuple[Codec, bytes]:
    data = multibase.decode(value)
    code, size = _varint(data)
    codec = table.get(data[:size])
    if codec is None:
        raise KeyMaterialError(
            f"multicodec 0x{code:x} is not a supported {kind} key (Ed25519, P-256, P-384)",
            code="UNSUPPORTED_MULTICODEC",
            details={"multicodec": f"0x{code:x}", "expected": f"{kind} key"},
        )
    body = data[size:]
    expected = codec.public_length if kind == "public" else codec.secret_length
    if len(body) != expected:
        raise KeyMaterialError(
            f"{codec.algorithm} {kind} key must be {expected} bytes, got {len(body)}",
            code="INVALID_KEY_LENGTH",
            details={"algorithm": codec.algorithm, "expected": expected, "actual": len(body)},
        )
    return codec, body


def codec_for(key: PublicKey | PrivateKey) -> Codec:
    """The codec of a `cryptography` key object; other key types are refused."""
    if isinstance(key, (ed25519.Ed25519PublicKey, ed25519.Ed25519PrivateKey)):
        return CODECS["Ed25519"]
    if isinstance(key, (ec.EllipticCurvePublicKey, ec.EllipticCurvePrivateKey)) and key.curve.name in _BY_CURVE:
        return _BY_CURVE[key.curve.name]
    raise KeyMaterialError(f"unsupported key type {type(key).__name__}", code="UNSUPPORTED_ALGORITHM")


def algorithm_of(key: PublicKey | PrivateKey) -> str:
    """"Ed25519", "P-256" or "P-384"."""
    return codec_for(key).algorithm


def encode_public_key(public_key: PublicKey) -> str:
    """`z…` Multikey of a public key (EC points compressed)."""
    codec = codec_for(public_key)
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    else:
        raw = public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    return multibase.encode(codec.public_prefix + raw)


def decode_public_key(public_key_multibase: str) -> PublicKey:
    """The public key in a Multikey, checked for prefix, length and (EC) that the point is on the curve."""
    codec, body = _split(public_key_multibase, _BY_PUBLIC, "public")
    try:
        if codec.curve is None:
            return ed25519.Ed25519PublicKey.from_public_bytes(body)
        return ec.EllipticCurvePublicKey.from_encoded_point(codec.curve(), body)
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyMaterialError(
            f"not a valid {codec.algorithm} public key (point not on the curve)",
            code="INVALID_KEY",
            details={"algorithm": codec.algorithm},
        ) from exc


def public_key_algorithm(public_key_multibase: str) -> str:
    """The algorithm a Multikey public key is for, after full validation."""
    return algorithm_of(decode_public_key(public_key_multibase))


def encode_secret_key(private_key: PrivateKey) -> str:
    """`z…` Multikey of a secret key (Ed25519 seed, EC big-endian scalar). Handle the result as a secret."""
    codec = codec_for(private_key)
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        raw = private_key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
    else:
        raw = private_key.private_numbers().private_value.to_bytes(codec.secret_length, "big")
    return multibase.encode(codec.secret_prefix + raw)


def decode_secret_key(secret_key_multibase: str) -> PrivateKey:
    """The private key in a secret Multikey; an out-of-range EC scalar is INVALID_KEY."""
    codec, body = _split(secret_key_multibase, _BY_SECRET, "secret")
    try:
        if codec.curve is None:
            return ed25519.Ed25519PrivateKey.from_private_bytes(body)
        return ec.derive_private_key(int.from_bytes(body, "big"), codec.curve())
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise KeyMaterialError(
            f"not a valid {codec.algorithm} secret key", code="INVALID_KEY", details={"algorithm": codec.algorithm}
        ) from exc


def verify_signature(public_key_multibase: str, data: bytes, signature: bytes) -> bool:
    """True when `signature` (Ed25519 64 bytes, ECDSA raw r||s) is valid for `data`; False on any bad input."""
    try:
        public_key = decode_public_key(public_key_multibase)
    except PassportError:
        return False
    return verify_with(public_key, data, signature)


def verify_with(public_key: PublicKey, data: bytes, signature: bytes) -> bool:
    """Signature check with a key object; ECDSA hashes with SHA-256 (P-256) or SHA-384 (P-384), high or low S."""
    if not isinstance(signature, (bytes, bytearray)) or not isinstance(data, (bytes, bytearray)):
        return False
    try:
        codec = codec_for(public_key)
        if isinstance(public_key, ed25519.Ed25519PublicKey):
            if len(signature) != 64:
                return False
            public_key.verify(bytes(signature), bytes(data))
            return True
        half = codec.secret_length
        if len(signature) != 2 * half:
            return False
        r = int.from_bytes(signature[:half], "big")
        s = int.from_bytes(signature[half:], "big")
        public_key.verify(encode_dss_signature(r, s), bytes(data), ec.ECDSA(codec.hash()))  # type: ignore[misc]
        return True
    except (InvalidSignature, ValueError, PassportError):
        return False
