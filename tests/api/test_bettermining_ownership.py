"""Issue 22, point 4: Better Mining records belong to the organisation whose upload created them.

Another organisation's contributor token cannot change them (422 `not_owner`, nothing written); the owner can;
every import's audit entry names the token, its organisation and the SHA-256 of each uploaded file. Also: one
upload with several bad rows reports all of them in one answer.
"""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from indices.bettermining.importer import import_files
from passport.audit.chain import list_audit
from passport.auth import Role, create_token, token_hash_key
from passport.store.engine import session_scope
from tests.bettermining.conftest import incident_rows, store_snapshot

URL = "/api/v1/contributions/bettermining"


def _token(engine, settings, organisation: str) -> tuple[dict[str, str], str]:
    with session_scope(engine) as session:
        issued = create_token(session, organisation=organisation, role=Role.CONTRIBUTOR, expires_in_days=1,
                              key=token_hash_key(settings))
    return {"Authorization": f"Bearer {issued.token}"}, issued.info.id


def _upload(client, headers, rows) -> tuple[object, bytes]:
    body = json.dumps(rows, ensure_ascii=False).encode()
    return client.post(URL, headers=headers, files=[("files", ("incidents.json", body, "application/json"))]), body


@pytest.fixture
def two_programmes(app, engine, api_settings, better_mining_dir):
    a, token_a = _token(engine, api_settings, "Programme A")
    b, _ = _token(engine, api_settings, "Programme B")
    rows = incident_rows(better_mining_dir)[:5]
    with TestClient(app) as client:
        first, body = _upload(client, a, rows)
        assert first.status_code == 201, first.json()
        yield client, a, b, rows, (body, token_a)


def test_another_organisation_cannot_change_a_record(two_programmes, engine):
    client, _, b, rows, _ = two_programmes
    before = store_snapshot(engine)
    changed = copy.deepcopy(rows)
    changed[2]["date"] = "2022-12-31"
    changed[2]["description_zh"] = "改写"
    changed.append({**rows[0], "id": "BM22-NEW-001"})  # a new record in the same upload is not written either
    r, _ = _upload(client, b, changed)
    assert r.status_code == 422
    error = r.json()["error"]
    assert (error["code"], error["details"]["reason"], error["details"]["row"], error["details"]["field"]) == (
        "IMPORT_FAILED", "not_owner", 3, "id")
    assert store_snapshot(engine) == before


def test_the_same_records_again_are_unchanged_for_anyone(two_programmes):
    client, _, b, rows, _ = two_programmes
    r, _ = _upload(client, b, rows)
    assert r.status_code == 201 and r.json()["files"][0]["unchanged"] == 5


def test_the_owner_may_change_its_record(two_programmes):
    client, a, _, rows, _ = two_programmes
    changed = copy.deepcopy(rows)
    changed[2]["date"] = "2022-12-31"
    r, _ = _upload(client, a, changed)
    assert r.status_code == 201 and (r.json()["files"][0]["updated"], r.json()["files"][0]["unchanged"]) == (1, 4)


def test_records_the_operator_imported_are_not_a_contributors_to_change(app, engine, api_settings, tmp_path,
                                                                       better_mining_dir):
    rows = incident_rows(better_mining_dir)[:3]
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    import_files(engine, [path])  # the CLI's import: owned by no organisation
    changed = copy.deepcopy(rows)
    changed[0]["date"] = "2022-12-30"
    b, _ = _token(engine, api_settings, "Programme B")
    with TestClient(app) as client:
        r, _ = _upload(client, b, changed)
    assert r.status_code == 422 and r.json()["error"]["details"]["reason"] == "not_owner"


def test_the_audit_entry_names_token_organisation_and_upload_digest(two_programmes, engine):
    _, _, _, _, (body, token_id) = two_programmes
    with Session(engine) as session:
        (entry,) = list_audit(session, action="import")
    assert entry.actor == f"Programme A (token {token_id})" and entry.payload["token"] == token_id
    assert entry.payload["organisation"] == "Programme A" and entry.payload["organisationId"] is not None
    assert entry.payload["uploads"] == [{"file": "incidents.json", "sha256": hashlib.sha256(body).hexdigest()}]


def test_every_bad_row_is_reported_in_one_answer(app, engine, api_settings, better_mining_dir):
    a, _ = _token(engine, api_settings, "Programme A")
    rows = incident_rows(better_mining_dir)[:6]
    rows[1]["score"] = "25"                # wrong type
    rows[3]["date"] = "31/01/2022"         # wrong type
    rows[4]["id"] = rows[0]["id"]          # duplicate id
    with TestClient(app) as client:
        r, _ = _upload(client, a, rows)
    assert r.status_code == 422
    details = r.json()["error"]["details"]
    assert details["problemCount"] == 3
    assert [(p["row"], p["field"], p["reason"]) for p in details["problems"]] == [
        (2, "score", "wrong_type"), (4, "date", "wrong_type"), (5, "id", "duplicate_id")]
    assert all(p["file"] == "incidents.json" for p in details["problems"])
    assert store_snapshot(engine)["bm_incident"] == []
