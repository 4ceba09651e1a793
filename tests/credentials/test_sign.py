"""Issuing raises ProofError with a stable code and a location; it never signs less than the reader sees."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from passport.credentials import CRYPTOSUITES, get_cryptosuite, sign
from passport.errors import ProofError
from passport.keys import generate_key_pair
from tests.credentials.conftest import battery_credential


def test_the_suites_are_the_spec_names():
    assert set(CRYPTOSUITES) == {"eddsa-rdfc-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023", "eddsa-jcs-2022",
                                 "ecdsa-jcs-2019", "Ed25519Signature2020"}
    assert [s.name for s in CRYPTOSUITES.values() if s.legacy] == ["Ed25519Signature2020"]
    assert get_cryptosuite("ecdsa-rdfc-2019").hash_algorithm("P-384") == "sha384"
    assert get_cryptosuite("ecdsa-rdfc-2019").hash_algorithm("P-256") == "sha256"


def test_unknown_suite_raises(ed_key, loader):
    with pytest.raises(ProofError) as info:
        sign(battery_credential(ed_key.controller), ed_key, suite="rot13-2024", loader=loader)
    assert info.value.code == "UNSUPPORTED_CRYPTOSUITE" and info.value.details["cryptosuite"] == "rot13-2024"


@pytest.mark.parametrize("algorithm, suite", [("Ed25519", "ecdsa-rdfc-2019"), ("P-256", "eddsa-rdfc-2022"),
                                              ("P-384", "eddsa-jcs-2022")])
def test_key_of_the_wrong_algorithm_raises(loader, algorithm, suite):
    key = generate_key_pair(algorithm)
    with pytest.raises(ProofError) as info:
        sign(battery_credential(key.controller), key, suite=suite, loader=loader)
    assert info.value.code == "PROOF_GENERATION_ERROR" and info.value.details["algorithm"] == algorithm


def test_undefined_term_raises_with_its_pointer(ed_key, loader):
    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                  "issuer": ed_key.controller, "credentialSubject": {"id": "did:example:s", "stateOfHealth": 98}}
    with pytest.raises(ProofError) as info:
        sign(credential, ed_key, loader=loader)
    assert info.value.code == "PROOF_GENERATION_ERROR"
    assert info.value.details["cause"] == "UNDEFINED_TERM"
    assert info.value.details["pointer"] == "/credentialSubject/stateOfHealth"


def test_unknown_context_raises(ed_key, loader):
    credential = battery_credential(ed_key.controller)
    credential["@context"].append("https://contexts.example/unknown/v1")
    with pytest.raises(ProofError) as info:
        sign(credential, ed_key, loader=loader)
    assert info.value.details["cause"] == "LOADING_DOCUMENT_FAILED"


@pytest.mark.parametrize("created", ["yesterday", "2024-01-01", "2024-13-01T00:00:00Z"])
def test_invalid_created_raises(ed_key, loader, created):
    with pytest.raises(ProofError) as info:
        sign(battery_credential(ed_key.controller), ed_key, created=created, loader=loader)
    assert info.value.details["field"] == "created"


def test_created_is_utc_to_the_second(ed_key, loader):
    moment = datetime(2024, 3, 1, 12, 30, 15, 999999, tzinfo=timezone.utc)
    signed = sign(battery_credential(ed_key.controller), ed_key, created=moment, loader=loader)
    assert signed["proof"]["created"] == "2024-03-01T12:30:15Z"


def test_not_a_credential_raises(ed_key, loader):
    with pytest.raises(ProofError):
        sign(["not", "an", "object"], ed_key, loader=loader)  # type: ignore[arg-type]


def test_a_signer_without_an_id_raises(loader):
    class Anonymous:
        algorithm = "Ed25519"
        controller = "did:example:x"

        def sign(self, data: bytes) -> bytes:
            return b"\0" * 64

    with pytest.raises(ProofError) as info:
        sign(battery_credential("did:example:x"), Anonymous(), loader=loader)
    assert info.value.details["field"] == "id"


def test_the_proof_has_the_spec_fields_in_order(ed_key, loader):
    signed = sign(battery_credential(ed_key.controller), ed_key, created="2024-02-01T00:00:00Z", loader=loader)
    assert list(signed["proof"]) == ["type", "cryptosuite", "created", "verificationMethod", "proofPurpose",
                                     "proofValue"]
    assert signed["proof"]["verificationMethod"] == ed_key.id and signed["proof"]["proofValue"].startswith("z")


def test_jcs_proofs_carry_the_document_context(ed_key, loader):
    credential = battery_credential(ed_key.controller)
    signed = sign(credential, ed_key, suite="eddsa-jcs-2022", loader=loader)
    assert signed["proof"]["@context"] == credential["@context"]


@pytest.mark.parametrize(("value", "pointer"), [(1e-7, "/credentialSubject/massFraction"),
                                                (-3e-9, "/credentialSubject/massFraction"),
                                                (2**53 + 1, "/credentialSubject/massFraction")])
def test_numbers_processors_disagree_on_are_refused(ed_key, loader, value, pointer):
    credential = battery_credential(ed_key.controller)
    credential["@context"] = credential["@context"] + [{"massFraction": "https://example.org/vocab#massFraction"}]
    credential["credentialSubject"]["massFraction"] = value
    with pytest.raises(ProofError) as info:
        sign(credential, ed_key, loader=loader)
    assert info.value.code == "LOSSY_NUMBER" and info.value.details["pointer"] == pointer


@pytest.mark.parametrize("value", [1.5e-7, 0.088, 5.0, 1e21, 2**53 - 1, 0.0])
def test_numbers_that_round_trip_are_signed(ed_key, loader, value):
    credential = battery_credential(ed_key.controller)
    credential["@context"] = credential["@context"] + [{"massFraction": "https://example.org/vocab#massFraction"}]
    credential["credentialSubject"]["massFraction"] = value
    assert sign(credential, ed_key, loader=loader)["proof"]["proofValue"]
