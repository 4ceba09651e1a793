"""`passport roles issue|revoke` and `passport roles trust add|list|remove`, and the trust list file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from passport.access.trust import read_trust_file
from passport.cli import app
from tests.conftest import cli_on_store
from passport.credentials import verify
from passport.errors import InputError
from passport.keys import generate_key_pair
from passport.keys.keystore import create_issuer_key
from passport.trust import TrustSources, status_checker_for
from passport.lifecycle import signer_for_issuer
from passport.store.engine import session_scope
from passport.store.tables import Organisation

runner = CliRunner()
BASE_URL = "http://testserver"


@pytest.fixture
def env(engine, tmp_path, monkeypatch):
    with cli_on_store(engine, tmp_path, monkeypatch, BASE_URL) as settings:
        yield settings


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


def test_issue_with_a_key_file_gives_a_verifying_role_credential(env, tmp_path):
    key_file = tmp_path / "authority.json"
    did = _run("keys", "generate", "--suite", "eddsa-rdfc-2022", "--out", str(key_file)).strip()
    holder = generate_key_pair("Ed25519").controller
    credential = json.loads(_run("roles", "issue", "--key", str(key_file), "--holder", holder, "--role",
                                 "legitimate_interest", "--organisation-name", "Repair Co", "--purpose", "repair",
                                 "--valid-days", "7"))
    assert credential["issuer"] == did and credential["type"] == ["VerifiableCredential", "RoleCredential"]
    assert credential["credentialSubject"] == {"id": holder, "role": "legitimate_interest",
                                               "organisationName": "Repair Co", "legitimatePurpose": ["repair"]}
    assert verify(credential).verified
    _run("roles", "issue", "--key", str(key_file), "--holder", holder, "--role", "manufacturer",
         "--organisation-name", "X", code=2)  # not a reader role
    _run("roles", "issue", "--holder", holder, "--role", "commission", "--organisation-name", "X", code=2)


def test_issue_from_the_store_is_revocable(env, engine, tmp_path):
    key = generate_key_pair("Ed25519")
    with session_scope(engine) as session:
        org = Organisation(name="Authority", slug="authority-lyon", role="market_surveillance", did=key.controller)
        session.add(org)
        session.flush()
        org_id = org.id
    create_issuer_key(engine, org_id, suite="eddsa-rdfc-2022", key=key, settings=env)
    out = _run("roles", "issue", "--organisation", "authority-lyon", "--holder", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2"
               "QtKLGpbnnEGta2doK", "--role", "market_surveillance", "--organisation-name", "DGCCRF")
    credential = json.loads(out)
    checker = status_checker_for(TrustSources(engine=engine, base_url=BASE_URL,
                                                 signer_for=signer_for_issuer(engine, env)))
    assert verify(credential, status_checker=checker).verified
    path = tmp_path / "role.json"
    path.write_text(out)
    _run("roles", "revoke", str(path))
    result = verify(credential, status_checker=checker)
    assert not result.verified and [c.name for c in result.errors] == ["status"]


def test_trust_add_list_remove(env):
    did = generate_key_pair("Ed25519").controller
    _run("roles", "trust", "add", did, "--name", "Notified body 0123", "--role", "notified_body", "--days", "30")
    listed = json.loads(_run("roles", "trust", "list", "--json"))["issuers"]
    assert [(e["did"], e["roles"]) for e in listed] == [(did, ["notified_body"])]
    _run("roles", "trust", "add", did, "--name", "X", "--role", "contributor", code=2)
    _run("roles", "trust", "remove", did)
    assert json.loads(_run("roles", "trust", "list", "--json"))["issuers"] == []


def test_a_bad_trust_file_names_every_bad_pointer(tmp_path):
    path = tmp_path / "trust.json"
    path.write_text(json.dumps({"issuers": [
        {"did": "did:key:z1", "name": "A", "roles": ["commission"], "valid_from": "2026-01-01T00:00:00Z",
         "valid_until": "2027-01-01T00:00:00Z"},
        {"did": "nope", "name": "B", "roles": ["manufacturer"], "valid_from": "2026-01-01T00:00:00Z",
         "valid_until": "2027-01-01T00:00:00Z"}]}))
    with pytest.raises(InputError) as caught:
        read_trust_file(path)
    assert caught.value.code == "TRUST_LIST_INVALID"
    assert caught.value.details["pointers"] == ["/issuers/1/did", "/issuers/1/roles"]
