"""`passport revoke|suspend|reinstate|status|versions|battery-status|transfer` and `passport audit`, and
`passport verify` reading this service's own status lists from the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from passport.cli import app
from tests.conftest import cli_on_store
from passport.keys.keystore import create_issuer_key
from passport.lifecycle import issue_version
from passport.registry import view
from passport.registry.issue import SUITE
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.lifecycle.conftest import BASE_URL
from tests.lifecycle.test_transfer import SUCCESSOR_PATH, successor_data

runner = CliRunner()


@pytest.fixture
def env(engine, tmp_path, monkeypatch):
    with cli_on_store(engine, tmp_path, monkeypatch, BASE_URL) as settings:
        yield settings


def _organisation(engine, settings, key, name) -> int:
    with session_scope(engine) as session:
        org = Organisation(name=name, role="manufacturer", did=key.controller)
        session.add(org)
        session.flush()
        org_id = org.id
    create_issuer_key(engine, org_id, suite=SUITE, key=key, settings=settings)
    return org_id


@pytest.fixture
def passport_file(env, engine, issuer, data, tmp_path):
    org_id = _organisation(engine, env, issuer, "Maker A")
    with session_scope(engine) as session:
        issued = issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="Maker A",
                               organisation_id=org_id, now=datetime(2026, 1, 10, tzinfo=UTC))
        public = view(session, issued.stored.id, "public").credential
    path = tmp_path / "public.json"
    path.write_text(public)
    return issued, str(path)


def _ok(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_suspend_reinstate_revoke_checked_by_passport_verify(passport_file, engine):
    issued, public = passport_file
    ident = issued.identifier.path
    assert "version 1, battery status original, valid" in _ok(["status", ident])
    checks = json.loads(_ok(["verify", public, "--json"]))["checks"]
    assert [c["passed"] for c in checks if c["name"] == "status"] == [True]  # read from the store
    _ok(["suspend", issued.url, "--reason", "recall check"])
    refused = runner.invoke(app, ["verify", public])
    assert refused.exit_code == 1 and "suspended" in refused.output
    assert json.loads(_ok(["reinstate", ident, "--json"]))["suspended"] is False
    _ok(["verify", public])
    assert _ok(["battery-status", ident, "reused", "--note", "sold to a second user"]).strip().endswith("/versions/2")
    assert len(_ok(["versions", ident]).strip().splitlines()) == 2
    assert _ok(["versions", ident, "--as-of", "2026-02-01"]).startswith("version 1 ")
    forbidden = runner.invoke(app, ["battery-status", ident, "original", "--note", "undo"])
    assert forbidden.exit_code == 1 and "STATUS_TRANSITION_FORBIDDEN" in forbidden.output
    _ok(["revoke", ident, "--reason", "destroyed"])
    refused = runner.invoke(app, ["verify", public])
    assert refused.exit_code == 1 and "revoked" in refused.output
    again = runner.invoke(app, ["revoke", ident])
    assert again.exit_code == 1 and "PASSPORT_REVOKED" in again.output
    actions = [json.loads(line)["action"] for line in _ok(["audit", "show", "--json"]).splitlines()]
    assert actions == ["key-create", "issue", "suspend", "reinstate", "status", "revoke"]


def test_audit_verify_detects_edits_and_deletions(passport_file, engine):
    issued, _ = passport_file
    _ok(["suspend", issued.identifier.path])
    _ok(["reinstate", issued.identifier.path])
    assert "audit chain intact: 4 entries" in _ok(["audit", "verify"])
    with engine.begin() as connection:
        connection.execute(text("UPDATE audit_entry SET actor = 'someone else' WHERE seq = 2"))
    edited = runner.invoke(app, ["audit", "verify"])
    assert edited.exit_code == 1 and "entry 2: [AUDIT_ENTRY_EDITED]" in edited.output
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entry WHERE seq = 2"))
    deleted = runner.invoke(app, ["audit", "verify", "--json"])
    assert deleted.exit_code == 1
    assert {p["code"] for p in json.loads(deleted.stdout)["problems"]} >= {"AUDIT_GAP", "AUDIT_CHAIN_BROKEN"}


def test_transfer_command(passport_file, engine, env, data, second_issuer, tmp_path):
    issued, _ = passport_file
    incoming = _organisation(engine, env, second_issuer, "Second Life Storage GmbH")
    successor = tmp_path / "successor.json"
    successor.write_text(json.dumps(successor_data(data)))
    out = _ok(["transfer", issued.identifier.path, str(successor), "--status", "repurposed",
               "--to-org", str(incoming), "--note", "re-packed for stationary storage"])
    assert f"successor {BASE_URL}{SUCCESSOR_PATH}" in out and "version 2" in out
    assert "battery status repurposed" in _ok(["status", SUCCESSOR_PATH])
    assert "battery status repurposed" in _ok(["status", issued.identifier.path])
