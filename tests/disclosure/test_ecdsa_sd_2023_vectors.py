"""ecdsa-sd-2023 against the W3C vectors: every intermediate value, the base proof value, the derived proof byte for byte."""

from __future__ import annotations

import copy

from passport.disclosure.ecdsa_sd_2023 import create_base_proof, derive_proof, verify_base_proof, verify_derived_proof
from passport.disclosure.ecdsa_sd_2023._hashing import mandatory_hash, proof_hash
from passport.disclosure.ecdsa_sd_2023.proof_value import parse_base, parse_derived, serialize_base, serialize_derived
from passport.disclosure.groups import canonicalize_and_group, hmac_label_map_factory
from passport.keys import KeyPair, multibase


def _map(value: dict) -> dict:
    assert value["dataType"] == "Map"
    return {k: v for k, v in value["value"]}


def test_hmac_relabelled_canonical_form_matches(sd_case, test_loader):
    hmac_key = bytes.fromhex(sd_case.keys["hmacKeyString"])
    grouped = canonicalize_and_group(sd_case.unsigned, hmac_label_map_factory(hmac_key),
                                     {"mandatory": sd_case.mandatory_pointers}, loader=test_loader)
    assert grouped.nquads == sd_case.json("addBaseDocHMACCanon.json")
    transform = sd_case.json("addBaseTransform.json")
    assert grouped.groups["mandatory"].matching == _map(transform["mandatory"])
    assert grouped.groups["mandatory"].non_matching == _map(transform["nonMandatory"])


def test_proof_and_mandatory_hashes_match(sd_case, test_loader):
    hashes = sd_case.json("addHashData.json")
    config = sd_case.json("addProofConfig.json")
    proof = {k: v for k, v in config.items() if k != "@context"}
    assert proof_hash(proof, sd_case.unsigned, loader=test_loader).hex() == hashes["proofHash"]
    mandatory = list(_map(sd_case.json("addBaseTransform.json")["mandatory"]).values())
    assert mandatory_hash(mandatory).hex() == hashes["mandatoryHash"]


def test_base_proof_value_round_trips_byte_for_byte(sd_case):
    proof_value = sd_case.signed_base["proof"]["proofValue"]
    base = parse_base(proof_value)
    raw = sd_case.json("addRawBaseSignatureInfo.json")
    assert base.base_signature.hex() == raw["baseSignature"]
    assert [s.hex() for s in base.signatures] == raw["signatures"]
    assert multibase.encode(base.public_key) == sd_case.keys["proofKeyPair"]["publicKeyMultibase"]
    assert base.hmac_key.hex() == sd_case.keys["hmacKeyString"].lower()
    assert base.mandatory_pointers == sd_case.mandatory_pointers
    assert serialize_base(base) == proof_value


def test_vector_base_proof_verifies(sd_case, test_loader):
    result = verify_base_proof(sd_case.signed_base, sd_case.issuer_public_key, loader=test_loader)
    assert result.verified, result.reason


def test_derivation_reproduces_the_vector_byte_for_byte(sd_case, test_loader):
    derived = derive_proof(sd_case.signed_base, selective_pointers=sd_case.selective_pointers, loader=test_loader)
    expected = sd_case.json("derivedRevealDocument.json")
    assert derived == expected
    parsed = parse_derived(expected["proof"]["proofValue"])
    disclosure = sd_case.json("derivedDisclosureData.json")
    assert _map(disclosure["labelMap"]) == parsed.label_map
    assert parsed.mandatory_indexes == disclosure["mandatoryIndexes"]
    assert serialize_derived(parsed) == expected["proof"]["proofValue"]


def test_vector_derived_proof_verifies(sd_case, test_loader):
    result = verify_derived_proof(sd_case.json("derivedRevealDocument.json"), sd_case.issuer_public_key, loader=test_loader)
    assert result.verified, result.reason


def test_our_base_proof_matches_the_vector_up_to_ecdsa_randomness(sd_case, test_loader):
    """With the vector's HMAC and proof keys, everything but the (randomised) ECDSA signatures is the vector's."""
    issuer = KeyPair.from_multibase(sd_case.keys["baseKeyPair"]["secretKeyMultibase"],
                                    public_key_multibase=sd_case.issuer_public_key)
    vector_proof = sd_case.signed_base["proof"]
    issuer = issuer.with_controller(vector_proof["verificationMethod"].split("#")[0], id=vector_proof["verificationMethod"])
    proof_key = KeyPair.from_multibase(sd_case.keys["proofKeyPair"]["secretKeyMultibase"])
    signed = create_base_proof(sd_case.unsigned, issuer, mandatory_pointers=sd_case.mandatory_pointers,
                               created=vector_proof["created"], loader=test_loader,
                               hmac_key=bytes.fromhex(sd_case.keys["hmacKeyString"]), proof_key=proof_key)
    ours, theirs = parse_base(signed["proof"]["proofValue"]), parse_base(vector_proof["proofValue"])
    assert (ours.public_key, ours.hmac_key, ours.mandatory_pointers) == (theirs.public_key, theirs.hmac_key,
                                                                         theirs.mandatory_pointers)
    assert len(ours.signatures) == len(theirs.signatures)
    assert {k: v for k, v in signed["proof"].items() if k != "proofValue"} == {
        k: v for k, v in vector_proof.items() if k != "proofValue"}
    assert verify_base_proof(signed, sd_case.issuer_public_key, loader=test_loader).verified
    derived = derive_proof(signed, selective_pointers=sd_case.selective_pointers, loader=test_loader)
    assert verify_derived_proof(derived, sd_case.issuer_public_key, loader=test_loader).verified
    expected = sd_case.json("derivedRevealDocument.json")
    assert {k: v for k, v in derived.items() if k != "proof"} == {k: v for k, v in expected.items() if k != "proof"}


def test_derived_proof_for_another_selection_verifies(sd_case, test_loader):
    derived = derive_proof(sd_case.signed_base, selective_pointers=["/credentialSubject/familyName"], loader=test_loader)
    assert "birthCountry" not in derived["credentialSubject"]
    assert derived["credentialSubject"]["familyName"] == sd_case.unsigned["credentialSubject"]["familyName"]
    assert verify_derived_proof(derived, sd_case.issuer_public_key, loader=test_loader).verified


def test_tampering_breaks_the_derived_proof_at_the_step_it_touches(sd_case, test_loader):
    good = sd_case.json("derivedRevealDocument.json")
    key = sd_case.issuer_public_key

    def fails(mutate, code: str) -> None:
        doc = copy.deepcopy(good)
        mutate(doc)
        result = verify_derived_proof(doc, key, loader=test_loader)
        assert not result.verified
        assert result.code == code, result.reason

    fails(lambda d: d["credentialSubject"].__setitem__("birthCountry", "Utopia"), "STATEMENT_SIGNATURE")  # revealed
    fails(lambda d: d.pop("validUntil"), "BASE_SIGNATURE")                       # dropped a mandatory statement
    fails(lambda d: d["credentialSubject"].__setitem__("givenName", "EVE"), "BASE_SIGNATURE")  # added: indexes shift
    fails(lambda d: d["issuer"].__setitem__("id", "did:example:evil"), "BASE_SIGNATURE")  # changed a mandatory one
    fails(lambda d: d["proof"].__setitem__("created", "2020-01-01T00:00:00Z"), "BASE_SIGNATURE")  # proof options
    fails(lambda d: d["proof"].__setitem__("proofValue", d["proof"]["proofValue"][:-4]), "PROOF_VALUE")  # truncated
    fails(lambda d: d["proof"].__setitem__("proofValue", sd_case.signed_base["proof"]["proofValue"]),
          "PROOF_VALUE")                                                                # a base proof, not derived
    wrong_key = sd_case.keys["proofKeyPair"]["publicKeyMultibase"]
    assert verify_derived_proof(good, wrong_key, loader=test_loader).code == "BASE_SIGNATURE"  # someone else's key
