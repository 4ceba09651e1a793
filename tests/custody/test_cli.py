"""`passport custody submit | trace | check` over a real store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from passport.application.demo.custody.chains import PACK_ID, PACK_PASSPORT_PATH
from passport.application.demo.custody.world import S
from passport.cli import _context, app
from tests.custody.conftest import COOP_B, MINE_B, MONITOR, MINE_A, at, tag
from passport.custody.compose import commission, content

runner = CliRunner()


@pytest.fixture
def cli_chain(chain, monkeypatch):
    monkeypatch.setattr(_context, "engine", lambda: chain.engine)
    return chain


def test_submit_accepts_and_refuses_files_independently(cli_chain, tmp_path):
    good = tmp_path / "good.json"
    good.write_bytes(cli_chain.credential(MONITOR, commission("urn:example:e1", at(1), MINE_A, [(
        tag(1, 1), 50.0, content(tag(1, 1), {"Co": 0.1}))])))
    forged = tmp_path / "forged.json"   # coop B signs for a bag at coop A's mine
    forged.write_bytes(cli_chain.credential(COOP_B, commission("urn:example:e2", at(1), MINE_A, [(
        tag(1, 2), 50.0, content(tag(1, 2), {"Co": 0.1}))])))
    result = runner.invoke(app, ["custody", "submit", str(good), str(forged), "--json"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["accepted"] for line in lines] == [True, False]
    assert lines[0]["events"] == ["urn:example:e1"] and lines[1]["error"]["code"] == "NOT_AUTHORISED"


def test_trace_prints_the_agreed_json_and_check_is_clean(cli_chain):
    cli_chain.submit(COOP_B, commission("urn:example:e3", at(1), MINE_B, [(
        tag(2, 1), 50.0, content(tag(2, 1), {"Co": 0.1}))]))
    result = runner.invoke(app, ["custody", "trace", tag(2, 1), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["origins"] == [{"site": MINE_B, "country": "CD", "share": 1.0, "monitored": False}]
    assert data["unknown_share"] == 0.0
    checked = runner.invoke(app, ["custody", "check", "--json"])
    assert checked.exit_code == 0 and json.loads(checked.output) == {"findings": []}


def test_trace_of_an_unknown_id_is_a_clear_error(cli_chain):
    result = runner.invoke(app, ["custody", "trace", "urn:example:nothing"])
    assert result.exit_code != 0
    assert result.exception is not None and getattr(result.exception, "code", "") == "NOT_FOUND"


def test_the_example_pack_traces_from_its_passport_url(engine, monkeypatch, tmp_path):
    from passport.application.demo.custody.load import load_example

    load_example(engine)
    monkeypatch.setattr(_context, "engine", lambda: engine)
    result = runner.invoke(app, ["custody", "trace", f"https://passport.example.com{PACK_PASSPORT_PATH}", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["lot"] == PACK_ID and {o["country"] for o in data["origins"]} == {"CD"}
    assert sum(o["share"] for o in data["origins"]) + data["unknown_share"] == pytest.approx(1.0)
    forward = runner.invoke(app, ["custody", "trace", S["asm_1"].id, "--forward", "--json"])
    assert [b["lot"] for b in json.loads(forward.output)["batteries"]] == [PACK_ID]
    suspensions = tmp_path / "suspensions.json"
    suspensions.write_text(json.dumps([{"site": S["coltan_sk"].id, "start": "2026-02-16T00:00:00+02:00"}]))
    checked = runner.invoke(app, ["custody", "check", "--suspensions", str(suspensions)])
    assert checked.exit_code == 0 and "SUSPENDED_SITE_SHIPPING" in checked.output


def test_submit_bulk_applies_a_directory_in_worker_processes(cli_chain, tmp_path, monkeypatch):
    import passport.custody.bulk as bulk
    from tests.custody.test_bulk import _chain_credentials

    monkeypatch.setattr(bulk, "MIN_CREDENTIALS_PER_WORKER", 1)   # processes even for six credentials

    for i, raw in enumerate(_chain_credentials(cli_chain)):
        (tmp_path / f"{i:02d}.json").write_bytes(raw)
    (tmp_path / "notes.txt").write_text("not a credential")
    result = runner.invoke(app, ["custody", "submit", "--bulk", str(tmp_path), "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["accepted"], data["credentials"], data["events"]) == (True, 6, 6)
    assert [r["file"] for r in data["receipts"]][0].endswith("00.json")


def test_submit_bulk_refuses_the_whole_directory_and_names_the_bad_file(cli_chain, tmp_path):
    from tests.custody.test_bulk import _chain_credentials

    raws = _chain_credentials(cli_chain)
    raws[2] = raws[2].replace(b"urn:example:desadv:1", b"urn:example:desadv:9")   # signature no longer matches
    for i, raw in enumerate(raws):
        (tmp_path / f"{i:02d}.json").write_bytes(raw)
    result = runner.invoke(app, ["custody", "submit", "--bulk", str(tmp_path), "--workers", "1", "--json"])
    assert result.exit_code == 1
    error = json.loads(result.output)["error"]
    assert error["code"] == "SIGNATURE_INVALID" and error["details"]["file"].endswith("02.json")
    trace = runner.invoke(app, ["custody", "trace", tag(1, 1)])
    assert trace.exit_code != 0   # nothing of the batch was written
