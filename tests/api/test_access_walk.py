"""Walk every endpoint at every access level: no value above the caller's level in any body, header or error.

Restricted values are computed from the example passports themselves: every leaf string of the authority
projection that the lower level's projection does not contain. The walk covers every GET route of the app and
every Accept type. There is no skip list: a GET route with path parameters that has no entry in `WALK` fails
`test_every_get_route_is_walked`. Adding a route? Add one line to `WALK`: its OpenAPI path template -> the URLs
that exercise it, with `{path}` (a stored passport's path, e.g. /01/09506000134352/21/EVP75-2026-000123) and
`{dpp_id}` (its EN 18222 DPP id) filled in per stored passport.
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

UNKNOWN_UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"

# OpenAPI path template -> the URLs that walk it (formatted per stored passport: {path}, {dpp_id}).
WALK: dict[str, list[str]] = {
    "/01/{gtin}/21/{serial}": ["{path}", "{path}/versions/1", "{path}/qr.svg", "{path}/versions/9"],
    "/id/{value}": [f"/id/{UNKNOWN_UUID}"],
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
    "/{path}/did.json": ["/orgs/no-such-org/did.json"],
    "/status/{slug}/{purpose}/{number}": ["/status/0000000000000000/revocation/1"],
    "/contexts/{name}": ["/contexts/battery-passport-v1.jsonld"],
    "/battery-passport/{kind}/v{number}": ["/battery-passport/context/v1", "/battery-passport/custody/v2"],
    "/api/v1/organisations/{slug}": ["/api/v1/organisations/no-such-org"],
    "/api/v1/passports/{identifier}/lifecycle": ["/api/v1/passports{path}/lifecycle"],
    "/api/v1/passports/{identifier}/transfers": ["/api/v1/passports{path}/transfers"],
    "/api/v1/passports/{identifier}/carbon/breakdown": ["/api/v1/passports{path}/carbon/breakdown"],
    "/api/v1/passports/{identifier}/custody-trace": ["/api/v1/passports{path}/custody-trace"],
    "/api/v1/passports/{identifier}/evidence": ["/api/v1/passports{path}/evidence"],
    "/api/v1/passports/{identifier}/evidence/{digest}": ["/api/v1/passports{path}/evidence/sha384-AAAA"],
    "/api/v1/passports/{identifier}/indices/explanation": ["/api/v1/passports{path}/indices/explanation"],
}


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
        for pattern in WALK[template]:  # a KeyError here: the route needs a WALK entry (see the docstring)
            urls += list(dict.fromkeys(pattern.format(path=p.path, dpp_id=dpp_urn(dpp_id_for(p.path)))
                                       for p in stored))
    return urls


def test_every_get_route_is_walked(app):
    """No skip list: every GET route with path parameters has its walk, and every walk names a real route."""
    templates = {t for t in _get_templates(app) if "{" in t}
    missing = sorted(templates - set(WALK))
    assert not missing, f"add these GET routes to WALK in tests/api/test_access_walk.py: {missing}"
    assert not sorted(set(WALK) - templates), "WALK names routes the app no longer has"


@pytest.mark.parametrize("level", LEVELS[:-1])
def test_no_restricted_value_reaches_a_lower_level(app, client, stored_passports, level):
    as_level(app, level)
    schema = json.dumps(app.openapi(), ensure_ascii=False)  # the schema's vocabulary (enum values) is public
    hidden = {v for v in hidden_from(stored_passports, level) if v not in schema}
    assert len(hidden) >= 10, "the examples must hold restricted values for the walk to mean anything"
    urls = _urls(app, stored_passports)
    pages = {page for p in stored_passports for page in (p.path, f"{p.path}/versions/1")}
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
        if url in pages:  # the passport pages
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
