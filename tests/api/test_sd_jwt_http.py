"""The passport URL serves an SD-JWT VC (`Accept: application/dc+sd-jwt`) cut to the caller's level: it verifies
against the issuer key held here, shows exactly the level's projection, and is one signed JWT for every reader."""

from __future__ import annotations

import json
from functools import partial

import pytest
from sqlmodel import Session

from passport.dids import resolve_verification_method
from passport.keys.keystore import create_issuer_key
from passport.model import project
from passport.registry.issue import prepare
from passport.sdjwt import verify_sd_jwt
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.api.conftest import BASE_URL, as_level

SD = {"Accept": "application/dc+sd-jwt"}


@pytest.fixture
def held_key(engine, api_settings, issuer_key):
    with session_scope(engine) as session:
        org = Organisation(name="Example Issuer", role="manufacturer", did=issuer_key.controller)
        session.add(org)
        session.flush()
        org_id = org.id
    create_issuer_key(engine, org_id, suite="ecdsa-sd-2023", key=issuer_key, settings=api_settings)


@pytest.mark.parametrize("level", ["public", "legitimate_interest", "authority"])
def test_each_level_gets_its_attributes_as_an_sd_jwt_vc(app, client, engine, stored_passports, held_key, level):
    as_level(app, level)
    example = stored_passports[0]
    response = client.get(example.url, headers=SD)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/dc+sd-jwt")
    assert "Accept" in response.headers["vary"]
    outcome = verify_sd_jwt(response.text, resolver=partial(resolve_verification_method, store=engine))
    assert outcome.result.verified, outcome.result.summary()
    _, passport = prepare(example.data, BASE_URL)
    expected = json.loads(json.dumps(project(passport, level), default=str))
    assert outcome.claims["sub"] == expected.pop("id")
    assert {k: v for k, v in outcome.claims.items() if k not in ("iss", "iat", "nbf", "vct", "sub", "status")} \
        == expected
    again = client.get(example.url, headers=SD)
    assert again.text.split("~")[0] == response.text.split("~")[0]  # made once, cut per reader
    app.dependency_overrides.clear()


def test_one_jwt_for_every_level(app, client, stored_passports, held_key):
    url = stored_passports[1].url
    as_level(app, "public")
    public = client.get(url, headers=SD).text
    as_level(app, "authority")
    authority = client.get(url, headers=SD).text
    assert public.split("~")[0] == authority.split("~")[0]
    assert set(public.split("~")[1:-1]) < set(authority.split("~")[1:-1])
    app.dependency_overrides.clear()


def test_without_the_issuer_key_it_is_not_acceptable(client, stored_passports):
    response = client.get(stored_passports[0].url, headers=SD)
    assert response.status_code == 406 and response.json()["error"]["code"] == "SD_JWT_UNAVAILABLE"


def test_the_type_metadata_is_served_at_the_vct_path(client):
    from passport.sdjwt import VCT

    response = client.get("/battery-passport/vct/v1")
    assert response.status_code == 200 and response.json()["vct"] == VCT
    assert client.get("/battery-passport/vct/v1", headers={"If-None-Match": response.headers["etag"]}
                      ).status_code == 304
