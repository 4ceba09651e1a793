"""CBOR encoding of ecdsa-sd-2023 proof values (spec VC-DI-ECDSA §3.5.2–3.5.7).

Base:    u + base64url(0xd9 0x5d 0x00 || CBOR([baseSignature, publicKey, hmacKey, signatures, mandatoryPointers]))
Derived: u + base64url(0xd9 0x5d 0x01 || CBOR([baseSignature, publicKey, signatures, compressedLabelMap, mandatoryIndexes]))
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import cbor2

from passport.errors import ProofError

BASE_HEADER = bytes([0xD9, 0x5D, 0x00])
DERIVED_HEADER = bytes([0xD9, 0x5D, 0x01])
_C14N = re.compile(r"c14n(0|[1-9][0-9]*)")


class ProofValueError(ProofError):
    code = "INVALID_PROOF_VALUE"


@dataclass(frozen=True)
class BaseProofValue:
    base_signature: bytes
    public_key: bytes  # multikey bytes of the proof-scoped P-256 key: 0x80 0x24 + 33-byte compressed point
    hmac_key: bytes
    signatures: list[bytes]
    mandatory_pointers: list[str]


@dataclass(frozen=True)
class DerivedProofValue:
    base_signature: bytes
    public_key: bytes
    signatures: list[bytes]
    label_map: dict[str, str]  # canonical label (c14nN) -> issuer's HMAC label (u...)
    mandatory_indexes: list[int]


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def serialize_base(value: BaseProofValue) -> str:
    payload = [value.base_signature, value.public_key, value.hmac_key, list(value.signatures), list(value.mandatory_pointers)]
    return "u" + _b64u(BASE_HEADER + cbor2.dumps(payload))


def compress_label_map(label_map: dict[str, str]) -> dict[int, bytes]:
    """Spec §3.5.5: c14nN -> N, 'u'+base64url -> bytes; keys ascending so the CBOR bytes are canonical."""
    compressed: dict[int, bytes] = {}
    for key in sorted(label_map, key=lambda k: int(_C14N.fullmatch(k).group(1)) if _C14N.fullmatch(k) else -1):
        match, value = _C14N.fullmatch(key), label_map[key]
        if match is None or not value.startswith("u"):
            raise ProofValueError(f"label map entry {key!r} is not of the form c14nN -> u<base64url>")
        compressed[int(match.group(1))] = _unb64u(value[1:])
    return compressed


def serialize_derived(value: DerivedProofValue) -> str:
    payload = [value.base_signature, value.public_key, list(value.signatures), compress_label_map(value.label_map),
               list(value.mandatory_indexes)]
    return "u" + _b64u(DERIVED_HEADER + cbor2.dumps(payload))


def _decode(proof_value: object, header: bytes, kind: str) -> list[object]:
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise ProofValueError(f"{kind} proofValue must be a base64url-no-pad multibase string starting with 'u'")
    try:
        raw = _unb64u(proof_value[1:])
    except ValueError as exc:
        raise ProofValueError(f"{kind} proofValue is not valid base64url") from exc
    if raw[:3] != header:
        raise ProofValueError(f"{kind} proofValue header is {raw[:3].hex()}, expected {header.hex()}")
    try:
        decoded = cbor2.loads(raw[3:])
    except (cbor2.CBORDecodeError, ValueError, TypeError) as exc:
        raise ProofValueError(f"{kind} proofValue is not valid CBOR") from exc
    if not isinstance(decoded, list) or len(decoded) != 5:
        raise ProofValueError(f"{kind} proofValue must be a CBOR array of 5 components")
    return decoded


def _bytes_list(value: object, what: str) -> list[bytes]:
    if not isinstance(value, list) or not all(isinstance(v, bytes) for v in value):
        raise ProofValueError(f"{what} must be an array of byte strings")
    return list(value)


def parse_base(proof_value: object) -> BaseProofValue:
    base_signature, public_key, hmac_key, signatures, pointers = _decode(proof_value, BASE_HEADER, "base")
    if not isinstance(base_signature, bytes) or len(base_signature) != 64:
        raise ProofValueError("baseSignature must be 64 bytes")
    if not isinstance(public_key, bytes) or len(public_key) != 35 or public_key[:2] != b"\x80\x24":
        raise ProofValueError("publicKey must be a 35-byte P-256 multikey")
    if not isinstance(hmac_key, bytes) or len(hmac_key) != 32:
        raise ProofValueError("hmacKey must be 32 bytes")
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise ProofValueError("mandatoryPointers must be an array of strings")
    return BaseProofValue(base_signature, public_key, hmac_key, _bytes_list(signatures, "signatures"), list(pointers))


def parse_derived(proof_value: object) -> DerivedProofValue:
    base_signature, public_key, signatures, compressed, indexes = _decode(proof_value, DERIVED_HEADER, "derived")
    if not isinstance(base_signature, bytes) or len(base_signature) != 64:
        raise ProofValueError("baseSignature must be 64 bytes")
    if not isinstance(public_key, bytes) or len(public_key) != 35 or public_key[:2] != b"\x80\x24":
        raise ProofValueError("publicKey must be a 35-byte P-256 multikey")
    if not isinstance(compressed, dict) or not all(isinstance(k, int) and k >= 0 and isinstance(v, bytes)
                                                   for k, v in compressed.items()):
        raise ProofValueError("the label map must map integers to byte strings")
    if not isinstance(indexes, list) or not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in indexes):
        raise ProofValueError("mandatoryIndexes must be an array of non-negative integers")
    label_map = {f"c14n{k}": "u" + _b64u(v) for k, v in compressed.items()}
    return DerivedProofValue(base_signature, public_key, _bytes_list(signatures, "signatures"), label_map, list(indexes))


def is_derived(proof_value: object) -> bool:
    try:
        return isinstance(proof_value, str) and _unb64u(proof_value[1:])[:3] == DERIVED_HEADER
    except ValueError:
        return False
