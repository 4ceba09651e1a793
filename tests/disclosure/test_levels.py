"""Per-access-group disclosure of the example passports: one base proof, a verifying view per reader."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from importlib.resources import files

import pytest

from passport.disclosure.ecdsa_sd_2023 import verify_base_proof, verify_derived_proof
from passport.disclosure.levels import disclose, mandatory_pointers, selective_pointers, sign_passport
from passport.keys import generate_key_pair
from passport.model import AccessGroup, parse_passport, to_credential
from tests.model.access_table import oracle_view
from passport.status import status_entry

EXAMPLES = ["nmc811-ev-pack.json", "lfp-industrial-storage.json"]
LEVELS = list(AccessGroup)


@pytest.fixture(scope="module")
def issuer():
    return generate_key_pair("P-256")


@pytest.fixture(scope="module", params=EXAMPLES)
def signed(request, issuer):
    data = json.loads((files("passport.application.demo") / "passports" / request.param).read_text())
    data["id"] = f"https://passports.example.com/01/09506000134352/21/{request.param.split('.')[0]}"
    passport = parse_passport(data)
    credential = to_credential(passport, issuer=issuer.controller, id=f"urn:uuid:{request.param}",
                               valid_from=datetime(2026, 11, 1, tzinfo=timezone.utc))
    credential["credentialStatus"] = status_entry("https://passports.example.com/status/1", 77, "revocation")
    return passport, sign_passport(credential, issuer)


def _leaves(value, prefix=""):
    """Every (pointer, scalar) in a JSON document."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{prefix}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{prefix}/{i}")
    else:
        yield prefix, value


def test_base_proof_verifies(signed, issuer):
    assert verify_base_proof(signed[1], issuer.public_key_multibase).verified


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_gets_exactly_its_view_and_it_verifies(signed, issuer, level):
    passport, credential = signed
    derived = disclose(credential, level)
    result = verify_derived_proof(derived, issuer.public_key_multibase)
    assert result.verified, result.reason
    subject = {k: v for k, v in derived["credentialSubject"].items() if k not in ("id", "type")}
    # the oracle is the written-out Annex XIII table (tests/model/access_table.py), not project()
    expected = {k: v for k, v in oracle_view(passport.model_dump(mode="json", by_alias=True, exclude_none=True), level.value).items() if k not in ("id", "type")}
    assert subject == expected
    assert derived["credentialStatus"] == credential["credentialStatus"]


@pytest.mark.parametrize("level", LEVELS[:-1])
def test_no_higher_value_reaches_a_lower_level(signed, level):
    """Not as a value, and not hidden in the proof: the derived proof carries only revealed statements' data."""
    passport, credential = signed
    derived = disclose(credential, level)
    document = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    visible = set(_leaves(oracle_view(document, level.value)))
    visible_values = {v for _, v in visible}
    for higher in LEVELS[LEVELS.index(level) + 1:]:
        hidden = {(p, v) for p, v in _leaves(oracle_view(document, higher.value)) if (p, v) not in visible}
        assert hidden, f"the example has nothing above {level}"
        shown = {v for _, v in _leaves(derived["credentialSubject"])}
        for pointer, value in hidden:
            assert pointer not in {p for p, _ in _leaves(derived["credentialSubject"])}, pointer
            if isinstance(value, str) and len(value) > 6 and value not in visible_values:
                assert value not in shown, pointer
    assert "proofValue" in derived["proof"] and len(derived["proof"]["proofValue"]) < len(credential["proof"]["proofValue"])


def test_mandatory_statements_cannot_be_dropped(signed, issuer):
    derived = disclose(signed[1], AccessGroup.LEGITIMATE_INTEREST)
    for key in ("credentialStatus", "issuer", "validFrom"):
        tampered = copy.deepcopy(derived)
        tampered.pop(key)
        result = verify_derived_proof(tampered, issuer.public_key_multibase)
        # one statement fewer: the mandatory indexes point past the end or at other statements (which, depends on
        # the random HMAC labels' order), so one of the two mandatory-binding checks fails
        assert not result.verified and result.code in {"MANDATORY_INDEXES", "BASE_SIGNATURE"}, (key, result.reason)


def test_changed_value_in_a_disclosure_fails(signed, issuer):
    derived = disclose(signed[1], AccessGroup.AUTHORITY)
    # an authority-only value (a test report's), so a selectively disclosed statement, not a mandatory one
    leaves = [(p, v) for p, v in _leaves(derived["credentialSubject"])
              if isinstance(v, str) and p.startswith("/testReports/")]
    pointer, _ = leaves[len(leaves) // 2]
    tampered = copy.deepcopy(derived)
    node = tampered["credentialSubject"]
    parts = [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/")]
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]] = node[parts[-1]] + "x"
    result = verify_derived_proof(tampered, issuer.public_key_multibase)
    # the changed statement's own signature fails, unless the change moves it in the sorted N-Quads past mandatory
    # statements: then their indexes point elsewhere and the base signature fails first
    assert not result.verified and result.code in {"STATEMENT_SIGNATURE", "BASE_SIGNATURE"}, result.reason


def test_pointer_sets_nest(signed):
    credential = signed[1]
    public = set(mandatory_pointers(credential))
    legit = set(selective_pointers(credential, AccessGroup.LEGITIMATE_INTEREST))
    authority = set(selective_pointers(credential, AccessGroup.AUTHORITY))
    assert "/credentialStatus" in public and not public & legit
    assert legit and authority and not (authority & public)
