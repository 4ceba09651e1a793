"""Organisations from zero: created by slug over the CLI and the operator API, with did:web (served at the path
the DID names) or did:key, and identifier prefixes that nobody else may hold."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from passport.auth import Role, create_token, token_hash_key
from passport.cli import _context, app as cli
from passport.errors import AccessDeniedError, ConflictError
from passport.identifiers import parse_path
from passport.organisations import OrganisationCreate, check_issuer_prefix, create_organisation, get_organisation
from passport.store.engine import session_scope
from passport.store.tables import Organisation

runner = CliRunner()


@pytest.fixture
def operator(engine, api_settings) -> dict[str, str]:
    with session_scope(engine) as s:
        token = create_token(s, organisation=None, role=Role.OPERATOR, expires_in_days=1,
                             key=token_hash_key(api_settings)).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(app):
    with TestClient(app) as c:
        yield c


def _create(engine, **fields):
    with session_scope(engine) as s:
        return create_organisation(s, OrganisationCreate.model_validate(fields), base_url="http://testserver",
                                   actor="test")


def test_operator_creates_lists_and_changes_an_organisation(client, operator):
    r = client.post("/api/v1/organisations", headers=operator, json={
        "slug": "acme-cells", "legalName": "ACME Cells GmbH", "didWeb": "testserver/makers/acme",
        "gs1CompanyPrefixes": ["9506000"]})
    assert r.status_code == 201, r.text
    body = r.json()
    # did:web spec §3.1: host, then the path segments joined by ':'; the document lives at PATH/did.json
    assert body["did"] == "did:web:testserver:makers:acme"
    assert body["didDocumentUrl"] == "https://testserver/makers/acme/did.json"
    assert body["gs1CompanyPrefixes"] == ["9506000"] and "id" not in body
    again = client.post("/api/v1/organisations", headers=operator, json={"slug": "acme-cells", "legalName": "X"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "ORGANISATION_EXISTS"
    patched = client.patch("/api/v1/organisations/acme-cells", headers=operator,
                           json={"legalName": "ACME Cells AG", "addIso15459Prefixes": ["un123456789"]})
    assert patched.status_code == 200, patched.text
    assert patched.json()["legalName"] == "ACME Cells AG" and patched.json()["iso15459Prefixes"] == ["UN123456789"]
    listed = client.get("/api/v1/organisations", headers=operator).json()
    assert [o["slug"] for o in listed] == ["acme-cells"]
    assert client.get("/api/v1/organisations/nobody", headers=operator).json()["error"]["code"] == \
        "ORGANISATION_NOT_FOUND"


def test_default_did_is_the_services_own_did_web(client, operator):
    r = client.post("/api/v1/organisations", headers=operator, json={"slug": "maker-b", "legalName": "Maker B"})
    assert r.json()["did"] == "did:web:testserver:orgs:maker-b"


def test_only_operators_onboard(client, engine, api_settings, operator):
    with session_scope(engine) as s:
        maker = create_token(s, organisation="Maker A", role=Role.MANUFACTURER, expires_in_days=1,
                             key=token_hash_key(api_settings)).token
    r = client.post("/api/v1/organisations", json={"slug": "x1", "legalName": "X"},
                    headers={"Authorization": f"Bearer {maker}"})
    assert r.status_code == 403
    assert client.get("/api/v1/organisations").status_code == 401


def test_bad_bodies_name_every_pointer(client, operator):
    r = client.post("/api/v1/organisations", headers=operator,
                    json={"slug": "Bad Slug", "legalName": "", "gs1CompanyPrefixes": ["12ab"]})
    assert r.status_code == 422
    pointers = {p["pointer"] for p in r.json()["error"]["details"]["problems"]}
    assert {"/slug", "/legalName"} <= pointers
    bad_prefix = client.post("/api/v1/organisations", headers=operator,
                             json={"slug": "ok", "legalName": "Ok", "gs1CompanyPrefixes": ["95", "12ab"]})
    assert bad_prefix.status_code == 422 and bad_prefix.json()["error"]["code"] == "INVALID_PREFIX"


def test_did_web_document_is_served_at_the_path_the_did_names(client, engine, api_settings):
    from passport.keys.keystore import create_issuer_key

    _create(engine, slug="acme", legalName="ACME", didWeb="testserver/makers/acme")
    with session_scope(engine) as s:
        org_id = get_organisation(s, "acme").id
    key = create_issuer_key(engine, org_id, suite="ecdsa-sd-2023", settings=api_settings)
    r = client.get("/makers/acme/did.json")
    assert r.status_code == 200, r.text
    assert r.json()["id"] == "did:web:testserver:makers:acme"
    assert [m["id"] for m in r.json()["verificationMethod"]] == [key.verification_method]
    assert client.get("/makers/other/did.json").status_code == 404


@pytest.mark.parametrize("held,other", [("9506000", "95060001"), ("95060001", "9506000"), ("9506000", "9506000")])
def test_a_prefix_or_an_overlapping_one_is_held_once(engine, held, other):
    _create(engine, slug="a", legalName="A", gs1CompanyPrefixes=[held])
    with pytest.raises(ConflictError) as info:
        _create(engine, slug="b", legalName="B", gs1CompanyPrefixes=[other])
    assert info.value.code == "PREFIX_TAKEN"
    with session_scope(engine) as s:  # nothing of "b" was written
        assert s.exec(select(Organisation).where(Organisation.slug == "b")).first() is None


@pytest.mark.parametrize("path,allowed", [
    ("/01/09506000134352/21/S1", True),     # GTIN-13 9506000134352 padded: gtin14[1:] starts with the prefix
    ("/01/19506000134359/21/S1", True),     # indicator digit 1, same company prefix
    ("/01/04012345000016/21/S1", False),    # another company's GTIN
    ("/iso15459/UN123456789ABC", True),
    ("/iso15459/LA999", False),
    ("/id/3f2a8f0e-2c61-4b0e-9d0a-1a2b3c4d5e6f", True),  # UUIDs belong to no prefix
])
def test_issuing_outside_ones_prefixes_is_refused(engine, path, allowed):
    _create(engine, slug="acme", legalName="ACME", gs1CompanyPrefixes=["9506000"], iso15459Prefixes=["UN123456789"])
    with session_scope(engine) as s:
        org = get_organisation(s, "acme")
        if allowed:
            check_issuer_prefix(s, org, parse_path(path))
            return
        with pytest.raises(AccessDeniedError) as info:
            check_issuer_prefix(s, org, parse_path(path))
    assert info.value.code == "IDENTIFIER_OUTSIDE_PREFIXES"
    assert info.value.details["pointer"] == "/generalProductInformation/uniqueIdentifier"


def test_cli_create_show_set_list(engine, api_settings, monkeypatch, tmp_path):
    monkeypatch.setattr(_context, "engine", lambda: engine)
    monkeypatch.setenv("PASSPORT_BASE_URL", "https://passports.example")
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    from passport.settings import get_settings

    get_settings.cache_clear()
    try:
        made = runner.invoke(cli, ["orgs", "create", "--slug", "refiner-x", "--legal-name", "Refiner X SA",
                                   "--role", "contributor", "--did-key", "--gs1-company-prefix", "4012345",
                                   "--gs1-company-prefix", "4099999", "--json"])
        assert made.exit_code == 0, made.output
        body = json.loads(made.stdout)
        assert body["did"] is None and body["didMethod"] == "key"
        key = runner.invoke(cli, ["keys", "generate", "--organisation", "refiner-x", "--suite", "eddsa-rdfc-2022"])
        assert key.exit_code == 0, key.output
        shown = json.loads(runner.invoke(cli, ["orgs", "show", "refiner-x", "--json"]).stdout)
        assert shown["did"].startswith("did:key:z6Mk") and key.stdout.startswith(shown["did"] + "#")
        twice = runner.invoke(cli, ["keys", "generate", "--organisation", "refiner-x", "--suite", "eddsa-rdfc-2022"])
        assert twice.exit_code == 1 and "passport keys rotate --organisation refiner-x" in twice.stderr
        changed = runner.invoke(cli, ["orgs", "set", "refiner-x", "--remove-gs1-company-prefix", "4099999",
                                      "--legal-name", "Refiner X SAS", "--json"])
        assert json.loads(changed.stdout)["gs1CompanyPrefixes"] == ["4012345"]
        web = runner.invoke(cli, ["orgs", "create", "--slug", "maker-w", "--legal-name", "Maker W"])
        assert "did:web:passports.example:orgs:maker-w" in web.stdout
        listed = runner.invoke(cli, ["orgs", "list"]).stdout.splitlines()
        assert [line.split()[0] for line in listed] == ["maker-w", "refiner-x"]
    finally:
        get_settings.cache_clear()


def test_a_renamed_organisation_is_named_by_its_new_legal_name(client, engine, api_settings, operator):
    from passport.auth import authenticate

    client.post("/api/v1/organisations", headers=operator, json={"slug": "acme", "legalName": "ACME GmbH"})
    with session_scope(engine) as s:
        token = create_token(s, organisation="acme", role=Role.MANUFACTURER, expires_in_days=1,
                             key=token_hash_key(api_settings), create_organisation=False).token
    client.patch("/api/v1/organisations/acme", headers=operator, json={"legalName": "ACME AG"})
    with session_scope(engine) as s:
        assert authenticate(s, token, key=token_hash_key(api_settings)).organisation == "ACME AG"
