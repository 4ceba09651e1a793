"""Issue 22, point 8 and issue 15's capped error bodies: small things an attacker could read or use."""

from __future__ import annotations

import copy
import json

from fastapi.testclient import TestClient

from api.errors import MAX_LISTED, MAX_TEXT, capped
from tests.api.test_issuer_api import _maker_token
from tests.api.conftest import example_files


def test_invalid_as_of_does_not_echo_its_input(client, stored_passports):
    probe = "<script>alert(1)</script>"
    r = client.get(f"{stored_passports[0].path}?as_of={probe}", headers={"Accept": "application/ld+json"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "INVALID_AS_OF"  # resolve answers 404 here
    assert "script" not in r.text and "alert" not in r.text


def test_the_vocabulary_page_varies_by_accept_language(client):
    r = client.get("/vocab", headers={"Accept-Language": "fr"})
    assert r.status_code == 200 and r.headers["content-language"] == "fr"
    assert "accept-language" in r.headers["vary"].lower() and r.headers["cache-control"].startswith("public")


def test_a_batch_error_pointer_names_the_item_once(app, engine, api_settings, issuer_key):
    maker = {"Authorization": f"Bearer {_maker_token(engine, api_settings, issuer_key)}"}
    data = json.loads(example_files()[0].read_text())
    with TestClient(app) as c:
        assert c.post("/api/v1/passports", json=data, headers=maker).status_code == 201
        foreign = copy.deepcopy(data)  # a GTIN under a company prefix this maker does not hold
        foreign["generalProductInformation"]["uniqueIdentifier"] = "/01/07612345000015/21/X-1"
        r = c.post("/api/v1/passports/batch", json={"passports": [data, foreign]}, headers=maker)
    assert r.status_code in (403, 409, 422), r.json()
    pointer = r.json()["error"]["details"]["pointer"]
    assert pointer.startswith("/passports/1/") and pointer.count("/passports/") == 1, pointer


def test_error_bodies_are_capped():
    error = {"code": "X", "message": "m" * 10_000, "details": {
        "problems": [{"pointer": f"/{i}", "message": "y" * 2_000} for i in range(1_000)], "row": 3}}
    body = capped(error)
    assert len(body["message"]) == MAX_TEXT + 1
    assert len(body["details"]["problems"]) == MAX_LISTED and body["details"]["problemsTotal"] == 1_000
    assert len(body["details"]["problems"][0]["message"]) == MAX_TEXT + 1 and body["details"]["row"] == 3
    assert len(json.dumps(body)) < 100_000


def test_a_batch_of_bad_passports_answers_a_capped_body(app, engine, api_settings, issuer_key):
    maker = {"Authorization": f"Bearer {_maker_token(engine, api_settings, issuer_key)}"}
    data = json.loads(example_files()[0].read_text())
    for key in ("materialComposition", "circularity", "performanceAndDurability"):
        data[key] = {"unexpected": "x" * 2_000}
    with TestClient(app) as c:
        r = c.post("/api/v1/passports/batch", json={"passports": [data] * 100}, headers=maker)
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert len(details["problems"]) == MAX_LISTED and details["problemsTotal"] > MAX_LISTED
    assert len(r.content) < 100_000
