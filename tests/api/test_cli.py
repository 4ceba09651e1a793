"""`passport tokens` and `passport qr`/`passport urls`: the secret is printed once, never listed; QR files decode."""

from __future__ import annotations

import io
import json

import pytest
import zxingcpp
from PIL import Image
from typer.testing import CliRunner

from passport.cli import app
from passport.settings import get_settings
from passport.store.engine import create_store_engine
from passport.store.migrate import upgrade

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_BASE_URL", "https://passport.example.org")
    monkeypatch.setenv("PASSPORT_LOG_FORMAT", "console")
    monkeypatch.delenv("PASSPORT_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    from passport.cli import _context

    _context.engine.cache_clear()
    upgrade(create_store_engine(get_settings().effective_database_url))
    yield
    get_settings.cache_clear()
    _context.engine.cache_clear()


def test_tokens_create_list_revoke(env):
    refused = runner.invoke(app, ["tokens", "create", "--org", "ms-nl", "--role", "market_surveillance"])
    assert refused.exit_code != 0 and "passport orgs create --slug ms-nl" in str(refused.exception)
    org = runner.invoke(app, ["orgs", "create", "--slug", "ms-nl", "--legal-name", "Market Surveillance NL",
                              "--role", "market_surveillance"])
    assert org.exit_code == 0, org.output
    created = runner.invoke(app, ["tokens", "create", "--org", "ms-nl", "--role",
                                  "market_surveillance", "--expires", "30"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert token.startswith("bp_")
    listed = runner.invoke(app, ["tokens", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert [(r["organisation"], r["role"], r["access_level"], r["state"]) for r in rows] == [
        ("Market Surveillance NL", "market_surveillance", "authority", "active")]
    assert token.split(".")[1] not in listed.output
    revoked = runner.invoke(app, ["tokens", "revoke", rows[0]["id"]])
    assert revoked.exit_code == 0
    assert json.loads(runner.invoke(app, ["tokens", "list", "--json"]).stdout)[0]["state"] == "revoked"


def test_tokens_refuse_unknown_roles_and_ids(env):
    from passport.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["tokens", "create", "--org", "X", "--role", "janitor"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["tokens", "revoke", "tok_0000000000000000"])


@pytest.mark.parametrize("name", ["label.png", "label.svg"])
def test_qr_writes_the_url(env, tmp_path, name):
    out = tmp_path / name
    result = runner.invoke(app, ["qr", "/01/9506000134352/21/SN%2F1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    url = "https://passport.example.org/01/09506000134352/21/SN%2F1"
    assert url in result.output
    if name.endswith(".png"):
        assert [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(out.read_bytes())))] == [url]
    else:
        assert out.read_text().startswith("<svg")


def test_qr_names_the_bad_segment(env, tmp_path):
    from passport.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["qr", "/01/9506000134353/21/A", "--out", str(tmp_path / "x.png")])
    assert exit_info.value.code == 2
