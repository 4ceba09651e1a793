"""Custody participants from zero, by the operator: parties, sites (GLN check digit, SGLN, programme link) and
delegations over the API and the CLI, each write audited; a contributor token is then bound to its party."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from passport.auth import Role, create_token, token_hash_key
from passport.cli import _context, app as cli
from passport.store.engine import session_scope

runner = CliRunner()
REFINER = "urn:epc:id:pgln:9520003.00001"
TRADER = "urn:epc:id:pgln:9520002.00001"


@pytest.fixture
def client(app, engine, api_settings):
    with session_scope(engine) as s:
        token = create_token(s, organisation=None, role=Role.OPERATOR, expires_in_days=1,
                             key=token_hash_key(api_settings)).token
    with TestClient(app) as c:
        c.headers["Authorization"] = f"Bearer {token}"
        yield c


def test_operator_adds_parties_sites_and_delegations(client, engine, api_settings):
    r = client.post("/api/v1/custody/parties", json={"id": REFINER, "name": "Refiner X SA",
                                                     "did": "did:web:refiner.example", "country": "FI"})
    assert r.status_code == 201, r.text
    assert client.post("/api/v1/custody/parties", json={"id": REFINER, "name": "again",
                                                        "did": "did:web:x.example"}).status_code == 409
    # GLN 9520003000018, check digit by hand: 952000300001 weighted 3,1,3,... from the right sums to 32 -> 8
    site = client.post("/api/v1/custody/sites", json={"id": "9520003000018", "party": REFINER, "country": "FI",
                                                      "programme": "https://programme.example/refiners"})
    assert site.status_code == 201, site.text
    assert site.json()["id"] == "https://id.gs1.org/414/9520003000018"
    bad = client.post("/api/v1/custody/sites", json={"id": "9520003000012", "party": REFINER, "country": "fi",
                                                     "programme": "javascript:alert(1)"})
    assert bad.status_code == 422
    pointers = {p["pointer"] for p in bad.json()["error"]["details"]["problems"]}
    assert {"/id", "/country", "/programme"} <= pointers
    unknown = client.post("/api/v1/custody/sites", json={"id": "urn:epc:id:sgln:9520004.00001.0",
                                                         "party": "urn:nobody", "country": "FI"})
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "PARTY_NOT_FOUND"
    client.post("/api/v1/custody/parties", json={"id": TRADER, "name": "Trader", "did": "did:web:trader.example"})
    assert client.post("/api/v1/custody/delegations", json={"agent": TRADER, "principal": REFINER}).status_code == 201
    assert client.get("/api/v1/custody/delegations", params={"party": REFINER}).json() == [
        {"agent": TRADER, "principal": REFINER}]
    assert [p["id"] for p in client.get("/api/v1/custody/parties").json()] == [TRADER, REFINER]
    assert client.delete("/api/v1/custody/delegations",
                         params={"agent": TRADER, "principal": REFINER}).status_code == 200
    assert client.get("/api/v1/custody/delegations").json() == []
    gone = client.delete("/api/v1/custody/delegations", params={"agent": TRADER, "principal": REFINER})
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "DELEGATION_NOT_FOUND"
    with session_scope(engine) as s:  # a token bound to the new party; an unknown party is refused
        bound = create_token(s, organisation="Refiner X", role=Role.CONTRIBUTOR, expires_in_days=1,
                             key=token_hash_key(api_settings), party_id=REFINER)
        assert bound.info.role is Role.CONTRIBUTOR
    from passport.errors import NotFoundError

    with pytest.raises(NotFoundError) as info, session_scope(engine) as s:
        create_token(s, organisation="Refiner X", role=Role.CONTRIBUTOR, expires_in_days=1,
                     key=token_hash_key(api_settings), party_id="urn:nobody")
    assert info.value.code == "PARTY_NOT_FOUND"
    from passport.audit.chain import list_audit, verify_audit

    with session_scope(engine) as s:
        actions = [e.action for e in list_audit(s)]
        assert verify_audit(s).problems == []
    assert actions.count("custody-party") == 2 and actions.count("custody-site") == 1
    assert actions.count("custody-delegation") == 2  # granted, then revoked


def test_only_the_operator(app, engine, api_settings):
    with session_scope(engine) as s:
        maker = create_token(s, organisation="Maker A", role=Role.MANUFACTURER, expires_in_days=1,
                             key=token_hash_key(api_settings)).token
    with TestClient(app) as c:
        assert c.get("/api/v1/custody/parties").status_code == 401
        assert c.get("/api/v1/custody/parties", headers={"Authorization": f"Bearer {maker}"}).status_code == 403


def test_cli_parties_sites_delegations(engine, monkeypatch, tmp_path):
    monkeypatch.setattr(_context, "engine", lambda: engine)
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    from passport.settings import get_settings

    get_settings.cache_clear()
    try:
        org = runner.invoke(cli, ["orgs", "create", "--slug", "refiner-x", "--legal-name", "Refiner X SA",
                                  "--role", "contributor", "--did-web", "refiner.example"])
        assert org.exit_code == 0, org.output
        party = runner.invoke(cli, ["custody", "parties", "add", "--id", REFINER, "--name", "Refiner X SA",
                                    "--organisation", "refiner-x", "--country", "FI", "--json"])
        assert party.exit_code == 0, party.output
        assert json.loads(party.stdout)[0]["did"] == "did:web:refiner.example"
        site = runner.invoke(cli, ["custody", "sites", "add", "--id", "urn:epc:id:sgln:9520003.00001.0", "--party",
                                   REFINER, "--country", "FI"])
        assert site.exit_code == 0, site.output
        bad = runner.invoke(cli, ["custody", "sites", "add", "--id", "9520003000012", "--party", REFINER,
                                  "--country", "FI"])
        assert bad.exit_code != 0 and "/id" in str(bad.exception)
        listed = json.loads(runner.invoke(cli, ["custody", "sites", "list", "--party", REFINER, "--json"]).stdout)
        assert [s["id"] for s in listed] == ["urn:epc:id:sgln:9520003.00001.0"]
        runner.invoke(cli, ["custody", "parties", "add", "--id", TRADER, "--name", "T", "--did", "did:web:t.example"])
        assert runner.invoke(cli, ["custody", "delegations", "add", "--agent", TRADER, "--principal",
                                   REFINER]).exit_code == 0
        assert runner.invoke(cli, ["custody", "delegations", "revoke", "--agent", TRADER, "--principal",
                                   REFINER]).exit_code == 0
        token = runner.invoke(cli, ["tokens", "create", "--org", "refiner-x", "--role", "contributor", "--party",
                                    REFINER])
        assert token.exit_code == 0, token.output
    finally:
        get_settings.cache_clear()
