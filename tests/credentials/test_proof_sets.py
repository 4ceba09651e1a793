"""Proof sets and previousProof chains (VC Data Integrity 1.0 §4.3, §4.5) against the W3C vectors."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import passport.credentials._canonize
import passport.jsonld
from passport.credentials import CRYPTOSUITES, DataIntegrityProof, sign, verify
from passport.credentials import result as r
from passport.errors import ProofError
from passport.jsonld import canonicalize
from passport.keys import KeyPair
from tests.credentials.conftest import NOW, read_json

SET_1 = "urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544"
SET_2 = "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54"
CHAIN_1 = "urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23"


@pytest.fixture(scope="module")
def chain_dir(eddsa_dir: Path) -> Path:
    return eddsa_dir / "proof-set-chain"


def _keys(chain_dir: Path) -> list[KeyPair]:
    pairs = read_json(chain_dir / "multiKeyPairs.json")
    return [KeyPair.from_multibase(pairs[f"keyPair{i}"]["privateKeyMultibase"],
                                   public_key_multibase=pairs[f"keyPair{i}"]["publicKeyMultibase"])
            for i in range(1, 5)]


def test_building_the_set_and_the_chain_reproduces_every_vector(chain_dir: Path, loader):
    k1, k2, k3, k4 = _keys(chain_dir)
    doc = read_json(chain_dir / "unsigned.json")
    doc = sign(doc, k1, proof_id=SET_1, created="2023-02-24T23:36:38Z", loader=loader,
               allow_other_issuer=True)  # the vectors' issuer is not the keys' DID
    assert doc == read_json(chain_dir / "signedProofSet1.json")
    doc = sign(doc, k2, proof_id=SET_2, created="2023-02-24T23:36:38Z", loader=loader,
               allow_other_issuer=True)  # the vectors' issuer is not the keys' DID
    assert doc == read_json(chain_dir / "signedProofSet2.json")
    doc = sign(doc, k3, proof_id=CHAIN_1, previous_proof=[SET_1, SET_2], created="2023-02-26T22:06:38Z",
               loader=loader, allow_other_issuer=True)
    assert doc == read_json(chain_dir / "signedProofChain1.json")
    doc = sign(doc, k4, previous_proof=CHAIN_1, created="2023-02-26T22:16:38Z", loader=loader,
               allow_other_issuer=True)  # the vectors' issuer is not the keys' DID
    assert doc == read_json(chain_dir / "signedProofChain2.json")


@pytest.mark.parametrize("previous, temp_doc", [([SET_1, SET_2], "proofChainTempDoc1.json"),
                                                (CHAIN_1, "proofChainTempDoc2.json")])
def test_a_chained_proof_signs_the_document_with_the_proofs_it_names(chain_dir: Path, loader, previous, temp_doc):
    machine = DataIntegrityProof(read_json(chain_dir / "signedProofChain2.json"), loader=loader)
    canonical, _ = machine.document(CRYPTOSUITES["eddsa-rdfc-2022"], {"previousProof": previous}, "Ed25519")
    assert canonical.decode() == canonicalize(read_json(chain_dir / temp_doc), loader=loader)


@pytest.mark.parametrize("name, proofs", [("signedProofSet1.json", 1), ("signedProofSet2.json", 2),
                                          ("signedProofChain1.json", 3), ("signedProofChain2.json", 4)])
def test_every_proof_of_the_vectors_verifies(chain_dir: Path, loader, name, proofs):
    result = verify(read_json(chain_dir / name), loader=loader, now=NOW)
    assert len(result.proofs) == proofs
    assert [c.passed for c in result.checks if c.name == r.SIGNATURE] == [True] * proofs
    assert {c.name for c in result.errors} == {r.ISSUER_BINDING}  # https://vc.example issuer, did:key signers


def test_a_proof_set_canonicalizes_the_document_once(chain_dir: Path, loader, monkeypatch):
    calls = []
    real = passport.jsonld.canonicalize

    def counting(document, **options):
        calls.append("proof" if "proofPurpose" in document else "document")
        return real(document, **options)

    monkeypatch.setattr(passport.credentials._canonize, "canonicalize", counting)  # where the suites look it up
    verify(read_json(chain_dir / "signedProofSet2.json"), loader=loader, now=NOW)
    assert sorted(calls) == ["document", "proof", "proof"]


def test_previous_proof_pointing_at_a_missing_proof_fails(chain_dir: Path, loader):
    doc = read_json(chain_dir / "signedProofChain2.json")
    del doc["proof"][2]  # the proof the last one chains to
    result = verify(doc, loader=loader, now=NOW)
    failed = [c for c in result.errors if c.name == r.PREVIOUS_PROOF]
    assert [c.proof for c in failed] == [2] and failed[0].code == "PROOF_VERIFICATION_ERROR"
    assert CHAIN_1 in failed[0].reason
    assert not result.proofs[2].verified


def test_tampering_an_earlier_proof_breaks_the_proof_that_chains_to_it(chain_dir: Path, loader):
    doc = read_json(chain_dir / "signedProofChain1.json")
    doc["proof"][0]["created"] = "2023-02-25T23:36:38Z"
    result = verify(doc, loader=loader, now=NOW)
    broken = sorted(c.proof for c in result.errors if c.name == r.SIGNATURE)
    assert broken == [0, 2]  # proof 1 does not cover proof 0; the chained proof 2 does


def test_removing_a_proof_from_a_set_leaves_the_others_valid(chain_dir: Path, loader):
    doc = read_json(chain_dir / "signedProofSet2.json")
    doc["proof"] = doc["proof"][1]
    result = verify(doc, loader=loader, now=NOW)
    assert [c.passed for c in result.checks if c.name == r.SIGNATURE] == [True]


def test_signing_with_an_unknown_previous_proof_raises(chain_dir: Path, loader):
    k1 = _keys(chain_dir)[0]
    doc = read_json(chain_dir / "signedProofSet1.json")
    with pytest.raises(ProofError) as info:
        sign(copy.deepcopy(doc), k1, previous_proof="urn:uuid:not-there", loader=loader, allow_other_issuer=True)
    assert info.value.code == "PROOF_GENERATION_ERROR"
    assert info.value.details["field"] == "previousProof"
