"""`passport issue --format sd-jwt-vc`, `passport disclose --format sd-jwt-vc --level L` and `passport verify` on
SD-JWT VCs: each level's presentation verifies, a key-bound one only for its audience and nonce, a tampered one not."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from passport.cli import app
from passport.credentials.jose import _unb64
from passport.keys import load_key_file
from passport.sdjwt import public_jwk

runner = CliRunner()


@pytest.fixture
def env(cli_env):
    return cli_env


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


@pytest.fixture
def issued(env):
    issuer, holder = env / "issuer.key", env / "holder.key"
    _run("keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(issuer))
    _run("keys", "generate", "--suite", "ecdsa-rdfc-2019", "--out", str(holder))
    jwk = env / "holder.jwk"
    jwk.write_text(json.dumps(public_jwk(load_key_file(holder).public_key)))
    source = env / "passport.json"
    source.write_text((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    sd_jwt = env / "passport.sd-jwt"
    sd_jwt.write_text(_run("issue", str(source), "--key", str(issuer), "--format", "sd-jwt-vc",
                           "--holder-jwk", str(jwk)))
    return sd_jwt, holder


@pytest.mark.parametrize("level", ["public", "legitimate_interest", "authority"])
def test_each_level_verifies_and_shows_only_its_disclosures(issued, env, level):
    sd_jwt, _ = issued
    presented = env / f"{level}.sd-jwt"
    presented.write_text(_run("disclose", str(sd_jwt), "--format", "sd-jwt-vc", "--level", level))
    assert _run("verify", str(presented)).startswith("verified")
    names = {json.loads(_unb64(d))[1] for d in presented.read_text().strip().split("~")[1:-1]}
    assert ("testReports" in names) is (level == "authority")
    assert ("batteryStatus" in names) is (level != "public")
    payload = json.loads(_unb64(presented.read_text().split(".")[1]))
    assert payload["vct"] == "https://w3id.org/battery-passport/vct/v1" and payload["cnf"]["jwk"]["crv"] == "P-256"


def test_key_binding_and_tampering(issued, env):
    sd_jwt, holder = issued
    bound = env / "bound.sd-jwt"
    bound.write_text(_run("disclose", str(sd_jwt), "--format", "sd-jwt-vc", "--level", "public", "--holder-key",
                          str(holder), "--audience", "https://verifier.example", "--nonce", "abc"))
    _run("verify", str(bound), "--audience", "https://verifier.example", "--nonce", "abc")
    assert "key binding" in _run("verify", str(bound), "--audience", "https://verifier.example", "--nonce", "xyz",
                                 code=1)
    unbound = env / "unbound.sd-jwt"
    unbound.write_text(_run("disclose", str(sd_jwt), "--format", "sd-jwt-vc", "--level", "public"))
    assert "key binding" in _run("verify", str(unbound), "--audience", "a", "--nonce", "b", code=1)
    jws, rest = unbound.read_text().split("~", 1)
    head, payload, signature = jws.split(".")
    tampered = env / "tampered.sd-jwt"
    tampered.write_text(f"{head}.{payload[:-4]}AAAA.{signature}~{rest}")
    assert "not verified" in _run("verify", str(tampered), code=1)
    _run("disclose", str(sd_jwt), "--format", "sd-jwt-vc", "--level", "public", "--holder-key", str(holder), code=2)
