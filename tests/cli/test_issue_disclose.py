"""`passport issue`, `passport disclose`, `passport verify` end to end on the example passports, as a regulator would."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from passport.cli import app
from passport.model import AccessGroup

runner = CliRunner()


@pytest.fixture
def env(cli_env):
    return cli_env


def _run(*args: str):
    result = runner.invoke(app, list(args))
    return result


@pytest.fixture
def signed_file(env):
    key = env / "issuer.key"
    made = _run("keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(key))
    assert made.exit_code == 0, made.output
    example = files("passport.application.demo") / "passports" / "nmc811-ev-pack.json"
    source = env / "passport.json"
    source.write_text(example.read_text())
    issued = _run("issue", str(source), "--key", str(key), "--issuer-name", "Voltara Cells")
    assert issued.exit_code == 0, issued.output
    signed = env / "signed.json"
    signed.write_text(issued.stdout)
    return signed


def test_issue_gives_the_passport_its_url_and_a_base_proof(signed_file):
    signed = json.loads(signed_file.read_text())
    assert signed["credentialSubject"]["id"].startswith("https://passports.example.com/01/")
    assert signed["proof"]["cryptosuite"] == "ecdsa-sd-2023"
    assert signed["proof"]["proofValue"].startswith("u2V0A")
    assert _run("verify", str(signed_file)).exit_code == 0


@pytest.mark.parametrize("level", [g.value for g in AccessGroup])
def test_each_disclosure_verifies(signed_file, env, level):
    disclosed = _run("disclose", str(signed_file), "--level", level)
    assert disclosed.exit_code == 0, disclosed.output
    path = env / f"{level}.json"
    path.write_text(disclosed.stdout)
    derived = json.loads(disclosed.stdout)
    assert derived["proof"]["proofValue"].startswith("u2V0B")
    assert ("testReports" in derived["credentialSubject"]) == (level == "authority")
    verified = _run("verify", str(path))
    assert verified.exit_code == 0, verified.output


def test_tampered_disclosure_fails_with_the_reason(signed_file, env):
    derived = json.loads(_run("disclose", str(signed_file), "--level", "public").stdout)
    derived["credentialSubject"]["generalProductInformation"]["weightKg"] = "1.0"
    path = env / "tampered.json"
    path.write_text(json.dumps(derived))
    result = _run("verify", str(path))
    assert result.exit_code == 1
    assert "signature" in result.output


def test_invalid_passport_names_the_pointer(env):
    key = env / "issuer.key"
    assert _run("keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(key)).exit_code == 0
    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    data["generalProductInformation"]["weightKg"] = "heavy"
    source = env / "bad.json"
    source.write_text(json.dumps(data))
    result = _run("issue", str(source), "--key", str(key))
    assert result.exit_code == 2
    assert "/generalProductInformation/weightKg" in result.output
    assert "heavy" not in result.output


def test_unknown_level_is_refused(signed_file):
    assert _run("disclose", str(signed_file), "--level", "everyone").exit_code == 2
