"""The passport URL in other data models (`?format=` or an Accept profile), at the caller's access level."""

from __future__ import annotations

import base64
import json
from functools import partial

import pytest

from passport.credentials import verify_jwt
from passport.dids import resolve_verification_method
from passport.exchange.untp_dpp import check_dpp
from passport.keys.keystore import create_issuer_key
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.api.conftest import as_level

PROFILE = 'application/json;profile="https://w3id.org/battery-passport/exchange/{}"'


@pytest.fixture
def held_key(engine, api_settings, issuer_key):
    with session_scope(engine) as session:
        org = Organisation(name="Example Issuer", role="manufacturer", did=issuer_key.controller)
        session.add(org)
        session.flush()
        org_id = org.id
    create_issuer_key(engine, org_id, suite="ecdsa-sd-2023", key=issuer_key, settings=api_settings)


@pytest.mark.parametrize("level", ["public", "legitimate_interest"])
def test_battery_pass_export_at_the_callers_level(app, client, stored_passports, level):
    as_level(app, level)
    response = client.get(stored_passports[1].url, params={"format": "batterypass-1.2"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert "batterypass-1.2" in response.headers["content-type"] and "Accept" in response.headers["vary"]
    general = response.json()["GeneralProductInformation"]
    assert general["batteryMass"] == 468.5
    assert ("batteryStatus" in general) is (level != "public")  # Annex XIII 4(c)
    app.dependency_overrides.clear()


def test_accept_profile_selects_the_model(client, stored_passports):
    response = client.get(stored_passports[1].url, headers={"Accept": PROFILE.format("catenax-6.1")})
    assert response.status_code == 200
    assert response.json()["identification"]["category"] == "EV"
    aas = client.get(stored_passports[1].url, headers={"Accept": PROFILE.format("aas-idta-02035")})
    assert {s["idShort"] for s in aas.json()["submodels"]} >= {"BatteryNameplate", "TechnicalData"}


def test_unknown_format_is_400_naming_it(client, stored_passports):
    response = client.get(stored_passports[0].url, params={"format": "xlsx"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "UNKNOWN_FORMAT"


def test_untp_dpp_needs_the_issuer_key_held_here(client, stored_passports):
    response = client.get(stored_passports[0].url, params={"format": "untp-dpp"})
    assert response.status_code == 406 and response.json()["error"]["code"] == "EXCHANGE_UNAVAILABLE"


def test_untp_dpp_is_a_vc_jwt_signed_by_the_issuer(client, engine, stored_passports, held_key):
    response = client.get(stored_passports[1].url, params={"format": "untp-dpp"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vc+jwt")
    result = verify_jwt(response.text, resolver=partial(resolve_verification_method, store=engine))
    assert result.verified, result.summary()
    payload = response.text.split(".")[1]
    credential = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    check_dpp(credential)
    assert credential["credentialSubject"]["product"]["id"] == stored_passports[1].url
