"""Legitimate-interest grants end to end: request, approve, read, revoke -> the next read is public at once;
delegation; the maker's log of who read what. The oracle is what each read shows: `batteryStatus` is in the
legitimate-interest view and not in the public one (the example passports' Annex XIII tagging)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from passport.auth import Role, create_token, token_hash_key
from passport.lifecycle import list_audit, verify_audit
from passport.registry.tables import PassportVersion
from passport.store.engine import session_scope
from passport.store.tables import Organisation

LD = {"Accept": "application/ld+json"}


def _token(engine, settings, organisation, role=Role.CONTRIBUTOR) -> dict[str, str]:
    with session_scope(engine) as s:
        token = create_token(s, organisation=organisation, role=role, expires_in_days=1,
                             key=token_hash_key(settings)).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def api(app, stored_passports, engine):
    with session_scope(engine) as session:  # the examples are Maker A's passports
        maker = Organisation(name="Maker A", role="manufacturer")
        session.add(maker)
        session.flush()
        for row in session.exec(select(PassportVersion)).all():
            row.organisation_id = maker.id
            session.add(row)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def parties(engine, api_settings, api):
    return {"maker": _token(engine, api_settings, "Maker A", Role.MANUFACTURER),
            "recycler": _token(engine, api_settings, "Recycler B"),
            "contractor": _token(engine, api_settings, "Contractor C"),
            "stranger": _token(engine, api_settings, "Stranger D")}


def _sees_restricted(api, url, headers) -> bool:
    response = api.get(url, headers={**LD, **headers})
    assert response.status_code == 200
    return "batteryStatus" in response.json()["credentialSubject"]["generalProductInformation"]


def test_request_approve_read_revoke(api, engine, parties, stored_passports):
    passport = stored_passports[0]
    recycler = parties["recycler"]
    assert not _sees_restricted(api, passport.url, recycler)
    asked = api.post("/api/v1/access/grants", headers=recycler, json={
        "purpose": "recycling", "scope": "passport", "value": passport.path, "justification": "EoL pack", "days": 30})
    assert asked.status_code == 201, asked.text
    grant = asked.json()
    assert (grant["state"], grant["maker"]) == ("requested", "Maker A")
    assert not _sees_restricted(api, passport.url, recycler)  # a request grants nothing
    assert api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=parties["stranger"]).status_code == 403
    assert api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=recycler).status_code == 403
    approved = api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=parties["maker"])
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert _sees_restricted(api, passport.url, recycler)
    assert not _sees_restricted(api, stored_passports[1].url, recycler)  # scope: that passport only
    assert not _sees_restricted(api, passport.url, parties["stranger"])
    reads = api.get("/api/v1/access/reads", headers=parties["maker"]).json()["reads"]
    assert [(r["passport"], r["accessLevel"]) for r in reads] == [(passport.path, "legitimate_interest")]
    assert reads[0]["reader"].startswith("Recycler B (token ") and grant["id"] in reads[0]["reader"]
    assert api.get("/api/v1/access/reads", headers=recycler).json()["reads"] == []  # not the recycler's passports
    # past the 32-bit audit sequence: refused as input (PostgreSQL would overflow), never a 500
    beyond = api.get("/api/v1/access/reads?after=2147483648", headers=parties["maker"])
    assert beyond.status_code == 422 and "after" in beyond.text
    revoked = api.post(f"/api/v1/access/grants/{grant['id']}/revoke", headers=parties["maker"])
    assert revoked.json()["state"] == "revoked"
    assert not _sees_restricted(api, passport.url, recycler)  # at once
    decided = api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=parties["maker"])
    assert decided.status_code == 409 and decided.json()["error"]["code"] == "GRANT_DECIDED"
    with Session(engine) as session:
        actions = [e.action for e in list_audit(session) if e.action.startswith("grant") or e.action == "token-read"]
        assert actions == ["grant-request", "grant-decide", "token-read", "grant-revoke"]
        assert verify_audit(session).verified


def test_a_refused_request_grants_nothing_and_a_maker_range_covers_every_passport(api, parties, stored_passports):
    recycler = parties["recycler"]
    refused = api.post("/api/v1/access/grants", headers=recycler, json={
        "purpose": "research", "scope": "maker", "value": "Maker A"}).json()
    assert api.post(f"/api/v1/access/grants/{refused['id']}/refuse", headers=parties["maker"]).json()["state"] \
        == "refused"
    assert not _sees_restricted(api, stored_passports[0].url, recycler)
    ranged = api.post("/api/v1/access/grants", headers=recycler, json={
        "purpose": "repair", "scope": "maker", "value": "Maker A"}).json()
    api.post(f"/api/v1/access/grants/{ranged['id']}/approve", headers=parties["maker"])
    assert all(_sees_restricted(api, p.url, recycler) for p in stored_passports)


def test_a_delegate_decides_for_the_maker_until_the_delegation_ends(api, parties, stored_passports):
    delegation = api.post("/api/v1/access/delegations", headers=parties["maker"],
                          json={"delegate": "Contractor C", "days": 10})
    assert delegation.status_code == 201
    grant = api.post("/api/v1/access/grants", headers=parties["recycler"], json={
        "purpose": "repurposing", "scope": "passport", "value": stored_passports[0].path}).json()
    assert [g["id"] for g in api.get("/api/v1/access/grants", headers=parties["contractor"]).json()["grants"]] \
        == [grant["id"]]
    assert api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=parties["contractor"]).status_code == 200
    assert api.get("/api/v1/access/reads?maker=Maker%20A", headers=parties["contractor"]).status_code == 200
    ended = api.delete(f"/api/v1/access/delegations/{delegation.json()['id']}", headers=parties["maker"])
    assert ended.json()["revokedAt"] is not None
    assert api.post(f"/api/v1/access/grants/{grant['id']}/revoke", headers=parties["contractor"]).status_code == 403
    assert api.get("/api/v1/access/reads?maker=Maker%20A", headers=parties["contractor"]).status_code == 403


def test_requests_name_the_bad_field(api, parties):
    response = api.post("/api/v1/access/grants", headers=parties["recycler"], json={
        "purpose": "curiosity", "scope": "model", "value": "X"})
    assert response.status_code == 422
    assert "/purpose" in [p["pointer"] for p in response.json()["error"]["details"]["problems"]]
    model = api.post("/api/v1/access/grants", headers=parties["recycler"], json={
        "purpose": "repair", "scope": "model", "value": "X"})
    assert model.status_code == 422 and model.json()["error"]["details"]["pointer"] == "/maker"
    assert api.post("/api/v1/access/grants", json={"purpose": "repair", "scope": "maker", "value": "Maker A"}
                    ).status_code == 401
    nul = api.post("/api/v1/access/grants", headers=parties["recycler"], json={
        "purpose": "repair", "scope": "maker", "value": "Maker A", "justification": "a\u0000b"})
    assert nul.status_code == 422  # on both stores (PostgreSQL would refuse the NUL byte itself)
    assert "/justification" in [p["pointer"] for p in nul.json()["error"]["details"]["problems"]]


def test_a_model_grant_covers_that_model_only(api, parties, stored_passports):
    model = stored_passports[0].data["generalProductInformation"]["batteryModel"]
    other = stored_passports[1].data["generalProductInformation"]["batteryModel"]
    assert model != other
    grant = api.post("/api/v1/access/grants", headers=parties["recycler"], json={
        "purpose": "remanufacturing", "scope": "model", "value": model, "maker": "Maker A"}).json()
    api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=parties["maker"])
    assert _sees_restricted(api, stored_passports[0].url, parties["recycler"])
    assert not _sees_restricted(api, stored_passports[1].url, parties["recycler"])


def test_a_grant_lifts_the_en18222_read_too(api, parties, stored_passports):
    passport = stored_passports[0]
    url = f"/dpp/v1/dppsByProductId/{quote(passport.url, safe='')}"
    before = api.get(url, headers={"Accept": "application/json", **parties["recycler"]})
    assert before.status_code == 200 and "batteryStatus" not in before.text
    grant = api.post("/api/v1/access/grants", headers=parties["recycler"], json={
        "purpose": "repair", "scope": "passport", "value": passport.path}).json()
    api.post(f"/api/v1/access/grants/{grant['id']}/approve", headers=parties["maker"])
    after = api.get(url, headers={"Accept": "application/json", **parties["recycler"]})
    assert after.status_code == 200 and "batteryStatus" in after.text
    reads = api.get("/api/v1/access/reads", headers=parties["maker"]).json()["reads"]
    assert [r["accessLevel"] for r in reads] == ["legitimate_interest"] and grant["id"] in reads[0]["reader"]
