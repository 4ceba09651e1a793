"""The example battery passports (`passport/application/demo/passports/`) as credentials, against the reference implementations.

These are the documents the product signs (a few hundred quads under our own context), so they are the
interop cases that matter most: the same canonical N-Quads on both sides, signatures accepted both ways, and
the reference's ecdsa-sd-2023 derivation with our access-group pointers (`passport.model.pointers_for`)
giving exactly the reader's view (the written-out Annex XIII table, `tests/model/access_table.py`) and verifying in the reference.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import passport
from passport.keys import KeyPair, generate_key_pair
from passport.model import AccessGroup, Passport, parse_passport, pointers_for, to_credential
from tests.interop.peer import JsPeer
from tests.model.access_table import oracle_view

pytestmark = pytest.mark.node

EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports"
EXAMPLE_NAMES = ("nmc811-ev-pack", "lfp-industrial-storage")
BASE_URL = "https://passports.example"
VALID_FROM = datetime(2026, 10, 2, tzinfo=UTC)
NOW = datetime(2027, 1, 1, tzinfo=UTC)
NOW_TEXT = "2027-01-01T00:00:00Z"
CREATED = "2026-10-02T08:00:00Z"
SUITES = {"eddsa-rdfc-2022": "Ed25519", "ecdsa-rdfc-2019": "P-256"}


def _passport(name: str) -> Passport:
    data = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return parse_passport({"id": BASE_URL + data["generalProductInformation"]["uniqueIdentifier"], **data})


def _credential(name: str, key: KeyPair) -> dict[str, Any]:
    return to_credential(_passport(name), issuer=key.controller, id=f"urn:uuid:passport-{name}", valid_from=VALID_FROM)


def _multikey(key: KeyPair) -> dict[str, str]:
    return {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}


@pytest.fixture(scope="module")
def keys() -> dict[str, KeyPair]:
    return {suite: generate_key_pair(algorithm) for suite, algorithm in SUITES.items()}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_passport_canonicalizes_as_reference(js: JsPeer, keys: dict[str, KeyPair], name: str) -> None:
    credential = _credential(name, keys["eddsa-rdfc-2022"])
    ours = passport.canonicalize(credential)
    assert ours == js.canonize(credential)
    assert ours.count("\n") > 200  # the whole passport, not a stub


@pytest.mark.parametrize("suite", list(SUITES))
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_our_signed_passport_verifies_in_reference(js: JsPeer, keys: dict[str, KeyPair], name: str,
                                                   suite: str) -> None:
    key = keys[suite]
    signed = passport.sign(_credential(name, key), key, suite=suite, created=CREATED)
    result = js.verify(signed, now=NOW_TEXT)
    assert result["verified"], result["errors"]
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["generalProductInformation"]["weightKg"] = "1.0"
    assert not js.verify(tampered, now=NOW_TEXT)["verified"]


@pytest.mark.parametrize("suite", list(SUITES))
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_reference_signed_passport_verifies_with_ours(js: JsPeer, keys: dict[str, KeyPair], name: str,
                                                      suite: str) -> None:
    key = keys[suite]
    signed = js.sign(_credential(name, key), _multikey(key), suite=suite, created=CREATED)
    result = passport.verify(signed, now=NOW)
    assert result.verified, [(check.name, check.reason) for check in result.errors]
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["generalProductInformation"]["batteryStatus"] = "waste"
    assert not passport.verify(tampered, now=NOW).verified


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_eddsa_signed_passport_is_identical_to_reference(js: JsPeer, keys: dict[str, KeyPair], name: str) -> None:
    key = keys["eddsa-rdfc-2022"]
    credential = _credential(name, key)
    assert passport.sign(credential, key, created=CREATED) == js.sign(credential, _multikey(key),
                                                                      suite="eddsa-rdfc-2022", created=CREATED)


@pytest.fixture(scope="module")
def sd_key() -> KeyPair:
    return generate_key_pair("P-256")


@pytest.fixture(scope="module")
def reference_base_proofs(js: JsPeer, sd_key: KeyPair) -> dict[str, dict[str, Any]]:
    """The reference's ecdsa-sd-2023 base proof of each example; identity and envelope are mandatory."""
    mandatory = ["/issuer", "/validFrom", "/credentialSubject/id"]
    return {name: js.sign(_credential(name, sd_key), _multikey(sd_key), suite="ecdsa-sd-2023",
                          mandatory_pointers=mandatory) for name in EXAMPLE_NAMES}


@pytest.mark.parametrize("level", list(AccessGroup))
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_reference_disclosure_at_access_level_is_the_readers_view(
        js: JsPeer, sd_key: KeyPair, reference_base_proofs: dict[str, dict[str, Any]], name: str,
        level: AccessGroup) -> None:
    credential = _credential(name, sd_key)
    derived = js.derive(reference_base_proofs[name], pointers_for(credential, level))
    result = js.verify(derived, now=NOW_TEXT)
    assert result["verified"], result["errors"]
    disclosed = {key: value for key, value in derived["credentialSubject"].items() if key != "type"}
    assert disclosed == oracle_view(_passport(name).model_dump(mode="json", by_alias=True, exclude_none=True), level.value)
