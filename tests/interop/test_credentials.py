"""Data Integrity proofs interoperate with Digital Bazaar's `@digitalbazaar/vc` in both directions.

Ours -> theirs: `passport.sign` with keys from `passport.keys.generate_key_pair` verifies in vc.js (with its
issuer binding on); theirs -> ours: vc.js `issue` with the same kind of key verifies with `passport.verify`.
Each tampering (changed value, swapped key, dropped proof field, changed context) fails on the other side.
Ed25519 is deterministic, so for eddsa-rdfc-2022 both sides must produce the very same proofValue.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import passport
from passport.errors import PassportError
from passport.jsonld import DocumentLoader
from passport.keys import KeyPair, generate_key_pair
from tests.interop.documents import CREATED, EXAMPLES, MEASUREMENTS, NOW, NOW_TEXT, UNDEFINED_TERMS
from tests.interop.peer import JsPeer, JsPeerError

pytestmark = pytest.mark.node

SUITES: dict[str, tuple[str, str]] = {  # id -> (cryptosuite, key algorithm)
    "eddsa-rdfc-2022": ("eddsa-rdfc-2022", "Ed25519"),
    "ecdsa-rdfc-2019-p256": ("ecdsa-rdfc-2019", "P-256"),
    "ecdsa-rdfc-2019-p384": ("ecdsa-rdfc-2019", "P-384"),
}

VECTOR_CREDENTIALS = {
    "alumni": "vc-di-eddsa/TestVectors/unsigned.json",
    "employment": "vc-di-eddsa/TestVectors/employmentAuth.json",
    "resident-card": "vc-di-ecdsa/TestVectors/prCredUnsigned.json",
}

@pytest.fixture(scope="module")
def credentials(vectors_dir: Path) -> dict[str, dict[str, Any]]:
    loaded = {name: json.loads((vectors_dir / path).read_text(encoding="utf-8"))
              for name, path in VECTOR_CREDENTIALS.items()}
    return {**loaded, "measurements": copy.deepcopy(MEASUREMENTS)}


@pytest.fixture(scope="module")
def keys() -> dict[str, KeyPair]:
    return {suite_id: generate_key_pair(algorithm) for suite_id, (_, algorithm) in SUITES.items()}


def _multikey(key: KeyPair) -> dict[str, str]:
    return {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}


def _issued_by(credential: dict[str, Any], key: KeyPair) -> dict[str, Any]:
    """The credential with `key`'s controller as issuer (vc.js binds issuer and key)."""
    issued = copy.deepcopy(credential)
    issuer = issued.get("issuer")
    issued["issuer"] = {**issuer, "id": key.controller} if isinstance(issuer, dict) else key.controller
    return issued


def _proofs(credential: dict[str, Any]) -> list[dict[str, Any]]:
    proof = credential["proof"]
    return proof if isinstance(proof, list) else [proof]


def _first_leaf(node: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The first claim of the subject that is a plain string or number (not `id`/`type`), depth first."""
    for key, value in node.items():
        if key in {"id", "type"}:
            continue
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return node, key
        if isinstance(value, dict):
            return _first_leaf(value)
    raise AssertionError("no claim to tamper with")


def _change_claim(credential: dict[str, Any]) -> None:
    node, key = _first_leaf(credential["credentialSubject"])
    node[key] = node[key] + "x" if isinstance(node[key], str) else node[key] + 1


def _swap_key(credential: dict[str, Any]) -> None:
    proof = _proofs(credential)[-1]
    algorithm = {"z6Mk": "Ed25519", "zDna": "P-256", "z82L": "P-384"}[proof["verificationMethod"][8:12]]
    other = generate_key_pair(algorithm)
    proof["verificationMethod"] = other.id
    issuer = credential["issuer"]  # keep the issuer bound to the (new) key: only the signature is wrong
    credential["issuer"] = {**issuer, "id": other.controller} if isinstance(issuer, dict) else other.controller


def _drop_created(credential: dict[str, Any]) -> None:
    del _proofs(credential)[-1]["created"]


def _change_context(credential: dict[str, Any]) -> None:
    # same JSON, another vocabulary: the last context's terms now mean something else
    contexts = credential["@context"]
    contexts[-1] = EXAMPLES if contexts[-1] == UNDEFINED_TERMS else UNDEFINED_TERMS


TAMPERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "claim-changed": _change_claim,
    "key-swapped": _swap_key,
    "proof-created-dropped": _drop_created,
    "context-changed": _change_context,
}


def _ours(credential: dict[str, Any], key: KeyPair, suite_id: str, loader: DocumentLoader) -> dict[str, Any]:
    return passport.sign(_issued_by(credential, key), key, suite=SUITES[suite_id][0], created=CREATED, loader=loader)


def _theirs(js: JsPeer, credential: dict[str, Any], key: KeyPair, suite_id: str) -> dict[str, Any]:
    return js.sign(_issued_by(credential, key), _multikey(key), suite=SUITES[suite_id][0], created=CREATED)


@pytest.mark.parametrize("suite_id", list(SUITES))
@pytest.mark.parametrize("name", ["alumni", "employment", "resident-card", "measurements"])
def test_our_signature_verifies_in_reference(js: JsPeer, loader: DocumentLoader, credentials: dict[str, Any],
                                             keys: dict[str, KeyPair], name: str, suite_id: str) -> None:
    signed = _ours(credentials[name], keys[suite_id], suite_id, loader)
    result = js.verify(signed, now=NOW_TEXT)
    assert result["verified"], result["errors"]
    assert result["allProofsVerified"]


@pytest.mark.parametrize("tamper", list(TAMPERS))
@pytest.mark.parametrize("suite_id", list(SUITES))
@pytest.mark.parametrize("name", ["employment", "measurements"])
def test_our_tampered_credential_fails_in_reference(js: JsPeer, loader: DocumentLoader, credentials: dict[str, Any],
                                                    keys: dict[str, KeyPair], name: str, suite_id: str,
                                                    tamper: str) -> None:
    signed = _ours(credentials[name], keys[suite_id], suite_id, loader)
    TAMPERS[tamper](signed)
    result = js.verify(signed, now=NOW_TEXT)
    assert not result["verified"]
    assert result["errors"]


@pytest.mark.parametrize("suite_id", list(SUITES))
@pytest.mark.parametrize("name", ["alumni", "employment", "resident-card", "measurements"])
def test_reference_signature_verifies_with_ours(js: JsPeer, loader: DocumentLoader, credentials: dict[str, Any],
                                                keys: dict[str, KeyPair], name: str, suite_id: str) -> None:
    signed = _theirs(js, credentials[name], keys[suite_id], suite_id)
    result = passport.verify(signed, loader=loader, now=NOW)
    assert result.verified, [(check.name, check.reason) for check in result.errors]
    assert [proof.cryptosuite for proof in result.proofs] == [SUITES[suite_id][0]]


@pytest.mark.parametrize("tamper", list(TAMPERS))
@pytest.mark.parametrize("suite_id", list(SUITES))
@pytest.mark.parametrize("name", ["employment", "measurements"])
def test_reference_tampered_credential_fails_with_ours(js: JsPeer, loader: DocumentLoader,
                                                       credentials: dict[str, Any], keys: dict[str, KeyPair],
                                                       name: str, suite_id: str, tamper: str) -> None:
    signed = _theirs(js, credentials[name], keys[suite_id], suite_id)
    TAMPERS[tamper](signed)
    result = passport.verify(signed, loader=loader, now=NOW)
    assert not result.verified
    assert result.errors


@pytest.mark.parametrize("name", ["alumni", "employment", "resident-card", "measurements"])
def test_eddsa_proof_is_identical_to_reference(js: JsPeer, loader: DocumentLoader, credentials: dict[str, Any],
                                               keys: dict[str, KeyPair], name: str) -> None:
    """Same key, same `created`, same canonical bytes: Ed25519 gives the same proofValue on both sides."""
    key = keys["eddsa-rdfc-2022"]
    assert _ours(credentials[name], key, "eddsa-rdfc-2022", loader) == _theirs(js, credentials[name], key,
                                                                                "eddsa-rdfc-2022")


@pytest.mark.parametrize("suite_id", ["ecdsa-rdfc-2019-p256", "ecdsa-rdfc-2019-p384"])
def test_ecdsa_proof_configuration_matches_reference(js: JsPeer, loader: DocumentLoader,
                                                     credentials: dict[str, Any], keys: dict[str, KeyPair],
                                                     suite_id: str) -> None:
    """ECDSA signatures are randomized; everything around them must still be the same."""
    key = keys[suite_id]
    ours = _ours(credentials["measurements"], key, suite_id, loader)
    theirs = _theirs(js, credentials["measurements"], key, suite_id)
    our_proof, their_proof = ours.pop("proof"), theirs.pop("proof")
    assert ours == theirs
    assert our_proof.pop("proofValue")[0] == their_proof.pop("proofValue")[0] == "z"  # base58btc
    assert our_proof == their_proof


def test_our_proof_set_verifies_in_reference(js: JsPeer, loader: DocumentLoader, credentials: dict[str, Any],
                                             keys: dict[str, KeyPair]) -> None:
    ed, p256 = keys["eddsa-rdfc-2022"], keys["ecdsa-rdfc-2019-p256"]
    # vc.js binds the issuer to each key; a proof set by two keys of one issuer needs a DID with both,
    # so the reference is asked for the proofs alone here (no issuer binding)
    once = passport.sign(credentials["measurements"] | {"issuer": ed.controller}, ed, created=CREATED,
                         loader=loader)
    twice = passport.sign(once, p256, suite="ecdsa-rdfc-2019", created=CREATED, loader=loader,
                          allow_other_issuer=True)  # two keys, two did:keys: our verifier would refuse the binding
    result = js.verify(twice, now=NOW_TEXT, issuer_binding=False)
    assert result["allProofsVerified"], result["errors"]
    assert [proof["cryptosuite"] for proof in result["proofs"]] == ["eddsa-rdfc-2022", "ecdsa-rdfc-2019"]


def test_reference_proof_set_verifies_with_ours(js: JsPeer, loader: DocumentLoader, credentials: dict[str, Any],
                                                keys: dict[str, KeyPair]) -> None:
    ed, p256 = keys["eddsa-rdfc-2022"], keys["ecdsa-rdfc-2019-p256"]
    once = js.sign(credentials["measurements"] | {"issuer": ed.controller}, _multikey(ed),
                   suite="eddsa-rdfc-2022", created=CREATED)
    twice = js.sign(once, _multikey(p256), suite="ecdsa-rdfc-2019", created=CREATED)
    assert len(_proofs(twice)) == 2
    result = passport.verify(twice, loader=loader, now=NOW)
    assert [proof.cryptosuite for proof in result.proofs] == ["eddsa-rdfc-2022", "ecdsa-rdfc-2019"]
    signatures = [check for proof in result.proofs for check in proof.checks if check.name == "signature"]
    assert [check.passed for check in signatures] == [True, True]


@pytest.mark.parametrize("direction", ["ours-to-theirs", "theirs-to-ours"])
def test_credential_with_base_direction_verifies_on_the_other_side(js: JsPeer, keys: dict[str, KeyPair],
                                                                   direction: str) -> None:
    """VC Data Model 2.0, "Language and Base Direction": a `name` in Arabic, right to left."""
    key = keys["eddsa-rdfc-2022"]
    credential = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                  "issuer": key.controller, "validFrom": "2025-01-01T00:00:00Z",
                  "name": {"@value": "جواز البطارية", "@language": "ar", "@direction": "rtl"},
                  "credentialSubject": {"id": "https://id.example/01/09506000134352/21/BAT-2024-0001"}}
    if direction == "ours-to-theirs":
        result = js.verify(passport.sign(credential, key, created=CREATED), now=NOW_TEXT)
        assert result["verified"], result["errors"]
    else:
        signed = js.sign(credential, _multikey(key), suite="eddsa-rdfc-2022", created=CREATED)
        verdict = passport.verify(signed, now=NOW)
        assert verdict.verified, [(check.name, check.reason) for check in verdict.errors]


def _smuggling_pair(key: KeyPair) -> tuple[dict[str, Any], dict[str, Any]]:
    """A: one claim whose language tag carries a second statement; B: the same two statements, honestly."""
    term = "https://www.w3.org/ns/credentials/undefined-term#status"
    subject = "https://id.example/01/09506000134352/21/bat-2024-0001"  # lower case: language tags are lowered
    base = copy.deepcopy(MEASUREMENTS) | {"issuer": key.controller}
    signed_claim = {"@value": "in service", "@language": f'en .\n<{subject}> <{term}> "recalled"@en'}
    honest_claims = [{"@value": "in service", "@language": "en"}, {"@value": "recalled", "@language": "en"}]
    smuggling = copy.deepcopy(base)
    smuggling["credentialSubject"] = {"id": subject, "status": signed_claim}
    honest = copy.deepcopy(base)
    honest["credentialSubject"] = {"id": subject, "status": honest_claims}
    return smuggling, honest


def test_reference_refuses_to_sign_a_language_tag_that_smuggles_a_statement(js: JsPeer,
                                                                            keys: dict[str, KeyPair]) -> None:
    key = keys["eddsa-rdfc-2022"]
    smuggling, _ = _smuggling_pair(key)
    with pytest.raises(JsPeerError):
        js.sign(smuggling, _multikey(key), suite="eddsa-rdfc-2022", created=CREATED)


def test_our_signer_refuses_a_language_tag_that_smuggles_a_statement(loader: DocumentLoader,
                                                                     keys: dict[str, KeyPair]) -> None:
    key = keys["eddsa-rdfc-2022"]
    smuggling, _ = _smuggling_pair(key)
    with pytest.raises(PassportError):
        passport.sign(smuggling, key, created=CREATED, loader=loader)


def test_a_signature_does_not_cover_a_document_that_smuggles_its_statements(js: JsPeer, loader: DocumentLoader,
                                                                            keys: dict[str, KeyPair]) -> None:
    """Signed: two honest claims. Presented: one claim whose language tag spells the second. Both refuse it."""
    key = keys["eddsa-rdfc-2022"]
    smuggling, honest = _smuggling_pair(key)
    signed = passport.sign(honest, key, created=CREATED, loader=loader)
    assert passport.verify(signed, loader=loader, now=NOW).verified
    forged = smuggling | {"proof": signed["proof"]}
    assert not passport.verify(forged, loader=loader, now=NOW).verified
    assert not js.verify(forged, now=NOW_TEXT)["verified"]
