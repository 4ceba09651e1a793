"""UNTP Digital Product Passport export: conformant to the UNTP DPP model (our pydantic reading of it), secured as
vc+jwt that verifies, cut to the reader's level."""

from __future__ import annotations

import base64
import copy
import json

import pytest
from pydantic import ValidationError

from passport.credentials import verify_jwt
from passport.exchange.untp_dpp import DPP_CONTEXT, check_dpp, dpp_credential, sign_dpp
from passport.keys import generate_key_pair
from tests.exchange.helpers import EXAMPLE_NAMES, LEVELS, example

BASE = "https://passports.example"


def _dpp(name: str, level: str, issuer: str = "did:example:maker") -> dict:
    return dpp_credential(example(name), level, issuer=issuer, issuer_name="Voltara Cells GmbH",
                          credential_id="urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                          valid_from="2026-10-02T00:00:00Z", base_url=BASE)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_export_conforms_to_the_untp_dpp_model(name, level):
    credential = _dpp(name, level)
    check_dpp(credential)
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2", DPP_CONTEXT]
    product = credential["credentialSubject"]["product"]
    assert product["id"] == BASE + example(name)["generalProductInformation"]["uniqueIdentifier"]


def test_values_are_the_passport_values_in_untp_units():
    subject = _dpp("nmc811-ev-pack", "public")["credentialSubject"]
    assert subject["product"]["dimensions"] == {"weight": {"value": 468.5, "unit": "KGM"}}
    assert subject["product"]["countryOfProduction"] == "DE" and subject["product"]["productionDate"] == "2026-09-14"
    cobalt = next(m for m in subject["materialsProvenance"] if m["name"] == "Cobalt")
    assert cobalt == {"type": ["Material"], "name": "Cobalt", "massFraction": 0.015, "hazardous": False}
    claim = subject["conformityClaim"][0]
    assert claim["conformityTopic"] == "environment.emissions"
    assert claim["declaredValue"][0]["metricValue"]["value"] == 0.0402


def test_signed_as_vc_jwt_that_verifies_and_fails_when_tampered():
    key = generate_key_pair("P-256")
    jwt = sign_dpp(_dpp("lfp-industrial-storage", "public", key.controller), key)
    header = json.loads(base64.urlsafe_b64decode(jwt.split(".")[0] + "=="))
    assert header["typ"] == "vc+jwt" and header["alg"] == "ES256"
    assert verify_jwt(jwt).verified
    head, payload, signature = jwt.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["credentialSubject"]["product"]["name"] = "another battery"
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")
    result = verify_jwt(f"{head}.{forged}.{signature}")
    assert not result.verified
    assert [(c.name, c.code) for c in result.errors] == [("signature", "PROOF_VERIFICATION_ERROR")]


@pytest.mark.parametrize(("change", "where"), [
    (lambda c: c.__setitem__("issuer", "did:example:maker"), ("issuer",)),
    (lambda c: c.__setitem__("@context", c["@context"][::-1]), ("@context",)),
    (lambda c: c["credentialSubject"]["product"].pop("name"), ("credentialSubject", "product", "name")),
    (lambda c: c["credentialSubject"]["conformityClaim"][0].__setitem__("conformityTopic", "carbon"),
     ("credentialSubject", "conformityClaim", 0, "conformityTopic")),
])
def test_the_dpp_model_names_what_does_not_conform(change, where):
    credential = copy.deepcopy(_dpp("nmc811-ev-pack", "public"))
    change(credential)
    with pytest.raises(ValidationError) as info:
        check_dpp(credential)
    assert [e["loc"] for e in info.value.errors()] == [where]


def test_a_public_dpp_has_nothing_above_public():
    public = json.dumps(_dpp("nmc811-ev-pack", "public"))
    assert "VX75-MOD-12S4P" not in public          # spare part numbers: Annex XIII 2(b)
    text = json.dumps(_dpp("nmc811-ev-pack", "authority"))
    assert "TR-2026-0412" not in text             # test reports have no UNTP slot: not exported at any level
