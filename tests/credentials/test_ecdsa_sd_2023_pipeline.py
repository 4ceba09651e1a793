"""ecdsa-sd-2023 through the generic `passport.sign` / `passport.verify`: base proofs, derived proofs, refusals."""

from __future__ import annotations

import copy
import json

import pytest

import passport
from passport.disclosure.ecdsa_sd_2023 import derive_proof
from passport.errors import ProofError
from passport.keys import generate_key_pair

CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "urn:uuid:9a2a1e5c-4d8e-4c51-8f0c-5a0b8b7f3e21",
    "type": ["VerifiableCredential"],
    "validFrom": "2025-01-01T00:00:00Z",
    "credentialSubject": {"id": "urn:uuid:5f0e1c2d-3b4a-4e6f-8a9b-0c1d2e3f4a5b", "name": "Cell lot 7",
                          "description": "recycled content declaration"},
}


@pytest.fixture(scope="module")
def key():
    return generate_key_pair("P-256")


@pytest.fixture(scope="module")
def base(key):
    return passport.sign(CREDENTIAL | {"issuer": key.controller}, key, suite="ecdsa-sd-2023")


def _check(result, name):
    return [c for c in result.checks if c.name == name]


def test_base_proof_verifies_for_its_holder(base):
    result = passport.verify(base)
    assert result.verified, result.errors
    assert "base proof" in _check(result, "signature")[0].reason


def test_default_mandatory_pointers_bind_issuer_and_validity(base):
    derived = derive_proof(base, selective_pointers=[])
    assert derived["issuer"] == base["issuer"] and derived["validFrom"] == base["validFrom"]
    assert derived["credentialSubject"] == {"id": CREDENTIAL["credentialSubject"]["id"]}
    assert passport.verify(derived).verified


def test_derived_proof_verifies_and_tampering_fails(base):
    derived = derive_proof(base, selective_pointers=["/credentialSubject/name"])
    assert passport.verify(derived).verified
    tampered = copy.deepcopy(derived)
    tampered["credentialSubject"]["name"] = "Cell lot 8"
    result = passport.verify(tampered)
    assert not result.verified
    assert [(c.name, c.code) for c in result.errors] == [("signature", "PROOF_VERIFICATION_ERROR")]


def test_another_issuers_key_fails_the_binding(key):
    other = generate_key_pair("P-256")
    signed = passport.sign(CREDENTIAL | {"issuer": key.controller}, other, suite="ecdsa-sd-2023")
    result = passport.verify(derive_proof(signed, selective_pointers=[]))
    assert not result.verified
    assert [(c.name, c.code) for c in result.errors] == [("verification method bound to issuer",
                                                          "PROOF_VERIFICATION_ERROR")]


def test_explicit_mandatory_pointers(key):
    signed = passport.sign(CREDENTIAL | {"issuer": key.controller}, key, suite="ecdsa-sd-2023",
                           mandatory_pointers=["/issuer", "/credentialSubject/name"])
    derived = derive_proof(signed, selective_pointers=[])
    assert derived["credentialSubject"]["name"] == "Cell lot 7"
    assert passport.verify(derived).verified


def test_sd_suite_refuses_other_key_types():
    ed = generate_key_pair("Ed25519")
    with pytest.raises(ProofError) as info:
        passport.sign(CREDENTIAL | {"issuer": ed.controller}, ed, suite="ecdsa-sd-2023")
    assert info.value.code == "ALGORITHM_SUITE_MISMATCH"


def test_mandatory_pointers_only_for_sd_suites(key):
    with pytest.raises(ProofError):
        passport.sign(CREDENTIAL | {"issuer": key.controller}, key, suite="ecdsa-rdfc-2019", mandatory_pointers=[])


def test_w3c_derived_vector_signature_verifies(vectors_dir):
    from passport.jsonld import DocumentLoader

    contexts = vectors_dir / "contexts"
    loader = DocumentLoader(extra={"https://w3id.org/citizenship/v4rc1":
                                   json.loads((contexts / "citizenship-v4rc1.jsonld").read_text())})
    derived = json.loads((vectors_dir / "vc-di-ecdsa/TestVectors/ecdsa-sd-2023/prc/derivedRevealDocument.json")
                         .read_text())
    result = passport.verify(derived, loader=loader, now=None)
    assert _check(result, "signature")[0].passed is True
    # the vector's issuer is not the controller of the key that signed it: the binding check says so
    assert _check(result, "verification method bound to issuer")[0].passed is False
