"""The interactive API reference works offline, and its Authorize button knows the bearer scheme."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from api.app import DOCS_ASSETS


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_reference_pages_load_every_asset_from_this_service(client, page):
    html = client.get(page).text
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", html)
    assets = [u for u in urls if u.endswith((".js", ".css", ".png"))]
    assert assets, f"no script or stylesheet found in {page}"  # the page really loads assets
    for url in assets:
        assert url.startswith(DOCS_ASSETS + "/"), url  # nothing from a CDN
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
    assert "cdn." not in html and "fonts.googleapis" not in html


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_reference_policy_admits_no_other_host(client, page):
    policy = client.get(page).headers["content-security-policy"]
    assert "http" not in policy  # no host but 'self'
    assert "frame-ancestors 'none'" in policy


def test_openapi_declares_the_bearer_scheme_on_authenticated_operations(client):
    spec = client.get("/openapi.json").json()
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert "passport tokens create" in scheme["description"]  # tells the reader where a token comes from
    operation = spec["paths"]["/api/v1/passports"]["post"]
    assert {"bearer": []} in operation["security"]


def test_a_wrong_scheme_is_still_refused_not_read_as_public(client):
    r = client.get("/api/v1/access/grants", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "INVALID_TOKEN"
