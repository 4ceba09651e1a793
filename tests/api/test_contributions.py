"""The contributor API: signed custody credentials and Better Mining exports, verified and applied all or nothing."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from passport.auth import Role, create_token, token_hash_key
from passport.custody.tables import CustodyEvent
from passport.store.engine import session_scope
from tests.bettermining.conftest import FILES_2022, incident_rows, store_counts
from tests.custody.conftest import COOP_A, EXPORTER, MINE_A, MONITOR, chain  # noqa: F401  (fixture)
from tests.custody.test_intake import _bags

CUSTODY = "/api/v1/contributions/custody"
BETTERMINING = "/api/v1/contributions/bettermining"


def _token(engine, settings, role: Role, name: str, party: str | None = None) -> dict[str, str]:
    with session_scope(engine) as session:
        token = create_token(session, organisation=name, role=role, expires_in_days=1,
                             key=token_hash_key(settings), party_id=party).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def bound(engine, api_settings, chain):  # noqa: F811
    """A contributor token bound to a custody party (the chain's parties exist once `chain` is set up)."""
    def make(party: str = MONITOR) -> dict[str, str]:
        return _token(engine, api_settings, Role.CONTRIBUTOR, "Programme Monitor", party)

    make.settings = api_settings  # type: ignore[attr-defined]
    return make


@pytest.fixture
def api(app, engine, api_settings):
    contributor = _token(engine, api_settings, Role.CONTRIBUTOR, "Refiner Oy")
    reader = _token(engine, api_settings, Role.LEGITIMATE_INTEREST, "Repair Shop")
    with TestClient(app) as client:
        yield client, contributor, reader


def _events(engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(CustodyEvent))


def test_a_signed_custody_credential_is_applied(api, chain, bound):  # noqa: F811
    client, _, _ = api
    contributor = bound()
    raw = chain.credential(MONITOR, _bags(MINE_A, 1, 3, 1))
    r = client.post(CUSTODY, content=raw, headers={**contributor, "Content-Type": "application/json"})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["digestSri"].startswith("sha384-") and len(body["eventIds"]) == 1 and body["warnings"] == []
    assert _events(chain.engine) == 1
    again = client.post(CUSTODY, content=raw, headers={**contributor, "Content-Type": "application/json"})
    assert again.status_code == 409  # the same credential twice


def test_a_tampered_credential_is_422_naming_the_signature_and_nothing_is_written(api, chain, bound):  # noqa: F811
    client, _, _ = api
    contributor = bound()
    document = json.loads(chain.credential(MONITOR, _bags(MINE_A, 1, 2, 1)))
    document["credentialSubject"][0]["quantityList"][0]["quantity"] = 55.0
    r = client.post(CUSTODY, json=document, headers=contributor)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "SIGNATURE_INVALID" and "signature" in r.json()["error"]["details"]["checks"]
    assert "55" not in json.dumps(r.json())
    assert _events(chain.engine) == 0


def test_a_party_signing_for_another_is_422(api, chain, bound):  # noqa: F811
    client, _, _ = api
    raw = chain.credential(COOP_A, _bags("urn:epc:id:sgln:9520001.00012.0", 2, 1, 1))  # coop A for coop B's mine
    maker = _token(chain.engine, bound.settings, Role.MANUFACTURER, "Maker A")  # tokens bound to no party
    r = client.post(CUSTODY, content=raw, headers={**maker, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "NOT_AUTHORISED"
    r = client.post(CUSTODY, content=raw, headers={**bound(COOP_A), "Content-Type": "application/json"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "NOT_SUBMITTERS_PARTY"  # coop B is not its party


def test_a_contributor_token_submits_only_for_its_party(api, chain, bound):  # noqa: F811
    client, unbound, _ = api
    raw = chain.credential(MONITOR, _bags(MINE_A, 1, 3, 1))  # the monitor records for mine A's coop
    headers = {"Content-Type": "application/json"}
    r = client.post(CUSTODY, content=raw, headers={**bound(EXPORTER), **headers})  # signed by someone else
    assert r.status_code == 403 and r.json()["error"]["code"] == "NOT_SUBMITTERS_PARTY"
    assert r.json()["error"]["details"]["pointer"] == "/issuer"
    r = client.post(CUSTODY, content=raw, headers={**unbound, **headers})
    assert r.status_code == 403 and r.json()["error"]["code"] == "TOKEN_NOT_BOUND_TO_PARTY"
    assert _events(chain.engine) == 0
    assert client.post(CUSTODY, content=raw, headers={**bound(MONITOR), **headers}).status_code == 201


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b"{\"type\": 3}"])
def test_garbage_is_422_never_500(api, body, bound):
    client, _, _ = api
    contributor = bound()
    r = client.post(CUSTODY, content=body, headers={**contributor, "Content-Type": "application/json"})
    assert r.status_code == 422, r.text


def test_only_contributors_and_manufacturers(api, chain):  # noqa: F811
    client, _, reader = api
    raw = chain.credential(MONITOR, _bags(MINE_A, 1, 1, 1))
    assert client.post(CUSTODY, content=raw).status_code == 401
    assert client.post(CUSTODY, content=raw, headers=reader).status_code == 403
    upload = [("files", ("incidents.json", b"[]", "application/json"))]
    assert client.post(BETTERMINING, files=upload).status_code == 401
    assert client.post(BETTERMINING, files=upload, headers=reader).status_code == 403
    assert _events(chain.engine) == 0


def _upload(better_mining_dir, names=FILES_2022):
    return [("files", (name, (better_mining_dir / name).read_bytes(), "application/octet-stream")) for name in names]


def test_the_2022_exports_import_in_one_request(api, engine, better_mining_dir):
    client, contributor, _ = api
    r = client.post(BETTERMINING, files=_upload(better_mining_dir), headers=contributor)
    assert r.status_code == 201, r.text
    summary = r.json()
    assert sorted(f["file"] for f in summary["files"]) == sorted(FILES_2022)
    assert sum(f["inserted"] for f in summary["files"]) > 0
    assert store_counts(engine)["bm_incident"] > 0
    again = client.post(BETTERMINING, files=_upload(better_mining_dir), headers=contributor).json()
    assert sum(f["inserted"] for f in again["files"]) == 0  # idempotent


def test_a_bad_row_is_422_naming_file_row_and_field_and_nothing_is_written(api, engine, better_mining_dir):
    client, contributor, _ = api
    rows = incident_rows(better_mining_dir)
    rows[4]["score"] = "25"  # a string where the JSON export has a number
    upload = [*_upload(better_mining_dir, [n for n in FILES_2022 if n != "incidents.json"]),
              ("files", ("incidents.json", json.dumps(rows).encode(), "application/json"))]
    before = store_counts(engine)
    r = client.post(BETTERMINING, files=upload, headers=contributor)
    assert r.status_code == 422, r.text
    details = r.json()["error"]["details"]
    assert details["file"] == "incidents.json" and details["field"] == "score" and details["row"] >= 1
    assert "bettermining-upload" not in r.text  # the server's temporary path never shows
    assert store_counts(engine) == before


@pytest.mark.parametrize("names", [[".."], [".hidden"], ["a.json", "a.json"]])
def test_unsafe_or_repeated_file_names_are_refused(api, names):
    client, contributor, _ = api
    files = [("files", (name, b"[]", "application/json")) for name in names]
    r = client.post(BETTERMINING, files=files, headers=contributor)
    assert r.status_code == 422 and r.json()["error"]["code"] == "INVALID_FILE_NAME"


def test_the_openapi_declares_real_request_schemas_and_every_refusal(app):
    """Oracle: the UNTP DTE shape as the spec writes it (issuer with id and name, credentialSubject events with a
    type) and the statuses the handlers can answer."""
    spec = app.openapi()
    custody = spec["paths"][CUSTODY]["post"]
    schema = custody["requestBody"]["content"]["application/json"]["schema"]
    assert schema["type"] == "object" and {"issuer", "credentialSubject", "proof", "@context"} <= set(
        schema["properties"])
    assert {"id", "name"} <= set(schema["properties"]["issuer"]["properties"])
    assert "$ref" not in json.dumps(schema)  # inlined: OpenAPI has no $defs to point into
    assert {"401", "403", "409", "413", "422"} <= set(custody["responses"])
    assert {"409", "413"} <= set(spec["paths"][BETTERMINING]["post"]["responses"])
    for path in ("/api/v1/organisations", "/api/v1/custody/parties", "/api/v1/custody/sites",
                 "/api/v1/custody/delegations"):
        post = spec["paths"][path]["post"]
        assert {"409", "413", "422"} <= set(post["responses"])
        body = post["requestBody"]["content"]["application/json"]["schema"]
        assert "$ref" in body or "properties" in body  # a named model, never a bare object


BULK = "/api/v1/contributions/custody/bulk"
NDJSON = {"Content-Type": "application/x-ndjson"}


def _monitor_batch(chain) -> list[bytes]:  # noqa: F811
    """The monitor commissions two bags for coop A (whose agent it is), then ships them for coop A."""
    from passport.custody.compose import ship
    from tests.custody.conftest import at, tag

    return [chain.credential(MONITOR, _bags(MINE_A, 1, 2, 1)),
            chain.credential(MONITOR, ship("urn:example:ship:b", at(2), [(tag(1, i), 50.0) for i in (1, 2)],
                                           source=COOP_A, destination=EXPORTER, transaction="urn:example:desadv:b"))]


def test_a_bulk_batch_is_applied_and_answered_per_credential(api, chain, bound):  # noqa: F811
    client, _, _ = api
    lines = _monitor_batch(chain)
    r = client.post(BULK, content=b"\n".join(lines) + b"\n\n", headers={**bound(), **NDJSON})
    assert r.status_code == 201, r.json()
    body = r.json()
    assert (body["credentials"], body["events"]) == (2, 2)
    assert [x["eventIds"] for x in body["receipts"]][1] == ["urn:example:ship:b"]
    assert _events(chain.engine) == 2
    again = client.post(BULK, content=lines[0], headers={**bound(), **NDJSON})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "DUPLICATE_CREDENTIAL")


def test_a_bad_line_refuses_the_batch_and_is_named(api, chain, bound):  # noqa: F811
    client, _, _ = api
    lines = _monitor_batch(chain)
    r = client.post(BULK, content=lines[0] + b"\n{not json\n", headers={**bound(), **NDJSON})
    assert r.status_code == 422 and r.json()["error"]["details"]["file"] == "line 2"
    forged = chain.credential(COOP_A, _bags(MINE_A, 1, 1, 3))   # a party the token is not bound to signs
    r = client.post(BULK, content=b"\n".join([*lines, forged]), headers={**bound(), **NDJSON})
    assert (r.status_code, r.json()["error"]["code"]) == (403, "NOT_SUBMITTERS_PARTY")
    assert r.json()["error"]["details"]["file"] == "line 3"
    for junk in (b"\xff\xfe\n", b"[1, 2]\n", b'{"a": 1, "a": 2}'):   # not UTF-8, not an object, duplicate member
        r = client.post(BULK, content=lines[0] + b"\n" + junk, headers={**bound(), **NDJSON})
        assert r.status_code == 422 and r.json()["error"]["details"]["file"] == "line 2", (junk, r.json())
    empty = client.post(BULK, content=b"\n\n", headers={**bound(), **NDJSON})
    assert (empty.status_code, empty.json()["error"]["code"]) == (422, "EMPTY_BATCH")
    assert _events(chain.engine) == 0
