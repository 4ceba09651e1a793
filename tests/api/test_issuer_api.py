"""Issuer API: tokens with the manufacturer role issue passports signed by their organisation's key."""

from __future__ import annotations

import copy
import json

import pytest
from sqlmodel import select

from passport import verify
from passport.auth import Role, create_token, token_hash_key
from passport.keys.keystore import create_issuer_key
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from passport.trust import TrustSources, verify_credential
from tests.api.conftest import example_files
from tests.conftest import hold_example_prefixes


def _maker_token(engine, settings, issuer_key, name="Maker A", role=Role.MANUFACTURER, with_key=True) -> str:
    with session_scope(engine) as s:
        issued = create_token(s, organisation=name, role=role, expires_in_days=1, key=token_hash_key(settings))
        org = s.exec(select(Organisation).where(Organisation.name == name)).one()
        org.did = issuer_key.controller
        s.add(org)
        if name == "Maker A":
            hold_example_prefixes(s, org)
        org_id = org.id
    if with_key:
        create_issuer_key(engine, org_id, suite="ecdsa-sd-2023", key=issuer_key, settings=settings)
    return issued.token


@pytest.fixture
def maker(engine, api_settings, issuer_key):
    return {"Authorization": f"Bearer {_maker_token(engine, api_settings, issuer_key)}"}


@pytest.fixture
def data():
    return json.loads(example_files()[0].read_text())


@pytest.fixture
def api(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


def test_issue_then_resolve(api, maker, data, engine, api_settings):
    r = api.post("/api/v1/passports", json=data, headers=maker)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["version"] == 1
    assert r.headers["location"] == f"{body['url']}/versions/1"
    assert body["credential"]["issuer"]["name"] == "Maker A"
    here = TrustSources.for_service(engine, api_settings)  # the status lists are this service's
    assert verify_credential(body["credential"], here).verified
    public = api.get(body["url"], headers={"Accept": "application/ld+json"})
    assert public.status_code == 200 and verify_credential(public.json(), here).verified
    assert verify(public.json()).outcome == "incomplete"  # offline, without the lists: not "verified"
    assert "testReports" not in public.json()["credentialSubject"]
    again = api.post("/api/v1/passports", json=data, headers=maker)
    assert again.json()["version"] == 2
    latest = api.get(body["url"], headers={"Accept": "application/linkset+json"}).json()["linkset"][0]
    # the same data again: version 2 changes no public claim, so the public history still ends at version 1
    assert latest["latest-version"] == [{"href": f"{body['url']}/versions/1"}]
    assert "version 2" in api.get(body["url"], headers={"Accept": "text/html"}).text.replace("Version 2", "version 2")


def test_idempotency_key_replays_and_refuses_another_body(api, maker, data):
    headers = {**maker, "Idempotency-Key": "order-42"}
    first = api.post("/api/v1/passports", json=data, headers=headers)
    replay = api.post("/api/v1/passports", json=data, headers=headers)
    assert replay.status_code == 201 and replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == first.json()
    other = copy.deepcopy(data)
    other["generalProductInformation"]["batchNumber"] = "B-OTHER"
    conflict = api.post("/api/v1/passports", json=other, headers=headers)
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    listing = api.get("/api/v1/passports", headers=maker).json()
    assert [i["version"] for i in listing["items"]] == [1]


def test_batch_is_all_or_nothing_with_pointers(api, maker):
    passports = [json.loads(p.read_text()) for p in example_files()]
    broken = copy.deepcopy(passports)
    broken[1]["generalProductInformation"]["uniqueIdentifier"] = "/01/09506000134353/21/X"
    r = api.post("/api/v1/passports/batch", json={"passports": broken}, headers=maker)
    assert r.status_code == 422
    assert r.json()["error"]["details"]["pointer"] == "/passports/1/generalProductInformation/uniqueIdentifier"
    assert api.get("/api/v1/passports", headers=maker).json()["total"] == 0
    ok = api.post("/api/v1/passports/batch", json={"passports": passports}, headers=maker)
    assert ok.status_code == 201
    assert len(ok.json()["passports"]) == len(passports)


def test_invalid_passport_names_the_pointer(api, maker, data):
    del data["generalProductInformation"]["batteryModel"]
    r = api.post("/api/v1/passports", json=data, headers=maker)
    assert r.status_code == 422
    assert r.json()["error"]["details"]["problems"][0]["pointer"] == "/generalProductInformation/batteryModel"


def test_pagination(api, maker):
    for path in example_files():
        assert api.post("/api/v1/passports", json=json.loads(path.read_text()), headers=maker).status_code == 201
    first = api.get("/api/v1/passports?limit=1", headers=maker).json()
    assert first["total"] == 2 and first["next"].endswith("offset=1&limit=1")
    second = api.get("/api/v1/passports?offset=1&limit=1", headers=maker).json()
    assert second["next"] is None
    assert {first["items"][0]["identifier"], second["items"][0]["identifier"]} == {
        json.loads(p.read_text())["generalProductInformation"]["uniqueIdentifier"] for p in example_files()}


def test_who_may_issue(api, engine, api_settings, issuer_key, data):
    assert api.post("/api/v1/passports", json=data).status_code == 401
    reader = _maker_token(engine, api_settings, issuer_key, name="Reader", role=Role.NOTIFIED_BODY, with_key=False)
    r = api.post("/api/v1/passports", json=data, headers={"Authorization": f"Bearer {reader}"})
    assert r.status_code == 403
    keyless = _maker_token(engine, api_settings, issuer_key, name="Keyless", with_key=False)
    r = api.post("/api/v1/passports", json=data, headers={"Authorization": f"Bearer {keyless}"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "NO_ISSUER_KEY"


def test_another_organisation_cannot_version_my_passport(api, engine, api_settings, issuer_key, maker, data):
    assert api.post("/api/v1/passports", json=data, headers=maker).status_code == 201
    from passport.keys import generate_key_pair

    rival = _maker_token(engine, api_settings, generate_key_pair("P-256"), name="Rival")
    r = api.post("/api/v1/passports", json=data, headers={"Authorization": f"Bearer {rival}"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "IDENTIFIER_OUTSIDE_PREFIXES"  # not its GTIN
    assert r.json()["error"]["details"]["pointer"] == "/generalProductInformation/uniqueIdentifier"
    by_uuid = copy.deepcopy(data)  # identifiers of no prefix: the owner check still holds
    by_uuid["generalProductInformation"]["uniqueIdentifier"] = "/id/3f2a8f0e-2c61-4b0e-9d0a-1a2b3c4d5e6f"
    assert api.post("/api/v1/passports", json=by_uuid, headers=maker).status_code == 201
    r = api.post("/api/v1/passports", json=by_uuid, headers={"Authorization": f"Bearer {rival}"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "NOT_PASSPORT_OWNER"


def test_page_tells_a_suspended_or_revoked_passport(app, api, maker, data):
    from api.view_cache import ViewCache

    # The status routes (lifecycle) do not invalidate this worker's cache yet; a zero TTL shows the store's state.
    app.state.view_cache = ViewCache(ttl=0)
    url = api.post("/api/v1/passports", json=data, headers=maker).json()["url"]
    path = url.split("://", 1)[1].split("/", 1)[1]
    page = api.get(url, headers={"Accept": "text/html"}).text
    assert "This passport is valid" in page and 'role="alert"' not in page
    assert api.post(f"/api/v1/passports/{path}/suspension", json={}, headers=maker).status_code < 300
    assert "SUSPENDED" in api.get(url, headers={"Accept": "text/html"}).text
    assert api.post(f"/api/v1/passports/{path}/revocation", json={}, headers=maker).status_code < 300
    revoked = api.get(url + "?lang=fr", headers={"Accept": "text/html"}).text
    assert "RÉVOQUÉ" in revoked
    assert verify(api.get(url, headers={"Accept": "application/ld+json"}).json()).verified is not None


# --- a Battery Pass 1.2.0 document set as the POST body (?format=batterypass-1.2) ------------------------------

def _batterypass_body(data: dict) -> dict:
    """The example as a Battery Pass 1.2.0 document set, plus, as `supplement`, the attributes that model lacks."""
    from passport.exchange import export_passport
    from passport.exchange import batterypass as bp
    from passport.exchange.table import leaves
    from tests.exchange.helpers import _collect

    documents = export_passport(data, "batterypass-1.2", "authority").document
    mapped = {ours.split("[]")[0] for ours, *_ in leaves(bp.TABLE)}
    supplement = copy.deepcopy(data)
    # drop from the supplement every top-level leaf the document set carries (lists stay: replaced whole)
    for path in mapped:
        *parents, last = path.split(".")
        node = supplement
        for part in parents:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict) and not isinstance(node.get(last), list):
            node.pop(last, None)
    assert _collect(supplement, ["generalProductInformation", "weightKg"]) == []
    return {**documents, "supplement": supplement}


def test_issue_from_a_battery_pass_document_set(api, maker, data):
    body = _batterypass_body(data)
    r = api.post("/api/v1/passports", params={"format": "batterypass-1.2"}, json=body, headers=maker)
    assert r.status_code == 201, r.text
    subject = r.json()["credential"]["credentialSubject"]
    assert subject["generalProductInformation"]["weightKg"] == data["generalProductInformation"]["weightKg"]
    assert subject["performanceAndDurability"]["maximumPermittedPowerW"] == \
        data["performanceAndDurability"]["maximumPermittedPowerW"]          # 270 kW back to W


def test_a_refused_battery_pass_value_is_a_422_naming_it(api, maker, data):
    body = _batterypass_body(data)
    body["GeneralProductInformation"]["batteryCategory"] = "bus"
    r = api.post("/api/v1/passports", params={"format": "batterypass-1.2"}, json=body, headers=maker)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "IMPORT_INVALID"
    assert error["details"]["pointer"] == "/GeneralProductInformation/batteryCategory"


def test_a_battery_pass_set_without_the_supplement_names_what_is_missing(api, maker, data):
    body = {k: v for k, v in _batterypass_body(data).items() if k != "supplement"}
    r = api.post("/api/v1/passports", params={"format": "batterypass-1.2"}, json=body, headers=maker)
    assert r.status_code == 422
    pointers = {p["pointer"] for p in r.json()["error"]["details"]["problems"]}
    assert "/generalProductInformation/batteryModel" in pointers and "/testReports" in pointers
    assert api.post("/api/v1/passports", params={"format": "xlsx"}, json=body, headers=maker).status_code == 422


def test_a_batch_with_one_identifier_outside_the_prefixes_issues_nothing(api, maker, data, engine):
    from passport.registry import list_passports

    foreign = copy.deepcopy(data)
    foreign["generalProductInformation"]["uniqueIdentifier"] = "/01/05012345000015/21/S-9"  # prefix 5012345 (check digit 5 by hand)
    r = api.post("/api/v1/passports/batch", json={"passports": [data, foreign]}, headers=maker)
    assert r.status_code == 403 and r.json()["error"]["code"] == "IDENTIFIER_OUTSIDE_PREFIXES"
    assert r.json()["error"]["details"]["pointer"] == "/passports/1/generalProductInformation/uniqueIdentifier"
    with session_scope(engine) as s:
        assert list_passports(s, offset=0, limit=10).total == 0
