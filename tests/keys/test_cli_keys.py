"""`passport keys`: generate prints the DID and writes a sealed 0600 file; the secret never reaches output or logs."""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from passport.cli import _context, app
from passport.keys import load_key_file, multikey
from passport.keys.keystore import load_issuer_signer
from passport.settings import get_settings, load_settings
from passport.store.engine import session_scope
from passport.store.tables import Organisation

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Settings from the environment as the CLI reads them, debug logs as JSON, and the logging setup restored."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("PASSPORT_LOG_FORMAT", "json")
    monkeypatch.delenv("PASSPORT_KEY_ENCRYPTION_KEY", raising=False)
    clear_engine = _context.engine.cache_clear  # tests may monkeypatch _context.engine itself
    get_settings.cache_clear()
    clear_engine()
    yield tmp_path / "data"
    get_settings.cache_clear()
    clear_engine()
    root.handlers[:], root.level = saved


def _secrets(key) -> list[str]:
    secret = key.secret_key_multibase()
    return [secret, secret[1:]]


def _assert_no_secret(result, key) -> None:
    for text in (result.stdout, result.stderr):
        for secret in _secrets(key):
            assert secret not in text


@pytest.mark.parametrize("suite, algorithm", [
    ("eddsa-rdfc-2022", "Ed25519"), ("ecdsa-rdfc-2019", "P-256"), ("ecdsa-sd-2023", "P-256"),
])
def test_generate_prints_the_did_and_seals_the_key(data_dir, tmp_path, suite, algorithm):
    out = tmp_path / "issuer.json"
    result = runner.invoke(app, ["keys", "generate", "--suite", suite, "--out", str(out)])
    assert result.exit_code == 0, result.output
    did = result.stdout.strip()
    assert did.startswith("did:key:z") and "\n" not in did
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE((data_dir / "kek").stat().st_mode) == 0o600
    key = load_key_file(out, settings=load_settings(data_dir=data_dir))
    assert key.controller == did and key.algorithm == algorithm
    assert multikey.public_key_algorithm(did.removeprefix("did:key:")) == algorithm
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert any(r["event"] == "key generated" and r["verification_method"] == key.id for r in records)
    _assert_no_secret(result, key)
    kek = (data_dir / "kek").read_text().strip()
    assert kek not in result.stdout and kek not in result.stderr


def test_generate_with_a_passphrase_from_the_environment(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("PASSPORT_KEY_ENCRYPTION_KEY", "from the secret manager")
    get_settings.cache_clear()
    out = tmp_path / "k.json"
    result = runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-rdfc-2019", "--algorithm", "P-384",
                                 "--controller", "did:web:maker.example", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "did:web:maker.example"
    key = load_key_file(out, passphrase="from the secret manager")
    assert key.algorithm == "P-384" and key.id.startswith("did:web:maker.example#z")
    assert not (data_dir / "kek").exists()
    assert "from the secret manager" not in result.output


def test_generate_refuses_to_overwrite_without_force(data_dir, tmp_path):
    out = tmp_path / "k.json"
    assert runner.invoke(app, ["keys", "generate", "--suite", "eddsa-rdfc-2022", "--out", str(out)]).exit_code == 0
    before = out.read_text()
    result = runner.invoke(app, ["keys", "generate", "--suite", "eddsa-rdfc-2022", "--out", str(out)])
    assert result.exit_code == 2
    assert "KEY_FILE_EXISTS" in result.stderr and result.stdout == ""
    assert out.read_text() == before
    forced = runner.invoke(app, ["keys", "generate", "--suite", "eddsa-rdfc-2022", "--out", str(out), "--force"])
    assert forced.exit_code == 0 and out.read_text() != before


def test_generate_refuses_a_curve_the_suite_does_not_use(data_dir, tmp_path):
    result = runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-sd-2023", "--algorithm", "P-384",
                                 "--out", str(tmp_path / "k.json")])
    assert result.exit_code == 2 and "ALGORITHM_SUITE_MISMATCH" in result.stderr
    assert not (tmp_path / "k.json").exists()
    unknown = runner.invoke(app, ["keys", "generate", "--suite", "bbs-2023", "--out", str(tmp_path / "k.json")])
    assert unknown.exit_code == 2 and "bbs-2023" in unknown.output


def test_show_prints_public_parts_only(data_dir, tmp_path):
    out = tmp_path / "k.json"
    runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(out)])
    key = load_key_file(out, settings=load_settings(data_dir=data_dir))
    result = runner.invoke(app, ["keys", "show", str(out)])
    assert result.exit_code == 0
    assert f"publicKeyMultibase: {key.public_key_multibase}" in result.stdout
    assert "suite: ecdsa-sd-2023" in result.stdout
    sealed = json.loads(out.read_text())["encryptedSecretKey"]
    as_json = runner.invoke(app, ["keys", "show", str(out), "--json"])
    shown = json.loads(as_json.stdout)
    assert shown["id"] == key.id and "encryptedSecretKey" not in shown
    for result in (result, as_json):
        assert sealed["ciphertext"] not in result.stdout
        _assert_no_secret(result, key)


def test_show_a_missing_file(data_dir, tmp_path):
    result = runner.invoke(app, ["keys", "show", str(tmp_path / "absent.json")])
    assert result.exit_code == 2 and "KEY_FILE_NOT_FOUND" in result.stderr


def test_rotate_and_list_issuer_keys(data_dir, engine, monkeypatch):
    monkeypatch.setattr(_context, "engine", lambda: engine)
    with session_scope(engine) as session:
        org = Organisation(name="Maker A", role="manufacturer", did="did:web:maker.example")
        session.add(org)
        session.flush()
        org_id = org.id
    args = ["keys", "rotate", "--organisation", "maker-a", "--suite", "eddsa-rdfc-2022"]
    first = runner.invoke(app, args)
    second = runner.invoke(app, args)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert first.stdout.startswith("did:web:maker.example#z") and first.stdout != second.stdout
    listed = runner.invoke(app, ["keys", "list", "--organisation", "maker-a", "--json"])
    rows = json.loads(listed.stdout)
    assert [(r["verification_method"], r["status"]) for r in rows] == [
        (first.stdout.strip(), "retired"), (second.stdout.strip(), "active")]
    assert all("sealed_secret" not in r and "organisation_id" not in r and "id" not in r for r in rows)
    assert {r["organisation"] for r in rows} == {"maker-a"}
    key = load_issuer_signer(engine, org_id, suite="eddsa-rdfc-2022", settings=load_settings(data_dir=data_dir))
    for result in (first, second, listed):
        _assert_no_secret(result, key)
    missing = runner.invoke(app, ["keys", "rotate", "--organisation", "nobody", "--suite", "eddsa-rdfc-2022"])
    assert missing.exit_code == 2 and "ORGANISATION_NOT_FOUND" in missing.stderr


def test_installed_command_generates_a_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PASSPORT_")}
    env.update(PASSPORT_DATA_DIR=str(tmp_path / "data"), PASSPORT_LOG_FORMAT="console")
    out = tmp_path / "k.json"
    result = subprocess.run([sys.executable, "-m", "passport", "keys", "generate", "--suite", "eddsa-rdfc-2022",
                             "--out", str(out)], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == json.loads(out.read_text())["controller"]
