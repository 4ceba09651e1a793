"""did:key resolved offline: the Multikey documents of the W3C test keys and the did-method-key vectors."""

from __future__ import annotations

import base64
import json

import base58
import pytest

from passport.dids import DidResolutionError, did_key, resolve_did, resolve_verification_method
from passport.errors import NotFoundError
from passport.keys import generate_key_pair, multibase, multikey

def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


SIGNING = {"authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"}


def _generated(vectors_dir):
    files = sorted((vectors_dir / "did-key" / "generated").glob("*.did.json"))
    assert len(files) == 4
    return [json.loads(f.read_text()) for f in files]


def test_documents_equal_the_generated_multikey_documents(vectors_dir):
    algorithms = set()
    for expected in _generated(vectors_dir):
        document = resolve_did(expected["id"])
        assert document == expected
        assert json.dumps(document) == json.dumps(expected)  # same key order too
        algorithms.add(multikey.public_key_algorithm(document["verificationMethod"][0]["publicKeyMultibase"]))
    assert algorithms == {"Ed25519", "P-256", "P-384"}


@pytest.mark.parametrize("name", ["ed25519-x25519.json", "nist-curves.json"])
def test_did_method_key_vectors(vectors_dir, name):
    """Same DID, same method id, same key bytes and same signing relationships as the did-method-key vectors
    (whose documents use older key types, and add X25519 key agreement we do not derive)."""
    cases = json.loads((vectors_dir / "did-key" / "test-vectors" / name).read_text())
    resolved = 0
    for did, case in cases.items():
        expected = case["didDocument"]
        vm = expected["verificationMethod"][0]
        try:
            document = resolve_did(did)
        except DidResolutionError as exc:
            assert "P-521" in json.dumps(vm) and exc.code == "INVALID_PUBLIC_KEY_TYPE"
            continue
        ours = document["verificationMethod"][0]
        assert ours["id"] == vm["id"] and ours["controller"] == vm["controller"] == did
        raw = multibase.decode(ours["publicKeyMultibase"])[2:]
        if "publicKeyBase58" in vm:
            assert raw == base58.b58decode(vm["publicKeyBase58"])
        else:
            jwk = vm["publicKeyJwk"]
            key = multikey.decode_public_key(ours["publicKeyMultibase"])
            if jwk["kty"] == "OKP":
                assert raw == _b64url(jwk["x"])
            else:
                numbers = key.public_numbers()
                assert (numbers.x, numbers.y) == (int.from_bytes(_b64url(jwk["x"]), "big"),
                                                  int.from_bytes(_b64url(jwk["y"]), "big"))
        for relationship in SIGNING:
            assert document[relationship] == expected[relationship]
        resolved += 1
    assert resolved >= 5


@pytest.mark.parametrize("algorithm", ["Ed25519", "P-256", "P-384"])
def test_generated_keys_resolve_to_their_own_method(algorithm):
    key = generate_key_pair(algorithm)
    method = resolve_verification_method(key.id)
    assert method.id == key.id and method.controller == key.controller == did_key(key.public_key_multibase)
    assert method.type == "Multikey" and method.public_key_multibase == key.public_key_multibase
    assert method.relationships == SIGNING and method.authorises("assertionMethod")
    assert not method.authorises("keyAgreement")
    assert method.algorithm == algorithm
    assert multikey.verify_with(method.public_key, b"m", key.sign(b"m"))


def _code(fn, *args, **kwargs) -> str:
    with pytest.raises(NotFoundError) as info:
        fn(*args, **kwargs)
    return info.value.code


def test_bad_did_keys_are_refused_with_the_spec_error():
    key = generate_key_pair()
    assert _code(resolve_did, "did:key:" + "f" + key.public_key_multibase[1:]) == "INVALID_DID"
    x25519 = multibase.encode(b"\xec\x01" + bytes(32))
    assert _code(resolve_did, f"did:key:{x25519}") == "INVALID_PUBLIC_KEY_TYPE"
    short = multibase.encode(b"\xed\x01" + bytes(31))
    assert _code(resolve_did, f"did:key:{short}") == "INVALID_PUBLIC_KEY_LENGTH"
    off_curve = multibase.encode(b"\x80\x24\x02" + (1).to_bytes(32, "big"))  # x = 1 is not on P-256
    assert _code(resolve_did, f"did:key:{off_curve}") == "INVALID_PUBLIC_KEY"


@pytest.mark.parametrize("did, code", [
    ("did:example:123", "METHOD_NOT_SUPPORTED"),
    ("did:ion:EiClkZMDxPKqC9c", "METHOD_NOT_SUPPORTED"),
    ("not-a-did", "INVALID_DID"),
    ("did:key:", "INVALID_DID"),
    ("did:KEY:z6Mk", "INVALID_DID"),
    ("did:key:z6Mk#frag", "INVALID_DID"),
])
def test_unknown_methods_and_malformed_dids(did, code):
    assert _code(resolve_did, did) == code


def test_verification_method_urls_need_a_listed_fragment():
    key = generate_key_pair()
    assert _code(resolve_verification_method, key.controller) == "INVALID_DID_URL"
    assert _code(resolve_verification_method, key.controller + "#other") == "VERIFICATION_METHOD_NOT_FOUND"
    assert _code(resolve_verification_method, "did:example:1#key-1") == "METHOD_NOT_SUPPORTED"
