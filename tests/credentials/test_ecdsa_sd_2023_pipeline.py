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
    # a revealed (non-mandatory) value changed: its statement's signature in the derived proof fails
    assert [(c.name, c.code) for c in result.errors] == [("signature", "ECDSA_SD_DERIVED_STATEMENT_SIGNATURE")]


def test_another_issuers_key_fails_the_binding(key):
    other = generate_key_pair("P-256")
    signed = passport.sign(CREDENTIAL | {"issuer": key.controller}, other, suite="ecdsa-sd-2023",
                           allow_other_issuer=True)  # a forgery, as an impostor would make it
    result = passport.verify(derive_proof(signed, selective_pointers=[]))
    assert not result.verified
    assert [(c.name, c.code) for c in result.errors] == [("verification method bound to issuer", "ISSUER_MISMATCH")]


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


def _signature_code(document) -> str | None:
    [signature] = _check(passport.verify(document), "signature")
    return signature.code


def test_each_ecdsa_sd_failure_has_its_own_code(base):
    """Issue 14, point 1: callers branch on which part failed (base/derived, signature, mandatory statements,
    proof options, label map), never on the reason's wording."""
    derived = derive_proof(base, selective_pointers=["/credentialSubject/name"])
    mandatory = copy.deepcopy(derived)
    mandatory["validFrom"] = "2025-01-02T00:00:00Z"  # a mandatory statement: the base signature covers it
    assert _signature_code(mandatory) == "ECDSA_SD_DERIVED_BASE_SIGNATURE"
    options = copy.deepcopy(derived)
    options["proof"]["created"] = "2030-01-01T00:00:00Z"  # a proof option: hashed into the base signature too
    assert _signature_code(options) == "ECDSA_SD_DERIVED_BASE_SIGNATURE"
    garbled = copy.deepcopy(derived)
    garbled["proof"]["proofValue"] = "u2V0BhVhA"
    assert _signature_code(garbled) == "ECDSA_SD_DERIVED_PROOF_VALUE"  # the derived header, then no valid CBOR
    tampered_base = copy.deepcopy(base)
    tampered_base["credentialSubject"]["description"] = "changed after signing"
    assert _signature_code(tampered_base) == "ECDSA_SD_BASE_STATEMENT_SIGNATURE"
