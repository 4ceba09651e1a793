"""Every CLI command that reads JSON goes through the one bounded reader, and errors list every problem.

A 10,000-level file is refused with JSON_TOO_DEEP (never a RecursionError) by each of them; a passport with
several mistakes lists each pointer and reason; a Better Mining import lists every bad row.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from passport.cli import app

runner = CliRunner()
DEEP = "[" * 10_000 + "]" * 10_000


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_DATABASE_URL", "")
    monkeypatch.setenv("PASSPORT_BASE_URL", "https://passports.example.com")
    monkeypatch.setenv("PASSPORT_KEY_ENCRYPTION_KEY", "test passphrase, not a secret")
    from passport.settings import get_settings

    get_settings.cache_clear()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    yield tmp_path
    get_settings.cache_clear()


def _code(result) -> str | None:
    """The error code a run ended with: printed (`error [CODE]` / `[CODE]`) or raised (main prints it)."""
    from passport.errors import PassportError

    if isinstance(result.exception, PassportError):
        return result.exception.code
    for token in ("JSON_TOO_DEEP", "INVALID_JSON", "JSON_DUPLICATE_KEY"):
        if f"[{token}]" in result.output or f'"{token}"' in result.output:
            return token
    return None


def _commands(env) -> list[list[str]]:
    deep = env / "deep.json"
    deep.write_text(DEEP)
    key = env / "issuer.key"
    assert runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(key)]).exit_code == 0
    example = env / "passport.json"
    example.write_text((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    d = str(deep)
    return [
        ["verify", d], ["verify", str(example), "--did-document", d], ["verify", str(example), "--status-list", d],
        ["verify", str(example), "--context", f"https://example.org/c={d}"],
        ["sign", "--key", str(key), d], ["issue", d, "--key", str(key)], ["disclose", d, "--level", "public"],
        ["canonicalize", d], ["carbon", "compute", d], ["carbon", "recompute", d],
        ["carbon", "compute", d, "--factors", d],
        ["indices", "evidence", "add", d], ["indices", "recompute", "--bundle", d],
        ["indices", "compute", "X", "--rulebook", d], ["indices", "compute", "X", "--suspensions", d],
        ["custody", "submit", d], ["custody", "check", "--suspensions", d],
        ["bettermining", "import", d], ["bettermining", "import", d, "--mapping", d],
    ]


def test_a_10000_level_file_is_refused_by_every_json_reading_command(env):
    commands = _commands(env)
    assert len(commands) >= 19
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code != 0, args
        assert not isinstance(result.exception, RecursionError), args
        assert _code(result) in ("JSON_TOO_DEEP", "IMPORT_FAILED"), (args, result.output, result.exception)
        if _code(result) == "IMPORT_FAILED":
            assert result.exception.details["reason"] == "json_too_deep", args


def test_duplicate_keys_are_refused_by_verify(env):
    path = env / "dup.json"
    path.write_text('{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "A", "type": "B"}')
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2 and "[JSON_DUPLICATE_KEY]" in result.output


def test_issue_lists_every_problem_with_pointer_and_reason(env):
    key = env / "issuer.key"
    runner.invoke(app, ["keys", "generate", "--suite", "ecdsa-sd-2023", "--out", str(key)])
    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text())
    data["supplyChainDueDiligence"]["dueDiligenceReportUrl"] = "javascript:alert(1)"
    del data["generalProductInformation"]["batteryModel"]
    data["circularity"]["endOfLifeInformation"]["collectionPointsUrl"] = "http://example.org/"
    path = env / "bad.json"
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["issue", str(path), "--key", str(key)])
    assert result.exit_code == 2
    listed = [line.strip() for line in result.output.splitlines() if line.startswith("  /")]
    assert sorted(line.split(": ")[0] for line in listed) == [
        "/circularity/endOfLifeInformation/collectionPointsUrl", "/generalProductInformation/batteryModel",
        "/supplyChainDueDiligence/dueDiligenceReportUrl"]
    assert all(line.endswith(("[url_scheme]", "[missing]")) for line in listed)


def test_a_json_syntax_error_names_line_and_column(env):
    path = env / "broken.json"
    path.write_text('{\n  "a": 1,\n  "b": \n}')
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 2 and "line 4 column 1" in result.output


def test_bettermining_import_lists_every_bad_row_and_writes_nothing(env, better_mining_dir):
    rows = json.loads((better_mining_dir / "incidents.json").read_text(encoding="utf-8"))[:6]
    rows[1]["score"] = "25"
    rows[3]["date"] = "31/01/2022"
    rows[5]["risk"] = 7
    path = env / "incidents.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["bettermining", "import", str(path)])
    assert result.exit_code != 0
    error = result.exception
    assert error.code == "IMPORT_FAILED" and error.details["problemCount"] == 3
    assert [(p["row"], p["field"]) for p in error.details["problems"]] == [(2, "score"), (4, "date"), (6, "risk")]
    from passport.cli._errors import lines

    printed = lines(error)
    assert len(printed) == 4 and printed[1].startswith(f"  {path}:2:score /1/score: ")
    from sqlalchemy import func, select

    from indices.bettermining.tables import BmIncident
    from passport.cli import _context

    with _context.engine().connect() as connection:
        assert connection.scalar(select(func.count()).select_from(BmIncident)) == 0
