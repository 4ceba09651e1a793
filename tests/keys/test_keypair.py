"""KeyPair and Signer: byte-exact Ed25519 against the vector, raw r||s ECDSA, secrets that never show."""

from __future__ import annotations

import copy
import pickle

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from passport.errors import KeyMaterialError
from passport.keys import KeyPair, Signer, algorithm_for_suite, generate_for_suite, generate_key_pair, multikey

ORDERS = {
    "P-256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "P-384": int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16),
}


def test_ed25519_signature_reproduces_the_vector(vectors_dir, vector_key_pairs):
    folder = vectors_dir / "vc-di-eddsa" / "TestVectors" / "eddsa-rdfc-2022"
    _, public_mb, secret_mb, _ = vector_key_pairs[0]
    key = KeyPair.from_multibase(secret_mb, public_key_multibase=public_mb)
    data = bytes.fromhex((folder / "combinedHashDataInt.txt").read_text().strip())
    assert key.sign(data).hex() == (folder / "sigHexDataInt.txt").read_text().strip()
    assert key.id == f"did:key:{public_mb}#{public_mb}"
    assert key.controller == f"did:key:{public_mb}"


@pytest.mark.parametrize("algorithm, size", [("P-256", 32), ("P-384", 48)])
def test_ecdsa_signatures_are_raw_r_s_and_verify_with_the_other_side(vector_key_pairs, algorithm, size):
    _, public_mb, secret_mb, _ = next(p for p in vector_key_pairs if p[0] == algorithm)
    key = KeyPair.from_multibase(secret_mb)
    signature = key.sign(b"hash data")
    assert len(signature) == 2 * size
    assert multikey.verify_signature(public_mb, b"hash data", signature)
    assert not key.verify(b"hash datA", signature)


@pytest.mark.parametrize("algorithm", ["P-256", "P-384"])
def test_ecdsa_verification_accepts_high_and_low_s(algorithm):
    key = generate_key_pair(algorithm)
    signature = key.sign(b"payload")
    half = len(signature) // 2
    s = int.from_bytes(signature[half:], "big")
    flipped = signature[:half] + (ORDERS[algorithm] - s).to_bytes(half, "big")
    assert key.verify(b"payload", signature)
    assert key.verify(b"payload", flipped)


@pytest.mark.parametrize("algorithm", ["Ed25519", "P-256", "P-384"])
def test_generated_keys_sign_and_verify(algorithm):
    key = generate_key_pair(algorithm)
    assert key.algorithm == algorithm
    assert isinstance(key, Signer)
    assert multikey.public_key_algorithm(key.public_key_multibase) == algorithm
    signature = key.sign(b"data")
    assert key.verify(b"data", signature)
    assert not key.verify(b"data", bytes(len(signature)))
    assert not generate_key_pair(algorithm).verify(b"data", signature)
    round_trip = KeyPair.from_multibase(key.secret_key_multibase())
    assert round_trip == key


def test_controller_names_the_verification_method():
    key = generate_key_pair("Ed25519", controller="did:web:example.com")
    assert key.controller == "did:web:example.com"
    assert key.id == f"did:web:example.com#{key.public_key_multibase}"
    moved = key.with_controller("did:web:other.example", id="did:web:other.example#key-1")
    assert moved.id == "did:web:other.example#key-1"
    assert moved.public_key_multibase == key.public_key_multibase


def test_the_secret_never_shows():
    key = generate_key_pair("P-256")
    secret = key.secret_key_multibase()
    raw_scalar = key._private_key.private_numbers().private_value  # type: ignore[union-attr]
    for text in (repr(key), str(key), f"{key}", repr([key]), repr({"k": key})):
        assert secret not in text and secret[1:] not in text
        assert str(raw_scalar) not in text and format(raw_scalar, "x") not in text
        assert "KeyPair(" in text
    with pytest.raises(TypeError):
        pickle.dumps(key)
    assert copy.deepcopy({"signer": key})["signer"] is key  # containers holding a key can still be copied


def test_key_pair_is_frozen():
    key = generate_key_pair()
    with pytest.raises(AttributeError):
        key.controller = "did:web:evil.example"  # type: ignore[misc]


def test_mismatched_public_key_is_refused(vector_key_pairs):
    _, _, secret_mb, _ = vector_key_pairs[0]
    with pytest.raises(KeyMaterialError) as info:
        KeyPair.from_multibase(secret_mb, public_key_multibase=vector_key_pairs[1][1])
    assert info.value.code == "KEY_MISMATCH"
    assert secret_mb not in str(info.value) and secret_mb not in repr(info.value.details)


@pytest.mark.parametrize("suite, algorithm", [
    ("eddsa-rdfc-2022", "Ed25519"), ("ecdsa-rdfc-2019", "P-256"), ("ecdsa-sd-2023", "P-256"),
])
def test_suites_map_to_algorithms(suite, algorithm):
    assert algorithm_for_suite(suite) == algorithm
    assert generate_for_suite(suite).algorithm == algorithm


def test_p384_is_allowed_for_ecdsa_rdfc_2019_only():
    assert generate_for_suite("ecdsa-rdfc-2019", algorithm="P-384").algorithm == "P-384"
    with pytest.raises(KeyMaterialError) as info:
        algorithm_for_suite("ecdsa-sd-2023", "P-384")
    assert info.value.code == "ALGORITHM_SUITE_MISMATCH"
    with pytest.raises(KeyMaterialError) as info:
        algorithm_for_suite("bbs-2023")
    assert info.value.code == "UNSUPPORTED_CRYPTOSUITE"


def test_unknown_algorithm_and_key_type_are_refused():
    with pytest.raises(KeyMaterialError) as info:
        generate_key_pair("secp256k1")
    assert info.value.code == "UNSUPPORTED_ALGORITHM"
    with pytest.raises(KeyMaterialError) as info:
        KeyPair.from_private_key(ec.generate_private_key(ec.SECP521R1()))
    assert info.value.code == "UNSUPPORTED_ALGORITHM"


def test_top_level_package_exports_key_generation():
    import passport

    key = passport.generate_key_pair("P-384", controller="did:web:maker.example")
    assert isinstance(key, passport.KeyPair) and key.algorithm == "P-384"
    assert {"KeyPair", "generate_key_pair"} <= set(passport.__all__)
