"""`passport sign` and `passport verify`: exit 0 only when everything verifies, the reason otherwise."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passport.cli import _context, app
from passport.settings import get_settings
from tests.credentials.conftest import battery_credential

runner = CliRunner()
EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2"


@pytest.fixture
def env(tmp_path, monkeypatch, vectors_dir):
    """Settings from the environment as the CLI reads them; the examples context as a --context option."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_LOG_FORMAT", "console")
    monkeypatch.delenv("PASSPORT_KEY_ENCRYPTION_KEY", raising=False)
    get_settings.cache_clear()
    _context.engine.cache_clear()
    yield ["--context", f"{EXAMPLES}={vectors_dir / 'contexts' / 'credentials-examples-v2.jsonld'}"]
    get_settings.cache_clear()
    _context.engine.cache_clear()
    root.handlers[:], root.level = saved


def _key(tmp_path: Path, suite: str = "eddsa-rdfc-2022", *extra: str) -> tuple[Path, str]:
    out = tmp_path / f"{suite}.key.json"
    result = runner.invoke(app, ["keys", "generate", "--suite", suite, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out, result.stdout.strip()


def _unsigned(tmp_path: Path) -> Path:
    credential = battery_credential("placeholder")
    del credential["issuer"]  # `passport sign` fills it in from the key
    path = tmp_path / "unsigned.json"
    path.write_text(json.dumps(credential), encoding="utf-8")
    return path


def _sign(tmp_path: Path, env: list[str], *args: str) -> Path:
    result = runner.invoke(app, ["sign", *args, *env, str(_unsigned(tmp_path))])
    assert result.exit_code == 0, result.output
    path = tmp_path / "signed.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


@pytest.mark.parametrize("suite, extra", [("eddsa-rdfc-2022", []), ("ecdsa-rdfc-2019", []),
                                          ("ecdsa-rdfc-2019", ["--algorithm", "P-384"])])
def test_sign_then_verify(tmp_path, env, suite, extra):
    key, did = _key(tmp_path, suite, *extra)
    signed_path = _sign(tmp_path, env, "--key", str(key))
    signed = json.loads(signed_path.read_text())
    assert signed["issuer"] == did and signed["proof"]["cryptosuite"] == suite
    result = runner.invoke(app, ["verify", *env, str(signed_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("verified")


def test_a_tampered_file_fails_with_the_reason(tmp_path, env):
    key, _ = _key(tmp_path)
    signed_path = _sign(tmp_path, env, "--key", str(key))
    signed = json.loads(signed_path.read_text())
    signed["credentialSubject"]["ratedCapacity"] = 7500
    signed_path.write_text(json.dumps(signed))
    result = runner.invoke(app, ["verify", *env, str(signed_path)])
    assert result.exit_code == 1
    assert "signature (proof 0): the eddsa-rdfc-2022 signature does not match the document" in result.stdout


def test_verify_json_prints_the_whole_result(tmp_path, env):
    key, _ = _key(tmp_path)
    signed_path = _sign(tmp_path, env, "--key", str(key))
    result = runner.invoke(app, ["verify", "--json", *env, str(signed_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verified"] is True and data["errors"] == [] and len(data["proofs"]) == 1
    expired = runner.invoke(app, ["verify", "--json", "--now", "2040-01-01T00:00:00Z", *env, str(signed_path)])
    assert expired.exit_code == 1
    assert [e["name"] for e in json.loads(expired.stdout)["errors"]] == ["validFrom/validUntil"]


def test_verify_without_the_context_refuses_to_fetch_it(tmp_path, env):
    key, _ = _key(tmp_path)
    signed_path = _sign(tmp_path, env, "--key", str(key))
    result = runner.invoke(app, ["verify", str(signed_path)])
    assert result.exit_code == 1
    assert f"context allowed: context {EXAMPLES} is not in the allow-list" in result.stdout


def test_suite_option_overrides_the_key_files_suite(tmp_path, env):
    key, _ = _key(tmp_path)
    signed_path = _sign(tmp_path, env, "--key", str(key), "--suite", "eddsa-jcs-2022")
    assert json.loads(signed_path.read_text())["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert runner.invoke(app, ["verify", *env, str(signed_path)]).exit_code == 0


def test_jwt_signs_an_enveloped_credential(tmp_path, env):
    key, did = _key(tmp_path)
    signed_path = _sign(tmp_path, env, "--key", str(key), "--jwt")
    enveloped = json.loads(signed_path.read_text())
    assert enveloped["type"] == "EnvelopedVerifiableCredential"
    result = runner.invoke(app, ["verify", *env, str(signed_path)])
    assert result.exit_code == 0, result.output
    compact = tmp_path / "credential.jwt"
    compact.write_text(enveloped["id"].split(",", 1)[1])
    assert runner.invoke(app, ["verify", *env, str(compact)]).exit_code == 0


def test_a_key_of_the_wrong_type_for_the_suite_is_a_usage_error(tmp_path, env):
    key, _ = _key(tmp_path)
    result = runner.invoke(app, ["sign", "--key", str(key), "--suite", "ecdsa-rdfc-2019", *env,
                                 str(_unsigned(tmp_path))])
    assert result.exit_code == 2
    assert "error [PROOF_GENERATION_ERROR]" in result.stderr


@pytest.mark.parametrize("content", ["[1, 2]", '{"proof": 5}'])
def test_garbage_does_not_verify(tmp_path, env, content):
    path = tmp_path / "garbage.json"
    path.write_text(content)
    result = runner.invoke(app, ["verify", *env, str(path)])
    assert result.exit_code == 1 and "not verified" in result.stdout


def test_a_file_that_is_not_json_is_unusable_input(tmp_path, env):
    path = tmp_path / "garbage.json"
    path.write_text("{not json")
    result = runner.invoke(app, ["verify", *env, str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error [INVALID_JSON]") and f"file={path}" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path, env):
    result = runner.invoke(app, ["verify", str(tmp_path / "nope.json")])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_did_web_documents_can_be_supplied(tmp_path, env):
    from passport.dids import VerificationMethod, build_document

    did = "did:web:issuer.example"
    key, _ = _key(tmp_path, "eddsa-rdfc-2022", "--controller", did)
    signed_path = _sign(tmp_path, env, "--key", str(key))
    proof = json.loads(signed_path.read_text())["proof"]
    assert runner.invoke(app, ["verify", *env, str(signed_path)]).exit_code == 1  # never fetched
    from passport.keys import read_key_file

    info = read_key_file(key)
    document = build_document(did, [VerificationMethod(id=proof["verificationMethod"], type="Multikey",
                                                       controller=did, public_key_multibase=info.public_key_multibase,
                                                       relationships=frozenset({"assertionMethod"}))])
    doc_path = tmp_path / "did.json"
    doc_path.write_text(json.dumps(document))
    result = runner.invoke(app, ["verify", *env, "--did-document", str(doc_path), str(signed_path)])
    assert result.exit_code == 0, result.output


def test_sign_refuses_an_issuer_the_key_does_not_speak_for(tmp_path, env):
    """Issue 14, point 8: exit 2 naming both, nothing on stdout; --issuer-from-key replaces it."""
    key_file = tmp_path / "k.key"
    assert runner.invoke(app, ["keys", "generate", "--suite", "eddsa-rdfc-2022", "--out", str(key_file)]).exit_code == 0
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"],
                                  "type": ["VerifiableCredential"], "issuer": "did:web:someone-else.example",
                                  "credentialSubject": {"id": "urn:uuid:7d9e1f00-1b2c-4d5e-8f90-a1b2c3d4e5f6"}}))
    refused = runner.invoke(app, ["sign", "--key", str(key_file), str(source)])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert "ISSUER_MISMATCH" in refused.stderr and "did:web:someone-else.example" in refused.stderr
    signed = runner.invoke(app, ["sign", "--key", str(key_file), "--issuer-from-key", str(source)])
    assert signed.exit_code == 0, signed.output
    assert json.loads(signed.stdout)["issuer"].startswith("did:key:")
