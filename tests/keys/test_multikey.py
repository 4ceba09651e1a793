"""Multikey and multibase: round trips on the W3C and did:key vectors, and a clear error for every bad input."""

from __future__ import annotations

import base64
import json

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from passport.errors import KeyMaterialError
from passport.keys import multibase, multikey


def test_vector_keys_round_trip(vector_key_pairs):
    for algorithm, public_mb, secret_mb, source in vector_key_pairs:
        public_key = multikey.decode_public_key(public_mb)
        secret_key = multikey.decode_secret_key(secret_mb)
        assert multikey.algorithm_of(public_key) == algorithm, source
        assert multikey.encode_public_key(public_key) == public_mb, source
        assert multikey.encode_secret_key(secret_key) == secret_mb, source
        assert multikey.encode_public_key(secret_key.public_key()) == public_mb, source
        assert multikey.public_key_algorithm(public_mb) == algorithm


@pytest.mark.parametrize("algorithm, public_prefix, secret_prefix, public_len, secret_len", [
    ("Ed25519", b"\xed\x01", b"\x80\x26", 32, 32),
    ("P-256", b"\x80\x24", b"\x86\x26", 33, 32),
    ("P-384", b"\x81\x24", b"\x87\x26", 49, 48),
])
def test_multicodec_prefixes_and_lengths(vector_key_pairs, algorithm, public_prefix, secret_prefix, public_len,
                                         secret_len):
    public_mb, secret_mb = next((p, s) for a, p, s, _ in vector_key_pairs if a == algorithm)
    public_raw, secret_raw = multibase.decode(public_mb), multibase.decode(secret_mb)
    assert public_raw[:2] == public_prefix and len(public_raw) == 2 + public_len
    assert secret_raw[:2] == secret_prefix and len(secret_raw) == 2 + secret_len


def test_did_key_ed25519_vectors_from_seeds(vectors_dir):
    """did-method-key test vectors: the seed gives the key, the key gives the DID."""
    cases = json.loads((vectors_dir / "did-key" / "test-vectors" / "ed25519-x25519.json").read_text())
    assert len(cases) >= 5
    for did, case in cases.items():
        private_key = ed25519.Ed25519PrivateKey.from_private_bytes(bytes.fromhex(case["seed"]))
        public_mb = multikey.encode_public_key(private_key.public_key())
        assert did == f"did:key:{public_mb}"
        raw = multikey.decode_public_key(public_mb).public_bytes_raw()
        method = case["didDocument"]["verificationMethod"][0]
        if "publicKeyBase58" in method:
            assert base58.b58encode(raw).decode() == method["publicKeyBase58"]
        else:
            assert base64.urlsafe_b64encode(raw).rstrip(b"=").decode() == method["publicKeyJwk"]["x"]


def _b64url_int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


def test_did_key_nist_vectors_from_jwk(vectors_dir):
    """P-256 and P-384 JWKs encode to the vector's DID; P-521 is refused as unsupported, not mis-decoded."""
    cases = json.loads((vectors_dir / "did-key" / "test-vectors" / "nist-curves.json").read_text())
    curves = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1}
    checked = refused = 0
    for did, case in cases.items():
        jwk = case["verificationMethod"].get("publicKeyJwk")
        fingerprint = did.removeprefix("did:key:")
        if jwk is None:  # P256Key2021: base58 of the compressed point and of the scalar
            method = case["verificationMethod"]
            secret = multikey.decode_secret_key(multibase.encode(b"\x86\x26" + base58.b58decode(method["privateKeyBase58"])))
            assert multikey.encode_public_key(secret.public_key()) == fingerprint
            assert multibase.decode(fingerprint)[2:] == base58.b58decode(method["publicKeyBase58"])
            checked += 1
            continue
        if jwk["crv"] not in curves:
            with pytest.raises(KeyMaterialError) as info:
                multikey.decode_public_key(fingerprint)
            assert info.value.code == "UNSUPPORTED_MULTICODEC"
            refused += 1
            continue
        numbers = ec.EllipticCurvePublicNumbers(_b64url_int(jwk["x"]), _b64url_int(jwk["y"]), curves[jwk["crv"]]())
        assert multikey.encode_public_key(numbers.public_key()) == fingerprint
        decoded = multikey.decode_public_key(fingerprint).public_numbers()
        assert (decoded.x, decoded.y) == (numbers.x, numbers.y)
        d = case["verificationMethod"]["privateKeyJwk"]["d"]
        secret = multikey.decode_secret_key(multikey.encode_secret_key(ec.derive_private_key(_b64url_int(d), curves[jwk["crv"]]())))
        assert multikey.encode_public_key(secret.public_key()) == fingerprint
        checked += 1
    assert checked >= 5 and refused >= 2


def _code(fn, *args) -> str:
    with pytest.raises(KeyMaterialError) as info:
        fn(*args)
    return info.value.code


def test_bad_multibase_prefix_is_refused(vector_key_pairs):
    _, public_mb, _, _ = vector_key_pairs[0]
    assert _code(multikey.decode_public_key, "f" + public_mb[1:]) == "UNSUPPORTED_MULTIBASE"
    assert _code(multikey.decode_public_key, "") == "INVALID_MULTIBASE"
    assert _code(multikey.decode_public_key, "z0OIl") == "INVALID_MULTIBASE"  # not in the base58btc alphabet
    assert _code(multibase.decode, "uAAA=") == "INVALID_MULTIBASE"  # padding is not base64url-nopad


def test_non_canonical_base64url_is_refused():
    assert multibase.decode("uAA") == b"\x00"
    assert _code(multibase.decode, "uAB") == "INVALID_MULTIBASE"  # stray trailing bits


def test_base64url_keys_decode(vector_key_pairs):
    _, public_mb, _, _ = vector_key_pairs[1]
    as_b64 = multibase.encode(multibase.decode(public_mb), "base64url")
    assert as_b64.startswith("u")
    assert multikey.encode_public_key(multikey.decode_public_key(as_b64)) == public_mb


def test_unsupported_multicodec_is_refused():
    x25519 = multibase.encode(b"\xec\x01" + bytes(32))
    with pytest.raises(KeyMaterialError) as info:
        multikey.decode_public_key(x25519)
    assert info.value.code == "UNSUPPORTED_MULTICODEC"
    assert info.value.details["multicodec"] == "0xec"


def test_secret_key_is_not_accepted_as_public_key(vector_key_pairs):
    _, _, secret_mb, _ = vector_key_pairs[0]
    assert _code(multikey.decode_public_key, secret_mb) == "UNSUPPORTED_MULTICODEC"
    assert _code(multikey.decode_secret_key, vector_key_pairs[0][1]) == "UNSUPPORTED_MULTICODEC"


@pytest.mark.parametrize("prefix, length", [(b"\xed\x01", 31), (b"\x80\x24", 65), (b"\x81\x24", 33)])
def test_wrong_key_length_is_refused(prefix, length):
    assert _code(multikey.decode_public_key, multibase.encode(prefix + b"\x02" * length)) == "INVALID_KEY_LENGTH"


def test_point_not_on_curve_is_refused():
    # Some small x has no y on the curve (x^3 - 3x + b is a non-residue): find one and expect it refused.
    for prefix, size in ((b"\x80\x24", 32), (b"\x81\x24", 48)):
        bad = [x for x in range(1, 40) if _is_invalid(prefix, size, x)]
        assert bad, "found no x off the curve"
        value = multibase.encode(prefix + b"\x02" + bad[0].to_bytes(size, "big"))
        assert _code(multikey.decode_public_key, value) == "INVALID_KEY"


def _is_invalid(prefix: bytes, size: int, x: int) -> bool:
    try:
        multikey.decode_public_key(multibase.encode(prefix + b"\x02" + x.to_bytes(size, "big")))
        return False
    except KeyMaterialError as exc:
        return exc.code == "INVALID_KEY"


def test_out_of_range_secret_scalar_is_refused():
    n = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # order of P-256
    for scalar in (0, n):
        value = multibase.encode(b"\x86\x26" + scalar.to_bytes(32, "big"))
        with pytest.raises(KeyMaterialError) as info:
            multikey.decode_secret_key(value)
        assert info.value.code == "INVALID_KEY"
        assert value not in str(info.value)


@pytest.mark.parametrize("suite_dir, stem, algorithm", [
    ("vc-di-eddsa/TestVectors/eddsa-rdfc-2022", "DataInt", "Ed25519"),
    ("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256", "ECDSAP256", "P-256"),
    ("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384", "ECDSAP384", "P-384"),
])
def test_verify_signature_accepts_the_vector_signatures(vectors_dir, vector_key_pairs, suite_dir, stem, algorithm):
    folder = vectors_dir / suite_dir
    data = bytes.fromhex((folder / f"combinedHash{stem}.txt").read_text().strip())
    signature = bytes.fromhex((folder / f"sigHex{stem}.txt").read_text().strip())
    assert multibase.encode(signature) == (folder / f"sigBTC58{stem}.txt").read_text().strip()
    public_mb = next(p for a, p, _, _ in vector_key_pairs if a == algorithm)
    assert multikey.verify_signature(public_mb, data, signature)
    assert not multikey.verify_signature(public_mb, data[:-1] + bytes([data[-1] ^ 1]), signature)
    assert not multikey.verify_signature(public_mb, data, signature[:-1])
    other = next(p for a, p, _, _ in vector_key_pairs if a != algorithm)
    assert not multikey.verify_signature(other, data, signature)
    assert not multikey.verify_signature("not-a-key", data, signature)
