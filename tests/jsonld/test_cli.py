"""`passport canonicalize`: canonical N-Quads on stdout, a clear error and a non-zero exit on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from passport.cli import app

runner = CliRunner()
V2 = "https://www.w3.org/ns/credentials/v2"
CREDENTIAL = {"@context": [V2], "id": "urn:uuid:1", "type": ["VerifiableCredential"], "issuer": "did:example:i",
              "credentialSubject": {"id": "did:example:s"}}


def test_jsonld_file(tmp_path: Path) -> None:
    path = tmp_path / "vc.json"
    path.write_text(json.dumps(CREDENTIAL), encoding="utf-8")
    result = runner.invoke(app, ["canonicalize", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "<urn:uuid:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://www.w3.org/2018/credentials#VerifiableCredential> .",
        "<urn:uuid:1> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:s> .",
        "<urn:uuid:1> <https://www.w3.org/2018/credentials#issuer> <did:example:i> .",
    ]


@pytest.mark.parametrize(("hash_algorithm", "case"), [("sha256", "test020"), ("sha384", "test075")])
def test_nquads_from_stdin_with_hash(hash_algorithm: str, case: str, rdf_canon_dir: Path) -> None:
    source = (rdf_canon_dir / f"rdfc10/{case}-in.nq").read_text(encoding="utf-8")
    result = runner.invoke(app, ["canonicalize", "--format", "nquads", "--hash", hash_algorithm, "-"], input=source)
    assert result.exit_code == 0, result.output
    assert result.stdout == (rdf_canon_dir / f"rdfc10/{case}-rdfc10.nq").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "stdin", "code"), [
    (["--format", "nquads", "-"], "<urn:s> <urn:p> <urn:o> .\n<urn:s> oops .\n", "INVALID_NQUADS"),
    (["-"], "{not json", "INVALID_JSON"),
    (["-"], json.dumps({**CREDENTIAL, "credentialSubject": {"id": "did:example:s", "foo": 1}}), "UNDEFINED_TERM"),
    (["-"], json.dumps({**CREDENTIAL, "@context": [V2, "https://example.com/v1"]}), "LOADING_DOCUMENT_FAILED"),
    (["missing-file.json"], "", "INVALID_INPUT"),
])
def test_bad_input_is_a_clear_error(args: list[str], stdin: str, code: str) -> None:
    result = runner.invoke(app, ["canonicalize", *args], input=stdin)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"error [{code}]" in result.stderr


def test_malformed_nquads_error_names_the_line() -> None:
    result = runner.invoke(app, ["canonicalize", "--format", "nquads", "-"], input="<urn:s> <urn:p> <urn:o> .\nbad\n")
    assert "line 2" in result.stderr


def test_unknown_hash_is_a_usage_error() -> None:
    assert runner.invoke(app, ["canonicalize", "--hash", "md5", "-"], input="").exit_code == 2
