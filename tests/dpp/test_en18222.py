"""EN 18222 conformance walk: every operation under /dpp/v1, its success and each error path, at each access
level, on SQLite and PostgreSQL (the `engine` fixture). Errors are Result objects; assertions are on codes.

Oracles: the content a level reads is the maker's data filtered by the written-out Annex XIII table
(`tests/model/access_table.py`, not the model's projection nor the stored ecdsa-sd views the API serves); header values are read off the example files by hand; the DPP
id is the RFC 9562 name-based UUID computed here with `uuid.uuid5`.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from passport import verify
from passport.jsonld.rdf import to_rdf
from passport.lifecycle import issue_version, verify_audit
from passport.trust import TrustSources, status_checker_for
from passport.model import AccessGroup
from passport.registry.issue import prepare
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.api.test_access_walk import restricted_values
from tests.dpp.conftest import BASE_URL, SPEC, example, make_service
from tests.model.access_table import oracle_view

PATH = "/01/04012345000016/21/ESS200-004711"
URL = BASE_URL + PATH
DPP_ID = "urn:uuid:" + str(uuid.uuid5(uuid.UUID("6f1d3c2a-8e0b-5d7e-9a41-b7c2e5f0d418"), PATH))
LEVELS = ["public", "legitimate_interest", "authority"]
HEADER = {"digitalProductPassportId", "uniqueProductIdentifier", "granularity", "dppSchemaVersion", "dppStatus",
          "lastUpdate", "economicOperatorId", "facilityId", "contentSpecificationIds"}
MERGE = {"Content-Type": "application/merge-patch+json"}


def codes(response) -> list[str]:
    """The codes of a Result object, after checking its shape (EN 18222 §Result)."""
    body = response.json()
    assert set(body) == {"messages"} and body["messages"]
    for message in body["messages"]:
        assert set(message) == {"messageType", "text", "code", "correlationId", "timestamp"}
        assert message["messageType"] == "Error"
    return [m["code"] for m in body["messages"]]


def seed(engine, service, data, when: datetime):
    """Version 1 issued by Maker A at `when` (the clock is injected; the API uses the real one)."""
    with session_scope(engine) as session:
        org_id = session.exec(select(Organisation.id).where(Organisation.name == "Maker A")).one()
        return issue_version(session, data, signer=service.issuer, base_url=BASE_URL, actor="Maker A",
                             organisation_id=org_id, issuer_name="Maker A", now=when)


@pytest.fixture
def created(service, data):
    r = service.client.post("/dpp/v1/dpps", json={SPEC: data}, headers=service.headers["manufacturer"])
    assert r.status_code == 201, r.text
    return r


# --- CreateDPP ------------------------------------------------------------------------------------------------

def test_create_returns_201_and_the_dpp_id(created):
    body = created.json()
    assert body == {"digitalProductPassportId": DPP_ID, "uniqueProductIdentifier": URL, "version": 1}
    assert created.headers["location"] == f"{BASE_URL}/dpp/v1/dpps/{DPP_ID}"


@pytest.mark.parametrize("role, status, code", [("public", 401, "TOKEN_REQUIRED"),
                                                ("authority", 403, "ACCESS_DENIED"),
                                                ("other_maker", 403, "IDENTIFIER_OUTSIDE_PREFIXES")])
def test_create_needs_an_issuer_token(service, data, role, status, code):
    r = service.client.post("/dpp/v1/dpps", json={SPEC: data}, headers=service.headers[role])
    assert r.status_code == status and codes(r) == [code]


def test_create_refuses_an_existing_passport(service, data, created):
    r = service.client.post("/dpp/v1/dpps", json={SPEC: data}, headers=service.headers["manufacturer"])
    assert r.status_code == 409 and codes(r) == ["DPP_EXISTS"]


@pytest.mark.parametrize("body, code, pointer", [
    ({"dppStatus": "Active"}, "READ_ONLY_FIELD", "/dppStatus"),
    ({"passport": {}}, "UNKNOWN_MEMBER", "/passport"),
    ({SPEC: "text"}, "INVALID_MERGE_PATCH", None),
])
def test_create_refuses_a_malformed_document(service, data, body, code, pointer):
    r = service.client.post("/dpp/v1/dpps", json={SPEC: data, **body} if code != "INVALID_MERGE_PATCH" else body,
                            headers=service.headers["manufacturer"])
    assert r.status_code == 422 and codes(r) == [code]
    if pointer:
        assert f"pointer={pointer}" in r.json()["messages"][0]["text"]


def test_create_names_the_invalid_field(service, data):
    data["generalProductInformation"]["weightKg"] = "heavy"
    r = service.client.post("/dpp/v1/dpps", json={SPEC: data}, headers=service.headers["manufacturer"])
    assert r.status_code == 422 and "/generalProductInformation/weightKg" in r.text
    assert service.client.get(f"/dpp/v1/dpps/{DPP_ID}").status_code == 404  # nothing was written


# --- reads at each level ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_read_by_id_serves_the_header_and_the_level_content(service, data, created, level):
    r = service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers=service.headers[level])
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    body = r.json()
    authority_only = {"euRegistryRegistration"} if level == "authority" else set()
    assert set(body) == HEADER | {SPEC} | authority_only
    assert body.get("euRegistryRegistration") is None  # not registered: no registry configured
    assert {k: body[k] for k in HEADER - {"lastUpdate"}} == {
        "digitalProductPassportId": DPP_ID, "uniqueProductIdentifier": URL, "granularity": "Item",
        "dppSchemaVersion": "1.0.0", "dppStatus": "Active", "economicOperatorId": "gln:4012345000009",
        "facilityId": None, "contentSpecificationIds": [SPEC]}
    assert datetime.fromisoformat(body["lastUpdate"]) <= datetime.now(UTC)
    _, passport = prepare(data, BASE_URL)
    assert body[SPEC] == {k: v for k, v in oracle_view(passport.model_dump(mode="json", by_alias=True, exclude_none=True), level).items() if k != "id"}
    for value in restricted_values(data, level):
        assert value not in r.text


def test_header_reads_operator_and_facility_from_the_passport(service):
    ev = example("nmc811-ev-pack")
    service.client.post("/dpp/v1/dpps", json={SPEC: ev}, headers=service.headers["manufacturer"])
    body = service.client.get("/dpp/v1/dppsByProductId/01/09506000134352/21/EVP75-2026-000123").json()
    assert body["economicOperatorId"] == "eori:DE123456789012345" and body["facilityId"] == "4012345000009"


@pytest.mark.parametrize("product_id", [PATH, quote(URL, safe=""), URL])
def test_read_by_product_id(service, created, product_id):
    r = service.client.get(f"/dpp/v1/dppsByProductId/{product_id}")
    assert r.status_code == 200 and r.json()["digitalProductPassportId"] == DPP_ID


@pytest.mark.parametrize("url, status, code", [
    ("/dpp/v1/dpps/0f8fad5b-d9cb-469f-a165-70867728950e", 404, "DPP_NOT_FOUND"),
    ("/dpp/v1/dpps/not-a-uuid", 422, "INVALID_DPP_ID"),
    ("/dpp/v1/dppsByProductId/01/04012345000016/21/NOPE", 404, "DPP_NOT_FOUND"),
    ("/dpp/v1/dppsByProductId/01/04012345000017/21/X", 422, "INVALID_PRODUCT_ID"),
    (f"/dpp/v1/dppsByIdAndDate/{DPP_ID}?date=yesterday", 422, "INVALID_DATE"),
    (f"/dpp/v1/dppsByIdAndDate/{DPP_ID}", 422, "INVALID_INPUT"),
    (f"/dpp/v1/dpps/{DPP_ID}?representation=tiny", 422, "INVALID_INPUT"),
])
def test_read_error_paths(service, created, url, status, code):
    r = service.client.get(url)
    assert r.status_code == status and codes(r) == [code]


@pytest.mark.parametrize("method, url, status, code", [("GET", "/dpp/v1/nothing", 404, "NOT_FOUND"),
                                                       ("PUT", f"/dpp/v1/dpps/{DPP_ID}", 405, "METHOD_NOT_ALLOWED")])
def test_unrouted_requests_are_result_objects_too(service, method, url, status, code):
    r = service.client.request(method, url)
    assert r.status_code == status and codes(r) == [code]
    assert service.client.get("/api/v1/nothing").json() == {"detail": "Not Found"}  # our API keeps its format


def test_bad_token_is_401_result(service, created):
    r = service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers={"Authorization": "Bearer bp_nope.nope"})
    assert r.status_code == 401 and codes(r) == ["INVALID_TOKEN"] and "www-authenticate" in r.headers


def test_correlation_id_is_echoed(service):
    r = service.client.get("/dpp/v1/dpps/x", headers={"X-Correlation-Id": "req-42"})
    assert r.json()["messages"][0]["correlationId"] == "req-42" and r.headers["x-correlation-id"] == "req-42"


# --- representation and content negotiation --------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_compressed_lists_the_elements_the_level_may_read(service, created, level):
    h = service.headers[level]
    full = service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers=h).json()
    compressed = service.client.get(f"/dpp/v1/dpps/{DPP_ID}?representation=compressed", headers=h).json()
    assert {k: v for k, v in compressed.items() if k != SPEC} == {k: v for k, v in full.items() if k != SPEC}
    paths = compressed[SPEC]
    assert "/generalProductInformation/batteryModel" in paths
    assert ("/testReports/0/reportId" in paths) is (level == "authority")
    assert ("/generalProductInformation/batteryStatus" in paths) is (level != "public")
    for path in paths[:40]:  # each listed element reads back at the same level
        r = service.client.get(f"/dpp/v1/dpps/{DPP_ID}/elements{path}", headers=h)
        assert r.status_code == 200, path


def test_negotiates_json_ld_and_the_signed_credential(service, engine, created):
    ld = service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers={"Accept": "application/ld+json"})
    assert ld.headers["content-type"] == "application/ld+json"
    quads = {(q.predicate, q.object) for q in to_rdf(ld.json())}  # expands offline, with the shipped contexts
    assert ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<https://w3id.org/battery-passport/dpp#"
            "DigitalProductPassport>") in quads
    assert ("<https://w3id.org/battery-passport/dpp#digitalProductPassportId>", f'"{DPP_ID}"') in quads
    assert any(p == "<https://w3id.org/battery-passport/vocab#batteryModel>" for p, _ in quads)
    vc = service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers={"Accept": "application/vc+ld+json",
                                                                **service.headers["legitimate_interest"]})
    assert vc.headers["content-type"] == "application/vc+ld+json"
    checker = status_checker_for(TrustSources(engine=engine, base_url=BASE_URL,
                                                 signer_for=lambda did: service.issuer))
    assert verify(vc.json(), status_checker=checker).verified
    assert "batteryStatus" in json.dumps(vc.json()) and "reportId" not in vc.text
    r = service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers={"Accept": "text/html"})
    assert r.status_code == 406 and codes(r) == ["NOT_ACCEPTABLE"]


# --- archive: versions by date ---------------------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_versions_by_date_with_the_same_access_limits(service, engine, data, level):
    seed(engine, service, data, datetime(2026, 1, 10, tzinfo=UTC))
    r = service.client.patch(f"/dpp/v1/dpps/{DPP_ID}", json={SPEC: {"performanceAndDurability": {
        "batteryCondition": {"stateOfHealthPercent": "97.5"}}}}, headers={**service.headers["manufacturer"], **MERGE})
    assert r.status_code == 200 and r.json()["version"] == 2
    h = service.headers[level]
    old = service.client.get(f"/dpp/v1/dppsByIdAndDate/{DPP_ID}?date=2026-03-01", headers=h)
    new = service.client.get(f"/dpp/v1/dppsByProductIdAndDate{PATH}?date={quote(datetime.now(UTC).isoformat())}",
                             headers=h)
    assert old.headers["content-location"].endswith("/versions/1")
    assert new.headers["content-location"].endswith("/versions/2")
    assert old.json()["lastUpdate"].startswith("2026-01-10")
    soh = [b.json()[SPEC]["performanceAndDurability"].get("batteryCondition", {}).get("stateOfHealthPercent")
           for b in (old, new)]
    assert soh == (["99.6", "97.5"] if level != "public" else [None, None])
    for value in restricted_values(data, level):
        assert value not in old.text and value not in new.text
    r = service.client.get(f"/dpp/v1/dppsByIdAndDate/{DPP_ID}?date=2025-12-31", headers=h)
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]


# --- dppsByProductIds ------------------------------------------------------------------------------------------

def test_dpp_ids_by_product_ids_paged(service, created):
    ids = [PATH, "/01/04012345000016/21/UNKNOWN", URL]
    first = service.client.post("/dpp/v1/dppsByProductIds", json={"productIds": ids, "limit": 2})
    assert first.status_code == 200
    assert first.json()["dpps"] == [{"productId": PATH, "digitalProductPassportId": DPP_ID},
                                    {"productId": ids[1], "digitalProductPassportId": None}]
    second = service.client.post("/dpp/v1/dppsByProductIds", json={"productIds": ids, "limit": 2,
                                                                    "cursor": first.json()["nextCursor"]})
    assert second.json() == {"dpps": [{"productId": URL, "digitalProductPassportId": DPP_ID}], "nextCursor": None}
    r = service.client.post("/dpp/v1/dppsByProductIds", json={"productIds": ids[:2], "limit": 2,
                                                               "cursor": first.json()["nextCursor"]})
    assert r.status_code == 422 and codes(r) == ["INVALID_CURSOR"]
    r = service.client.post("/dpp/v1/dppsByProductIds", json={"productIds": [PATH, "/01/123/21/x"]})
    assert r.status_code == 422 and codes(r) == ["INVALID_PRODUCT_ID"] and "/productIds/1" in r.text
    r = service.client.post("/dpp/v1/dppsByProductIds", json={"productIds": [PATH, "/01/" + "9" * 700]})
    assert r.status_code == 422 and codes(r) == ["INVALID_INPUT"] and "pointer=/productIds/1" in r.text
    r = service.client.post("/dpp/v1/dppsByProductIds", json={"productIds": [], "limit": 500})
    assert r.status_code == 422 and set(codes(r)) == {"INVALID_INPUT"} and len(codes(r)) == 2


# --- UpdateDPP (JSON Merge Patch) ------------------------------------------------------------------------------

def test_merge_patch_goes_through_the_lifecycle(service, engine, created, data):
    url, maker = f"/dpp/v1/dpps/{DPP_ID}", {**service.headers["manufacturer"], **MERGE}
    before = service.client.get(url, headers=service.headers["authority"]).json()
    static = {SPEC: {"generalProductInformation": {"batteryModel": "NL-ESS 200 rev B"}}}
    r = service.client.patch(url, json=static, headers=maker)
    assert r.status_code == 422 and codes(r) == ["STATIC_CHANGE_NEEDS_REASON"]
    r = service.client.patch(url + "?reason=correction", json=static, headers=maker)
    assert r.status_code == 200 and r.json()["version"] == 2
    removal = {SPEC: {"performanceAndDurability": {"batteryCondition": {"negativeEvents": None}}}}  # RFC 7396: null removes
    assert service.client.patch(url, json=removal, headers=maker).json()["version"] == 3
    after = service.client.get(url, headers=service.headers["authority"]).json()
    assert after[SPEC]["generalProductInformation"]["batteryModel"] == "NL-ESS 200 rev B"
    assert "negativeEvents" not in after[SPEC]["performanceAndDurability"]["batteryCondition"]
    assert after[SPEC]["testReports"] == before[SPEC]["testReports"]  # untouched members stay
    assert after["lastUpdate"] > before["lastUpdate"]
    with session_scope(engine) as session:
        assert verify_audit(session).verified


@pytest.mark.parametrize("role, body, status, code", [
    ("other_maker", {SPEC: {"circularity": {}}}, 403, "NOT_PASSPORT_OWNER"),
    ("legitimate_interest", {SPEC: {}}, 403, "ACCESS_DENIED"),
    ("public", {SPEC: {}}, 401, "TOKEN_REQUIRED"),
    ("manufacturer", {"lastUpdate": "2030-01-01"}, 422, "READ_ONLY_FIELD"),
    ("manufacturer", {SPEC: {"generalProductInformation": {"uniqueIdentifier": "/01/04012345000016/21/OTHER"}}},
     409, "IDENTIFIER_MISMATCH"),
    ("manufacturer", {SPEC: {"generalProductInformation": {"weightKg": None}}}, 422, "INVALID_PASSPORT"),
])
def test_merge_patch_error_paths(service, created, role, body, status, code):
    r = service.client.patch(f"/dpp/v1/dpps/{DPP_ID}", json=body, headers={**service.headers[role], **MERGE})
    assert r.status_code == status and codes(r) == [code]


def test_patch_of_unknown_dpp_is_404(service):
    r = service.client.patch("/dpp/v1/dpps/0f8fad5b-d9cb-469f-a165-70867728950e", json={SPEC: {}},
                             headers={**service.headers["manufacturer"], **MERGE})
    assert r.status_code == 404 and codes(r) == ["DPP_NOT_FOUND"]


# --- data elements ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, group", [("generalProductInformation/batteryModel", "public"),
                                         ("generalProductInformation/batteryStatus", "legitimate_interest"),
                                         ("testReports/0/reportId", "authority")])
@pytest.mark.parametrize("level", LEVELS)
def test_read_element_enforces_its_access_group(service, created, data, path, group, level):
    r = service.client.get(f"/dpp/v1/dpps/{DPP_ID}/elements/{path}", headers=service.headers[level])
    expected = data
    for token in path.split("/"):
        expected = expected[int(token) if token.isdigit() else token]
    if AccessGroup(level).can_read(AccessGroup(group)):
        assert r.status_code == 200
        assert r.json()["value"] == expected and r.json()["accessGroup"] == group
    else:
        assert r.status_code == 403 and codes(r) == ["ELEMENT_ACCESS_DENIED"]
        assert expected not in r.text


@pytest.mark.parametrize("path, status, code", [("generalProductInformation/colour", 404, "ELEMENT_NOT_FOUND"),
                                                ("testReports/x", 404, "ELEMENT_NOT_FOUND"),
                                                ("performanceAndDurability/batteryCondition/negativeEvents/5", 404, "ELEMENT_NOT_FOUND"),
                                                ("/", 422, "INVALID_ELEMENT_PATH")])
def test_read_element_error_paths(service, created, path, status, code):
    r = service.client.get(f"/dpp/v1/dpps/{DPP_ID}/elements/{path}", headers=service.headers["authority"])
    assert r.status_code == status and codes(r) == [code]


def test_update_element_issues_the_next_version(service, created):
    url, maker = f"/dpp/v1/dpps/{DPP_ID}/elements/generalProductInformation/batteryStatus", \
        service.headers["manufacturer"]
    r = service.client.patch(url, json={"value": "repurposed"}, headers=maker)
    assert r.status_code == 422 and codes(r) == ["EVIDENCE_REQUIRED"]
    r = service.client.patch(url + "?note=second+life+as+home+storage", json={"value": "repurposed"}, headers=maker)
    assert r.status_code == 200 and r.json()["version"] == 2
    read = service.client.get(url, headers=service.headers["legitimate_interest"]).json()
    assert read["value"] == "repurposed"
    r = service.client.patch(url + "?note=x", json={"value": "original"}, headers=maker)
    assert r.status_code == 422 and codes(r) == ["STATUS_TRANSITION_FORBIDDEN"]
    r = service.client.patch(f"/dpp/v1/dpps/{DPP_ID}/elements/testReports/9/reportId", json={"value": "x"},
                             headers=maker)
    assert r.status_code == 422 and codes(r) == ["ELEMENT_INDEX_OUT_OF_RANGE"]
    r = service.client.patch(url, json={"value": "waste"}, headers=service.headers["authority"])
    assert r.status_code == 403


# --- DeleteDPP -------------------------------------------------------------------------------------------------

def test_delete_only_once_waste_and_versions_stay_archived(service, engine, created, data):
    url, maker = f"/dpp/v1/dpps/{DPP_ID}", service.headers["manufacturer"]
    r = service.client.delete(url, headers=maker)
    assert r.status_code == 409 and codes(r) == ["PASSPORT_CANNOT_END"]
    assert service.client.delete(url, headers=service.headers["other_maker"]).status_code == 403
    r = service.client.patch(f"{url}/elements/generalProductInformation/batteryStatus?note=end+of+life",
                             json={"value": "waste"}, headers=maker)
    assert r.status_code == 200
    assert service.client.delete(url + "?reason=recycled", headers=maker).status_code == 204
    r = service.client.get(url)
    assert r.status_code == 404 and codes(r) == ["DPP_ENDED"]
    now = quote(datetime.now(UTC).isoformat())
    for level in LEVELS:  # every version is still there, by date, at the same limits
        archived = service.client.get(f"/dpp/v1/dppsByIdAndDate/{DPP_ID}?date={now}", headers=service.headers[level])
        assert archived.status_code == 200 and archived.json()["dppStatus"] == "Archived"
        assert archived.headers["content-location"].endswith("/versions/2")
        for value in restricted_values(data, level):
            assert value not in archived.text
    r = service.client.patch(url, json={SPEC: {}}, headers={**maker, **MERGE})
    assert r.status_code == 409 and codes(r) == ["DPP_ENDED"]
    r = service.client.delete(url, headers=maker)
    assert r.status_code == 409 and codes(r) == ["DPP_ENDED"]
    assert service.client.get(f"/01/04012345000016/21/ESS200-004711/versions/1",
                              headers={"Accept": "application/ld+json"}).status_code == 200
    with session_scope(engine) as session:
        assert verify_audit(session).verified


def test_dpp_status_follows_suspension_and_revocation(service, created):
    maker, api = service.headers["manufacturer"], f"/api/v1/passports{PATH}"

    def status() -> set[str]:
        return {service.client.get(f"/dpp/v1/dpps/{DPP_ID}", headers=service.headers[level]).json()["dppStatus"]
                for level in LEVELS}

    assert status() == {"Active"}
    assert service.client.post(f"{api}/suspension", json={}, headers=maker).status_code == 200
    assert status() == {"Suspended"}
    assert service.client.post(f"{api}/reinstatement", json={}, headers=maker).status_code == 200
    assert status() == {"Active"}
    assert service.client.post(f"{api}/revocation", json={}, headers=maker).status_code == 200
    assert status() == {"Revoked"}
    r = service.client.patch(f"/dpp/v1/dpps/{DPP_ID}", json={SPEC: {}}, headers={**maker, **MERGE})
    assert r.status_code == 409 and codes(r) == ["PASSPORT_REVOKED"]


def test_rate_limited_reads_are_result_objects_with_retry_after(engine, tmp_path, issuer_keys):
    settings, _ = make_service(engine, tmp_path, issuer_keys, rate_limit_read="2/minute")
    with TestClient(create_app(settings)) as client:
        statuses = [client.get(f"/dpp/v1/dpps/{DPP_ID}").status_code for _ in range(3)]
        r = client.get(f"/dpp/v1/dppsByProductId{PATH}")
    assert statuses[:2] == [404, 404] and statuses[2] == 429
    assert r.status_code == 429 and codes(r) == ["RATE_LIMITED"] and int(r.headers["retry-after"]) >= 1
