"""ecdsa-sd-2023 between our implementation (passport.disclosure) and the reference, in both directions.

    their base proof -> our derivation -> their verifier (and ours)
    our base proof   -> their derivation -> our verifier (and theirs)
    our base proof   -> our derivation  -> their verifier

Also on the example battery passports, one derived disclosure per access group.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from importlib.resources import files
from typing import Any

import pytest

from passport.disclosure.ecdsa_sd_2023 import create_base_proof, derive_proof, verify_derived_proof
from passport.disclosure.levels import disclose, mandatory_pointers, sign_passport
from passport.keys import KeyPair, generate_key_pair
from passport.model import AccessGroup, parse_passport, to_credential
from tests.interop.documents import MEASUREMENTS, NOW_TEXT
from tests.interop.peer import JsPeer
from tests.interop.test_ecdsa_sd_2023 import SD_CASES
from tests.model.access_table import oracle_view

pytestmark = pytest.mark.node


@pytest.fixture(scope="module")
def p256() -> KeyPair:
    return generate_key_pair("P-256")


def _keys(key: KeyPair) -> dict[str, str]:
    return {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}


def _credential(key: KeyPair) -> dict[str, Any]:
    return copy.deepcopy(MEASUREMENTS) | {"issuer": key.controller}


@pytest.mark.parametrize("case", list(SD_CASES))
def test_their_base_proof_our_derivation_their_verifier(js: JsPeer, loader, p256: KeyPair, case: str) -> None:
    mandatory, selective, disclosed, withheld = SD_CASES[case]
    base = js.sign(_credential(p256), _keys(p256), suite="ecdsa-sd-2023", mandatory_pointers=mandatory)
    ours = derive_proof(base, selective_pointers=selective, loader=loader)
    assert ours == js.derive(base, selective), "derivation is deterministic: both sides must give the same bytes"
    result = js.verify(ours, now=NOW_TEXT)
    assert result["verified"], result["errors"]
    assert verify_derived_proof(ours, p256.public_key_multibase, loader=loader).verified
    assert disclosed <= set(ours["credentialSubject"]) and not withheld & set(ours["credentialSubject"])


@pytest.mark.parametrize("case", list(SD_CASES))
def test_our_base_proof_their_derivation_our_verifier(js: JsPeer, loader, p256: KeyPair, case: str) -> None:
    mandatory, selective, _, _ = SD_CASES[case]
    base = create_base_proof(_credential(p256), p256, mandatory_pointers=mandatory, loader=loader)
    theirs = js.derive(base, selective)
    result = verify_derived_proof(theirs, p256.public_key_multibase, loader=loader)
    assert result.verified, result.reason
    assert js.verify(theirs, now=NOW_TEXT)["verified"]
    assert theirs == derive_proof(base, selective_pointers=selective, loader=loader)


def test_a_value_changed_after_our_derivation_fails_in_their_verifier(js: JsPeer, loader, p256: KeyPair) -> None:
    mandatory, selective, _, _ = SD_CASES["one-claim"]
    base = create_base_proof(_credential(p256), p256, mandatory_pointers=mandatory, loader=loader)
    derived = derive_proof(base, selective_pointers=selective, loader=loader)
    derived["credentialSubject"]["ratedCapacity"] = 80.5
    assert not js.verify(derived, now=NOW_TEXT)["verified"]
    assert not verify_derived_proof(derived, p256.public_key_multibase, loader=loader).verified


@pytest.fixture(scope="module")
def passport_credential(p256: KeyPair) -> tuple[Any, dict[str, Any]]:
    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    data["id"] = "https://passports.example.com/01/09506000134352/21/EVP75-2026-000123"
    passport = parse_passport(data)
    credential = to_credential(passport, issuer=p256.controller, id="urn:uuid:3a0c5b5e-7d0e-4b8a-9a51-3f1d2e6c7b10",
                               valid_from=datetime(2025, 1, 1, tzinfo=timezone.utc))
    return passport, credential


@pytest.mark.parametrize("level", list(AccessGroup))
def test_our_passport_disclosures_verify_in_the_reference(js: JsPeer, p256: KeyPair, passport_credential,
                                                          level: AccessGroup) -> None:
    passport, credential = passport_credential
    signed = sign_passport(credential, p256)
    derived = disclose(signed, level)
    result = js.verify(derived, now=NOW_TEXT)
    assert result["verified"], result["errors"]
    subject = {k: v for k, v in derived["credentialSubject"].items() if k != "type"}
    assert subject == oracle_view(passport.model_dump(mode="json", by_alias=True, exclude_none=True), level.value)


def test_their_passport_base_proof_our_disclosure(js: JsPeer, p256: KeyPair, passport_credential) -> None:
    passport, credential = passport_credential
    base = js.sign(credential, _keys(p256), suite="ecdsa-sd-2023", mandatory_pointers=mandatory_pointers(credential))
    for level in AccessGroup:
        derived = disclose(base, level)
        assert verify_derived_proof(derived, p256.public_key_multibase).verified, level
        assert js.verify(derived, now=NOW_TEXT)["verified"], level
