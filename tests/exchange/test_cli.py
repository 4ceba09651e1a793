"""`passport export` and `passport import` end to end: files in, files out, exit codes 0/1/2."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from passport.cli import app
from passport.credentials import verify_jwt

runner = CliRunner()


@pytest.fixture
def env(cli_env):
    return cli_env


@pytest.fixture
def signed(env):
    key = env / "issuer.key"
    assert runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(key)]).exit_code == 0
    source = env / "passport.json"
    source.write_text((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    issued = runner.invoke(app, ["issue", str(source), "--key", str(key), "--issuer-name", "Voltara Cells"])
    assert issued.exit_code == 0, issued.output
    path = env / "signed.json"
    path.write_text(issued.stdout)
    return path


def test_export_a_signed_passport_and_import_it_back(env, signed):
    out = env / "bp.json"
    result = runner.invoke(app, ["export", str(signed), "--format", "batterypass-1.2", "--level", "public",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    documents = json.loads(out.read_text())
    assert documents["GeneralProductInformation"]["batteryMass"] == 468.5
    assert "batteryStatus" not in documents["GeneralProductInformation"]
    assert "not representable: /labelsAndConformity/labels/1/symbol" in result.stderr
    draft = env / "draft.json"
    back = runner.invoke(app, ["import", "--format", "batterypass-1.2", str(out), "--out", str(draft)])
    assert back.exit_code == 0, back.output
    assert json.loads(draft.read_text())["generalProductInformation"]["weightKg"] == "468.5"
    assert "/generalProductInformation/batteryStatus" in back.stderr  # public export: status left out, named


def test_import_refuses_invalid_values_naming_them_and_writes_nothing(env):
    source = env / "cx.json"
    source.write_text(json.dumps({"identification": {"category": "Bus", "chemistry": "LFP"}}))
    out = env / "draft.json"
    result = runner.invoke(app, ["import", "--format", "catenax-6.1", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert "IMPORT_INVALID" in result.stderr and "/identification/category" in result.stderr
    assert not out.exists()


def test_unusable_input_exits_2(env):
    result = runner.invoke(app, ["export", str(env / "missing.json"), "--format", "catenax-6.1",
                                 "--out", str(env / "x.json")])
    assert result.exit_code == 2
    bad = env / "bad.json"
    bad.write_text("{not json")
    assert runner.invoke(app, ["import", "--format", "catenax-6.1", str(bad)]).exit_code == 2


def test_export_untp_dpp_as_vc_jwt(env, signed):
    key = env / "dpp.key"
    assert runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-rdfc-2019", "--out", str(key)]).exit_code == 0
    out = env / "dpp.jwt"
    result = runner.invoke(app, ["export", str(signed), "--format", "untp-dpp", "--key", str(key),
                                 "--issuer-name", "Voltara Cells", "--out", str(out)])
    assert result.exit_code == 0, result.output
    jwt = out.read_text().strip()
    assert verify_jwt(jwt).verified
    assert runner.invoke(app, ["export", str(signed), "--format", "untp-dpp", "--out", str(out)]).exit_code == 2


@pytest.fixture
def store_env(env, monkeypatch):
    """A migrated SQLite store in the data dir holding the NMC811 example, signed and stored as an issuer would."""
    from passport.cli import _context
    from passport.keys import generate_key_pair
    from passport.registry.issue import sign_passport, store
    from passport.settings import get_settings
    from passport.store.engine import create_store_engine, session_scope
    from passport.store.migrate import upgrade

    monkeypatch.delenv("PASSPORT_DATABASE_URL", raising=False)
    _context.engine.cache_clear()
    engine = create_store_engine(get_settings().effective_database_url)
    upgrade(engine)
    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    signed_passport = sign_passport(data, signer=generate_key_pair("P-256"), base_url="https://passports.example.com",
                                    issuer_name="Voltara Cells")
    with session_scope(engine) as session:
        issued = store(session, signed_passport)
    yield issued.url
    _context.engine.cache_clear()


def test_export_a_stored_passport_by_its_url(env, store_env):
    out = env / "cx.json"
    result = runner.invoke(app, ["export", store_env, "--format", "catenax-6.1", "--level", "legitimate_interest",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["sustainability"]["status"] == "original"           # legitimate interest: 4(c)
    assert document["identification"]["identification"]["serial"][0]["value"] == "EVP75-2026-000123"
    missing = runner.invoke(app, ["export", "/01/09506000134352/21/NOPE", "--format", "catenax-6.1",
                                  "--out", str(out)])
    assert missing.exit_code == 2 and "NOT_FOUND" in missing.stderr
