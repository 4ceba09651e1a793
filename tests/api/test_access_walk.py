"""Walk every endpoint at every access level: no value above the caller's level in any body, header or error.

Restricted values are computed from the example passports themselves: every leaf string of the authority
projection that the lower level's projection does not contain. The walk covers every GET route of the app
(a new route with path parameters must be added to `PATH_PARAMETERS` or the walk fails) and every Accept type.
"""

from __future__ import annotations

import json
import pytest

from api.negotiation import PASSPORT_TYPES
from passport.dpp import dpp_id_for, dpp_urn
from passport.model import AccessGroup, project
from passport.registry.issue import prepare
from passport.settings import load_settings
from tests.api.conftest import BASE_URL, LEVELS, as_level

# Routes with path parameters, and how to fill them from a stored passport (its path below the base URL).
PATH_PARAMETERS = {
    "/01/{gtin}/21/{serial}": ["{path}", "{path}/versions/1", "{path}/qr.svg", "{path}/versions/9"],
    "/id/{value}": ["/id/0f8fad5b-d9cb-469f-a165-70867728950e"],
    "/iso15459/{value}": ["/iso15459/UNKNOWN-1"],
    # EN 18222 (/dpp/v1): `{dpp_id}` is the passport's DPP id
    "/dpp/v1/dpps/{dppId}": ["/dpp/v1/dpps/{dpp_id}", "/dpp/v1/dpps/{dpp_id}?representation=compressed",
                             "/dpp/v1/dpps/0f8fad5b-d9cb-469f-a165-70867728950e"],
    "/dpp/v1/dppsByProductId/{productId}": ["/dpp/v1/dppsByProductId{path}", "/dpp/v1/dppsByProductId/01/1/21/x"],
    "/dpp/v1/dppsByIdAndDate/{dppId}": ["/dpp/v1/dppsByIdAndDate/{dpp_id}?date=2099-01-01",
                                        "/dpp/v1/dppsByIdAndDate/{dpp_id}?date=2000-01-01"],
    "/dpp/v1/dppsByProductIdAndDate/{productId}": ["/dpp/v1/dppsByProductIdAndDate{path}?date=2099-01-01"],
    "/dpp/v1/dpps/{dppId}/elements/{elementPath}": [
        "/dpp/v1/dpps/{dpp_id}/elements/generalProductInformation/batteryStatus",
        "/dpp/v1/dpps/{dpp_id}/elements/testReports/0", "/dpp/v1/dpps/{dpp_id}/elements/testReports",
        "/dpp/v1/dpps/{dpp_id}/elements/performanceAndDurability/batteryCondition",
        "/dpp/v1/dpps/{dpp_id}/elements/generalProductInformation"],
}
OTHER_OWNERS_SKIPPED: set[str] = set()


@pytest.fixture
def api_settings(api_settings):  # the walk is an audit, not a client: rate limits would cut it short
    return load_settings(**{**api_settings.model_dump(), "rate_limits_enabled": False})


def _leaves(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for value in node.values():
            _leaves(value, out)
    elif isinstance(node, list):
        for value in node:
            _leaves(value, out)
    elif isinstance(node, str):
        out.add(node)
    return out


def _visible_text(data: dict, level: str) -> str:
    _, passport = prepare(data, BASE_URL)
    return json.dumps(project(passport, level), ensure_ascii=False)


def restricted_values(data: dict, level: str) -> set[str]:
    """Strings the authority view has that `level`'s view lacks (distinctive ones: 6+ characters)."""
    _, passport = prepare(data, BASE_URL)
    visible = _visible_text(data, level)
    above = _leaves(project(passport, AccessGroup.AUTHORITY), set())
    return {v for v in above if len(v) >= 6 and v not in visible}


def hidden_from(examples, level: str) -> set[str]:
    """Restricted strings of any example that no example shows at `level` (so seeing one is a leak)."""
    visible = "".join(_visible_text(p.data, level) for p in examples)
    return {v for p in examples for v in restricted_values(p.data, level) if v not in visible}


def _get_templates(app) -> list[str]:
    """Every GET path of the app, from its OpenAPI document (path converters removed), plus the docs pages."""
    paths = app.openapi()["paths"]
    return sorted({p for p, ops in paths.items() if "get" in ops} | {"/openapi.json", "/docs", "/redoc"})


def _urls(app, stored) -> list[str]:
    urls = []
    for template in _get_templates(app):
        if "{" not in template:
            urls.append(template)
            continue
        if template not in PATH_PARAMETERS:
            OTHER_OWNERS_SKIPPED.add(template)
            continue
        for pattern in PATH_PARAMETERS[template]:
            urls += [pattern.format(path=p.path, dpp_id=dpp_urn(dpp_id_for(p.path))) for p in stored]
    return urls


def test_walk_covers_the_passport_routes(app):
    assert set(PATH_PARAMETERS) <= set(_get_templates(app))


@pytest.mark.parametrize("level", LEVELS[:-1])
def test_no_restricted_value_reaches_a_lower_level(app, client, stored_passports, level):
    as_level(app, level)
    schema = json.dumps(app.openapi(), ensure_ascii=False)  # the schema's vocabulary (enum values) is public
    hidden = {v for v in hidden_from(stored_passports, level) if v not in schema}
    assert len(hidden) >= 10, "the examples must hold restricted values for the walk to mean anything"
    urls = _urls(app, stored_passports)
    assert len(urls) >= 10
    responses = 0
    for url in urls:
        for accept in (*PASSPORT_TYPES, "image/gif"):
            for lang in ("en", "fr"):
                r = client.get(url, headers={"Accept": accept, "Accept-Language": lang})
                assert r.status_code < 500, (url, accept, r.status_code)
                text = r.content.decode("utf-8", "replace") + json.dumps(dict(r.headers))
                leaked = sorted(v for v in hidden if v in text)
                assert not leaked, f"{url} [{accept}] at {level} shows {leaked[:3]}"
                responses += 1
        if (url.endswith("versions/1") or url.count("/") == 4) and not url.startswith(("/api/", "/dpp/")):  # pages
            page = client.get(url, headers={"Accept": "text/html"}).text
            assert ('id="restricted"' in page) is (level != "public")
    for post in ("/api/v1/passports", "/api/v1/passports/batch"):
        r = client.post(post, json={"passports": [stored_passports[0].data]})
        assert r.status_code in (401, 403)
        assert not [v for v in hidden if v in r.text]
    assert responses > 100
    app.dependency_overrides.clear()


def test_the_highest_level_sees_everything(app, client, stored_passports):
    as_level(app, "authority")
    for p in stored_passports:
        body = client.get(p.url, headers={"Accept": "application/ld+json"}).text
        missing = [v for v in restricted_values(p.data, "public") if v not in body]
        assert not missing
    app.dependency_overrides.clear()
