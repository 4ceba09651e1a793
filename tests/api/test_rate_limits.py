"""Rate limits: the N+1st request in a window is a 429 with Retry-After, per address, token and organisation."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.rate_limits import Limits
from passport.auth import Role, create_token, token_hash_key
from passport.errors import ConfigurationError
from passport.settings import load_settings
from passport.store.engine import session_scope

LD = {"Accept": "application/ld+json"}


def _client(api_settings, **limits) -> TestClient:
    settings = load_settings(**{**api_settings.model_dump(), **limits})
    return TestClient(create_app(settings))


def _token(engine, settings, organisation="Authority X", role=Role.NOTIFIED_BODY) -> str:
    with session_scope(engine) as s:
        return create_token(s, organisation=organisation, role=role, expires_in_days=5,
                            key=token_hash_key(settings)).token


def _assert_limited(response, scope: str) -> None:
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "RATE_LIMITED"
    assert response.json()["error"]["details"]["scope"] == scope
    assert 1 <= int(response.headers["retry-after"]) <= 60


def test_qr_reads_are_limited_per_address_after_their_budget(api_settings, stored_passports):
    with _client(api_settings, rate_limit_read="3/minute") as client:
        url = stored_passports[0].url
        assert [client.get(url, headers=LD).status_code for _ in range(3)] == [200, 200, 200]
        _assert_limited(client.get(url, headers=LD), "address")
        # another class has its own budget: the API routes still answer
        assert client.get("/healthz").status_code == 200


def test_enumeration_is_strict_and_counted_per_token_too(api_settings, engine, stored_passports):
    with _client(api_settings, rate_limit_enumeration="2/minute", rate_limit_read="100/minute") as client:
        token = _token(engine, api_settings, organisation="Maker", role=Role.MANUFACTURER)
        auth = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/passports", headers=auth).status_code == 200
        assert client.get("/api/v1/passports", headers=auth).status_code == 200
        _assert_limited(client.get("/api/v1/passports", headers=auth), "address")
        # reads of single passports are not enumeration
        assert client.get(stored_passports[0].url, headers=LD).status_code == 200


def test_each_token_has_its_own_budget_and_the_organisation_one_for_all(api_settings, engine, stored_passports):
    with _client(api_settings, rate_limit_token="2/minute", rate_limit_organisation="3/minute",
                 rate_limit_read="100/minute") as client:
        url = stored_passports[0].url
        first, second = (_token(engine, api_settings) for _ in range(2))
        get = lambda token: client.get(url, headers={**LD, "Authorization": f"Bearer {token}"})  # noqa: E731
        assert [get(first).status_code for _ in range(2)] == [200, 200]
        _assert_limited(get(first), "token")
        assert get(second).status_code == 200  # the fourth request of Authority X, but the first token is spent
        _assert_limited(get(second), "organisation")
        other = _token(engine, api_settings, organisation="Authority Y")
        assert get(other).status_code == 200
        assert client.get(url, headers=LD).status_code == 200  # the public is not counted against tokens


def test_switched_off_nothing_is_limited(api_settings, stored_passports):
    with _client(api_settings, rate_limit_read="1/minute", rate_limits_enabled=False) as client:
        assert {client.get(stored_passports[0].url, headers=LD).status_code for _ in range(4)} == {200}


def test_a_bad_rate_is_a_configuration_error_naming_the_setting(api_settings):
    settings = load_settings(**{**api_settings.model_dump(), "rate_limit_token": "lots"})
    with pytest.raises(ConfigurationError) as caught:
        Limits.from_settings(settings)
    assert caught.value.details["setting"] == "PASSPORT_RATE_LIMIT_TOKEN"
