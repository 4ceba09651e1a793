"""The app factory: landing page, health, and the error mapping."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import STATUS_BY_ERROR, status_for
from passport import errors as e
from passport.store.migrate import upgrade
from passport.store.engine import create_store_engine


@pytest.fixture
def client(settings):
    upgrade(create_store_engine(settings.effective_database_url))
    with TestClient(create_app(settings)) as c:
        yield c


def test_landing_page(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Battery Passport</h1>" in r.text


def test_health(client):
    assert client.get("/healthz").json()["status"] == "ok"


def test_openapi_is_served(client):
    assert client.get("/openapi.json").json()["info"]["title"] == "Battery Passport API"


def test_every_error_class_maps_to_a_non_500_client_status():
    classes = [c for c in vars(e).values() if isinstance(c, type) and issubclass(c, e.PassportError)]
    for cls in classes:
        if cls is e.ConfigurationError:
            continue
        assert 400 <= status_for(cls("x")) < 600
    assert status_for(e.InputError("x")) == 422
    assert status_for(e.NotFoundError("x")) == 404
    assert {cls for cls, _ in STATUS_BY_ERROR} >= {e.NotFoundError, e.InputError, e.AccessDeniedError}
