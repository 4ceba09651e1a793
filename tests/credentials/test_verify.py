"""The verifier: a round trip per key type, and a negative test for every MUST (each names its check)."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

import pytest

from passport.credentials import Check, VerificationResult, sign, verify
from passport.credentials import result as r
from passport.dids import VerificationMethod, build_document
from passport.errors import ProofError
from passport.jsonld import DocumentLoader
from passport.keys import generate_key_pair
from tests.credentials.conftest import NOW, battery_credential, suite_for


def failed(result: VerificationResult) -> set[str]:
    return {c.name for c in result.errors}


def check(result: VerificationResult, name: str) -> Check:
    found = [c for c in result.checks if c.name == name]
    assert len(found) == 1, (name, result.checks)
    return found[0]


# -- round trips ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suite_kind", ["rdfc", "jcs"])
def test_a_credential_signed_by_its_issuer_verifies(key, loader, suite_kind):
    suite = suite_for(key) if suite_kind == "rdfc" else \
        ("eddsa-jcs-2022" if key.algorithm == "Ed25519" else "ecdsa-jcs-2019")
    signed = sign(battery_credential(key.controller), key, suite=suite, loader=loader)
    result = verify(signed, loader=loader, now=NOW)
    assert result.verified, result.summary()
    assert result.errors == []
    assert result.proofs[0].cryptosuite == suite and result.proofs[0].verified
    assert check(result, r.STATUS).passed is None  # not checked, and that does not fail verification


def test_signing_does_not_modify_the_input(ed_key, loader):
    credential = battery_credential(ed_key.controller)
    before = copy.deepcopy(credential)
    sign(credential, ed_key, loader=loader)
    assert credential == before


def test_the_top_level_api_signs_and_verifies(ed_key, loader):
    import passport

    signed = passport.sign(battery_credential(ed_key.controller), ed_key, suite="eddsa-rdfc-2022", loader=loader)
    result = passport.verify(signed, loader=loader, now=NOW)
    assert isinstance(result, passport.VerificationResult) and result.verified


def test_issuer_as_an_object_with_id_is_bound(ed_key, loader):
    credential = battery_credential(ed_key.controller)
    credential["issuer"] = {"id": ed_key.controller, "name": "Example Cells GmbH"}
    assert verify(sign(credential, ed_key, loader=loader), loader=loader, now=NOW).verified


# -- tampering --------------------------------------------------------------------------------------------------

def _only_signature_fails(result: VerificationResult) -> None:
    assert not result.verified
    assert failed(result) == {r.SIGNATURE}
    assert check(result, r.SIGNATURE).code == "PROOF_VERIFICATION_ERROR"


def test_tampered_value_fails(signed, loader):
    signed["credentialSubject"]["ratedCapacity"] = 76
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


def test_added_claim_fails(signed, loader):
    signed["credentialSubject"]["recycledContent"] = "12 %"
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


def test_reordered_list_fails(signed, loader):
    steps = signed["credentialSubject"]["lifecycleSteps"]["@list"]
    steps[0], steps[1] = steps[1], steps[0]
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


def test_reordered_set_still_verifies(signed, loader):
    """Control for the @list test: a JSON array without @list is an unordered set in RDF."""
    signed["credentialSubject"]["cellChemistry"].reverse()
    assert verify(signed, loader=loader, now=NOW).verified


def test_swapped_key_fails(signed, loader):
    other = generate_key_pair("Ed25519")
    signed["proof"]["verificationMethod"] = other.id
    signed["issuer"] = other.controller  # even an attacker who also rewrites the issuer
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


def test_changed_context_fails(signed, loader, vectors_dir):
    """Same JSON, another vocabulary: every claim means something else, so the signature must fail."""
    other = "https://contexts.example/other/v1"
    loader = DocumentLoader(extra={**{u: loader.document(u) for u in loader.urls if "example" in u or "citizen" in u},
                                   other: {"@context": {"@vocab": "https://vocab.example/other#"}}})
    signed["@context"][1] = other
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


@pytest.mark.parametrize("field", ["type", "cryptosuite", "verificationMethod", "proofPurpose", "proofValue"])
def test_dropped_proof_field_fails(signed, loader, field):
    del signed["proof"][field]
    result = verify(signed, loader=loader, now=NOW)
    assert not result.verified
    fields = check(result, r.PROOF_FIELDS)
    assert fields.passed is False and field in fields.reason and fields.proof == 0
    assert r.SIGNATURE not in {c.name for c in result.checks}  # nothing is verified from a malformed proof


def test_wrong_cryptosuite_for_the_key_fails(signed, loader):
    signed["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    result = verify(signed, loader=loader, now=NOW)
    assert failed(result) == {r.VERIFICATION_METHOD}
    assert "Ed25519 key cannot verify a ecdsa-rdfc-2019 proof" in check(result, r.VERIFICATION_METHOD).reason


def test_other_cryptosuite_for_the_same_key_fails(signed, loader):
    signed["proof"]["cryptosuite"] = "eddsa-jcs-2022"
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


def test_unknown_cryptosuite_fails(signed, loader):
    signed["proof"]["cryptosuite"] = "rot13-2024"
    result = verify(signed, loader=loader, now=NOW)
    assert failed(result) == {r.CRYPTOSUITE}


@pytest.mark.parametrize("proof_type, cryptosuite", [("RsaSignature2018", None),
                                                      ("DataIntegrityProof", "Ed25519Signature2020")])
def test_unsupported_proof_type_fails(signed, loader, proof_type, cryptosuite):
    signed["proof"]["type"] = proof_type
    signed["proof"]["cryptosuite"] = cryptosuite
    if cryptosuite is None:
        del signed["proof"]["cryptosuite"]
    assert failed(verify(signed, loader=loader, now=NOW)) == {r.CRYPTOSUITE}


def test_relabelling_a_proof_as_the_legacy_suite_fails(signed, loader):
    signed["proof"]["type"] = "Ed25519Signature2020"
    result = verify(signed, loader=loader, now=NOW)
    assert check(result, r.CRYPTOSUITE).passed and not result.verified


@pytest.mark.parametrize(("value", "expected"), [
    ("u" + "A" * 86, {(r.PROOF_VALUE, "MALFORMED_PROOF_ERROR")}),
    ("m" + "A" * 86, {(r.PROOF_VALUE, "MALFORMED_PROOF_ERROR")}),
    ("", {(r.PROOF_FIELDS, "PROOF_VERIFICATION_ERROR")}),   # empty or not a string: no proofValue at all
    ("z0OIl", {(r.PROOF_VALUE, "MALFORMED_PROOF_ERROR")}),
    (42, {(r.PROOF_FIELDS, "PROOF_VERIFICATION_ERROR")}),
])
def test_bad_multibase_proof_value_fails(signed, loader, value, expected):
    signed["proof"]["proofValue"] = value
    result = verify(signed, loader=loader, now=NOW)
    assert not result.verified
    assert {(c.name, c.code) for c in result.errors} == expected


def test_bad_multibase_prefix_is_a_malformed_proof(signed, loader):
    signed["proof"]["proofValue"] = "u" + signed["proof"]["proofValue"][1:]
    assert check(verify(signed, loader=loader, now=NOW), r.PROOF_VALUE).code == "MALFORMED_PROOF_ERROR"


def test_truncated_signature_fails(signed, loader):
    from passport.keys import multibase

    signed["proof"]["proofValue"] = multibase.encode(multibase.decode(signed["proof"]["proofValue"])[:63])
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


# -- validity, issuer, purpose, contexts -----------------------------------------------------------------------

def test_expired_credential_fails(signed, loader):
    result = verify(signed, loader=loader, now=datetime(2034, 1, 1, 0, 0, 1, tzinfo=timezone.utc))
    assert failed(result) == {r.VALIDITY_PERIOD} and check(result, r.VALIDITY_PERIOD).code == "EXPIRED"
    assert check(result, r.SIGNATURE).passed


def test_not_yet_valid_credential_fails(signed, loader):
    result = verify(signed, loader=loader, now=datetime(2023, 12, 31, 23, 59, tzinfo=timezone.utc))
    assert failed(result) == {r.VALIDITY_PERIOD} and check(result, r.VALIDITY_PERIOD).code == "NOT_YET_VALID"


def test_malformed_valid_from_fails(ed_key, loader):
    credential = battery_credential(ed_key.controller)
    credential["validFrom"] = "2024-01-01"  # a date, not a dateTimeStamp
    result = verify(sign(credential, ed_key, loader=loader), loader=loader, now=NOW)
    assert r.VALIDITY_PERIOD in failed(result)


def test_unknown_context_fails(signed, loader):
    signed["@context"].append("https://contexts.example/unknown/v1")
    result = verify(signed, loader=loader, now=NOW)
    assert check(result, r.CONTEXT_ALLOWED).passed is False
    assert "https://contexts.example/unknown/v1" in check(result, r.CONTEXT_ALLOWED).reason
    assert check(result, r.SIGNATURE).passed is False  # and nothing is fetched to find out what it means


def test_allowed_contexts_narrow_the_allow_list(signed, loader):
    result = verify(signed, loader=loader, now=NOW, allowed_contexts={"https://www.w3.org/ns/credentials/v2"})
    assert failed(result) == {r.CONTEXT_ALLOWED}


def test_embedded_context_is_not_allowed(signed, loader):
    signed["credentialSubject"]["@context"] = {"note": "https://vocab.example/note"}
    assert r.CONTEXT_ALLOWED in failed(verify(signed, loader=loader, now=NOW))


def test_issuer_not_controlling_the_key_fails(ed_key, loader):
    credential = battery_credential("did:web:someone-else.example")
    result = verify(sign(credential, ed_key, loader=loader, allow_other_issuer=True), loader=loader, now=NOW)
    assert failed(result) == {r.ISSUER_BINDING}
    assert "did:web:someone-else.example" in check(result, r.ISSUER_BINDING).reason


def test_unexpected_proof_purpose_fails(ed_key, loader):
    signed = sign(battery_credential(ed_key.controller), ed_key, proof_purpose="authentication", loader=loader)
    result = verify(signed, loader=loader, now=NOW)
    assert failed(result) == {r.PROOF_PURPOSE}
    assert check(result, r.PROOF_PURPOSE).code == "MISMATCHED_PROOF_PURPOSE_ERROR"
    assert verify(signed, loader=loader, now=NOW, expected_proof_purpose="authentication").verified


def _did_web(did: str, key, relationships: frozenset[str]) -> dict[str, Any]:
    method = VerificationMethod(id=key.id, type="Multikey", controller=did,
                                public_key_multibase=key.public_key_multibase, relationships=relationships)
    return build_document(did, [method])


def test_did_web_issuer_resolves_from_an_injected_cache(loader):
    did = "did:web:issuer.example"
    key = generate_key_pair("P-256", controller=did)
    signed = sign(battery_credential(did), key, suite="ecdsa-rdfc-2019", loader=loader)
    cache = {did: _did_web(did, key, frozenset({"assertionMethod", "authentication"}))}
    assert verify(signed, loader=loader, now=NOW, resolver=cache).verified
    unresolved = verify(signed, loader=loader, now=NOW)  # no cache: did:web is never fetched
    assert failed(unresolved) == {r.VERIFICATION_METHOD}


def test_key_not_authorised_for_assertion_fails(loader):
    did = "did:web:issuer.example"
    key = generate_key_pair("Ed25519", controller=did)
    signed = sign(battery_credential(did), key, loader=loader)
    cache = {did: _did_web(did, key, frozenset({"authentication"}))}  # e.g. a retired key
    result = verify(signed, loader=loader, now=NOW, resolver=cache)
    assert failed(result) == {r.PROOF_PURPOSE}
    assert "not authorised" in check(result, r.PROOF_PURPOSE).reason


def test_a_resolver_that_raises_is_a_failed_check(signed, loader):
    def broken(vm_id: str):
        raise RuntimeError("database down")

    result = verify(signed, loader=loader, now=NOW, resolver=broken)
    assert failed(result) == {r.VERIFICATION_METHOD}


def test_expired_proof_fails(ed_key, loader):
    signed = sign(battery_credential(ed_key.controller), ed_key, loader=loader)
    signed["proof"]["expires"] = "2024-05-01T00:00:00Z"
    result = verify(signed, loader=loader, now=NOW)
    assert r.CREATED in failed(result)


# -- envelope, terms, garbage ----------------------------------------------------------------------------------

@pytest.mark.parametrize("mutation, words", [
    (lambda c: c.pop("credentialSubject"), "credentialSubject"),
    (lambda c: c.__setitem__("type", ["BatteryPassportCredential"]), "VerifiableCredential"),
    (lambda c: c.pop("issuer"), "issuer"),
    (lambda c: c["@context"].reverse(), "first @context"),
])
def test_envelope_rules(ed_key, loader, mutation, words):
    credential = battery_credential(ed_key.controller)
    mutation(credential)
    signed = sign(credential, ed_key, loader=loader)
    result = verify(signed, loader=loader, now=NOW)
    assert check(result, r.ENVELOPE).passed is False and words in check(result, r.ENVELOPE).reason
    assert check(result, r.SIGNATURE).passed  # the proof itself is fine; the credential is not a VC 2.0


def test_undefined_term_fails(ed_key, loader):
    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                  "issuer": ed_key.controller, "credentialSubject": {"id": "did:example:subject"}}
    signed = sign(credential, ed_key, loader=loader)
    assert verify(signed, loader=loader, now=NOW).verified
    signed["credentialSubject"]["stateOfHealth"] = "98 %"  # no context defines it: JSON-LD would drop it
    result = verify(signed, loader=loader, now=NOW)
    terms = check(result, r.UNDEFINED_TERMS)
    assert terms.passed is False and terms.code == "UNDEFINED_TERM"
    assert terms.reason.startswith("/credentialSubject/stateOfHealth is not defined")
    assert check(result, r.SIGNATURE).passed is False


def test_no_proof_fails(ed_key, loader):
    result = verify(battery_credential(ed_key.controller), loader=loader, now=NOW)
    assert failed(result) == {r.PROOF_PRESENT} and not result.verified


NOT_A_CREDENTIAL = {(r.ENVELOPE, "PARSING_ERROR")}
EMPTY_OBJECT = {(r.CONTEXT_ALLOWED, "INVALID_CONTEXT"), (r.ENVELOPE, "MALFORMED_CREDENTIAL")}


@pytest.mark.parametrize(("garbage", "expected"), [
    (None, NOT_A_CREDENTIAL), (42, NOT_A_CREDENTIAL), ("not a credential", NOT_A_CREDENTIAL), ([], NOT_A_CREDENTIAL),
    (b"\xff\xfe", NOT_A_CREDENTIAL),
    ({}, EMPTY_OBJECT | {(r.PROOF_PRESENT, "PROOF_VERIFICATION_ERROR")}),
    ({"proof": "x"}, EMPTY_OBJECT | {(r.PROOF_FIELDS, "PARSING_ERROR")}),
    ({"proof": [1, None]}, EMPTY_OBJECT | {(r.PROOF_FIELDS, "PARSING_ERROR")}),
    ({"@context": 5, "proof": {"type": 1}}, EMPTY_OBJECT | {(r.PROOF_FIELDS, "PROOF_VERIFICATION_ERROR"),
                                                           (r.UNDEFINED_TERMS, "INVALID_LOCAL_CONTEXT")}),
])
def test_garbage_never_raises_and_names_the_failed_checks(garbage, expected, loader):
    result = verify(garbage, loader=loader, now=NOW)
    assert result.verified is False
    assert {(c.name, c.code) for c in result.errors} == expected


def test_status_checker_is_pluggable(signed, loader):
    def revoked(credential, *, now, status_lists=None):
        return Check(name=r.STATUS, passed=False, reason="revoked", code="CREDENTIAL_REVOKED")

    def crashing(credential, *, now, status_lists=None):
        raise ValueError("boom")

    assert failed(verify(signed, loader=loader, now=NOW, status_checker=revoked)) == {r.STATUS}
    crashed = verify(signed, loader=loader, now=NOW, status_checker=crashing)
    assert failed(crashed) == {r.STATUS} and check(crashed, r.STATUS).code == "STATUS_CHECK_FAILED"


def test_result_serializes_with_its_errors(signed, loader):
    signed["credentialSubject"]["ratedCapacity"] = 1
    data = json.loads(verify(signed, loader=loader, now=NOW).model_dump_json())
    assert data["verified"] is False
    assert [e["name"] for e in data["errors"]] == [r.SIGNATURE]
    assert data["proofs"][0]["checks"][-1]["name"] == r.SIGNATURE


def test_jcs_proof_context_must_be_a_prefix_of_the_document_context(ed_key, loader):
    signed = sign(battery_credential(ed_key.controller), ed_key, suite="eddsa-jcs-2022", loader=loader)
    signed["proof"]["@context"] = ["https://www.w3.org/ns/credentials/examples/v2"]
    result = verify(signed, loader=loader, now=NOW)
    assert failed(result) == {r.SIGNATURE} and "prefix" in check(result, r.SIGNATURE).reason


def test_jcs_tampered_value_fails(ed_key, loader):
    signed = sign(battery_credential(ed_key.controller), ed_key, suite="eddsa-jcs-2022", loader=loader)
    signed["credentialSubject"]["ratedCapacity"] = 76.0 + 1
    _only_signature_fails(verify(signed, loader=loader, now=NOW))


def test_domain_and_challenge_must_match_when_expected(ed_key, loader):
    signed = sign(battery_credential(ed_key.controller), ed_key, domain="verifier.example", challenge="n-0S6_WzA2Mj",
                  loader=loader)
    assert signed["proof"]["domain"] == "verifier.example"
    assert verify(signed, loader=loader, now=NOW, domain="verifier.example", challenge="n-0S6_WzA2Mj").verified
    assert verify(signed, loader=loader, now=NOW).verified  # a verifier that expects none ignores them
    wrong = verify(signed, loader=loader, now=NOW, domain="other.example", challenge="replayed")
    assert {(c.name, c.code) for c in wrong.errors} == {(r.DOMAIN, "INVALID_DOMAIN_ERROR"),
                                                        (r.CHALLENGE, "INVALID_CHALLENGE_ERROR")}
    signed["proof"]["challenge"] = "n-0S6_WzA2Mk"  # and both are signed
    assert check(verify(signed, loader=loader, now=NOW), r.SIGNATURE).passed is False


def test_verifying_does_not_modify_the_input(signed, loader):
    before = copy.deepcopy(signed)
    verify(signed, loader=loader, now=NOW)
    assert signed == before


def test_the_package_door_is_sorted_and_importable():
    import passport.credentials as credentials

    assert list(credentials.__all__) == sorted(credentials.__all__)
    assert all(hasattr(credentials, name) for name in credentials.__all__)
    assert not [name for name in credentials.__all__ if name.startswith("_")]


def test_signing_refuses_an_issuer_the_key_does_not_speak_for(ed_key, loader):
    """Issue 14, point 8: signing refuses what verification would refuse, naming both; or takes the key's DID."""
    credential = battery_credential("did:web:someone-else.example")
    with pytest.raises(ProofError) as raised:
        sign(credential, ed_key, loader=loader)
    assert raised.value.code == "ISSUER_MISMATCH"
    assert raised.value.details == {"pointer": "/issuer", "issuer": "did:web:someone-else.example",
                                    "controller": ed_key.controller}
    signed = sign(credential, ed_key, loader=loader, issuer_from_key=True)
    assert signed["issuer"] == ed_key.controller and verify(signed, loader=loader, now=NOW).verified
