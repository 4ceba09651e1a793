"""`passport bettermining import` and `report`, over the test store on each backend."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from passport.cli import app
from passport.cli import main as cli_main

runner = CliRunner()


@pytest.fixture
def cli_store(engine, monkeypatch):
    from passport.cli import _context

    monkeypatch.setattr(_context, "engine", lambda: engine)
    return engine


def test_import_then_report_json(cli_store, files_2022):
    result = runner.invoke(app, ["bettermining", "import", *map(str, files_2022)])
    assert result.exit_code == 0, result.output
    assert "65 records: 65 new" in result.output and "note: 2 × score_missing" in result.output
    again = runner.invoke(app, ["bettermining", "import", *map(str, files_2022)])
    assert "0 new, 0 updated, 65 unchanged" in again.output
    report = json.loads(runner.invoke(app, ["bettermining", "report", "--json"]).output)
    assert report["incidents_by_risk"]["bribery"] == {"count": 27, "share": 0.415385}
    assert report["incidents_by_risk_category"]["security"] == {"count": 2, "share": 0.030769}
    assert report["incidents_by_score_category"]["very_high"] == {"count": 18, "share": 0.276923}
    assert report["corrective_actions_by_risk"]["bribery"] == {"implemented": 6, "in_progress": 6,
                                                               "not_started": 2, "cancelled": 0}


def test_report_text_tables(cli_store, files_2022):
    runner.invoke(app, ["bettermining", "import", *map(str, files_2022)])
    text = runner.invoke(app, ["bettermining", "report", "--from", "2022-01-01", "--to", "2022-12-31"]).output
    assert "Incidents by risk\n" in text and "Major-breach mitigation" in text
    lines = text.splitlines()
    assert any(line.split() == ["bribery", "27", "41.5%"] for line in lines)
    assert any(line.split() == ["total", "37", "12", "2", "4", "55", "72.5%", "89.1%"] for line in lines)
    assert "Major breaches: 9 incidents, 19 corrective actions (17 implemented, 2 in progress)" in text


def test_period_and_site_options(cli_store, files_2022):
    runner.invoke(app, ["bettermining", "import", *map(str, files_2022)])
    q4 = json.loads(runner.invoke(app, ["bettermining", "report", "--json", "--from", "2022-10-01"]).output)
    assert q4["incidents_total"] == 23
    site = json.loads(runner.invoke(app, ["bettermining", "report", "--json", "--site", "S-1"]).output)
    assert site["incidents_total"] == 0 and site["site_id"] == "S-1"


def test_column_options_map_a_csv(cli_store, better_mining_dir, tmp_path):
    rows = json.loads((better_mining_dir / "incidents.json").read_text(encoding="utf-8"))[:3]
    path = tmp_path / "own.csv"
    path.write_text("Ref\tWhen\tWhat\tScore\tRisk\n" + "".join(
        f"{r['id']}\t{r['date']}\t{r['incident_type']}\t{r['score']}\t{r['risk']}\n" for r in rows), encoding="utf-8")
    args = ["bettermining", "import", str(path), "--delimiter", "\t"]
    for field, header in (("id", "Ref"), ("date", "When"), ("incident_type", "What"), ("score", "Score"),
                          ("risk", "Risk")):
        args += ["--column", f"{field}={header}"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 records: 3 new" in result.output


def test_a_bad_file_exits_2_naming_file_row_and_field(cli_store, better_mining_dir, tmp_path, capsys):
    rows = json.loads((better_mining_dir / "incidents.json").read_text(encoding="utf-8"))
    rows[4]["risk"] = "nonsense"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        cli_main(["bettermining", "import", str(path)])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error [IMPORT_FAILED]:") and "row=5" in err and "field=risk" in err


def test_bad_dates_are_input_errors(cli_store, capsys):
    with pytest.raises(SystemExit) as info:
        cli_main(["bettermining", "report", "--from", "yesterday"])
    assert info.value.code == 2 and "INVALID_INPUT" in capsys.readouterr().err


def test_a_mapping_file(cli_store, better_mining_dir, tmp_path):
    rows = json.loads((better_mining_dir / "incidents.json").read_text(encoding="utf-8"))[:4]
    path = tmp_path / "own.csv"
    path.write_text("N°;Datum;Typ;Punkte;Risiko\n" + "".join(
        f"{r['id']};{r['date'][8:]}.{r['date'][5:7]}.{r['date'][:4]};{r['incident_type']};{r['score']};{r['risk']}\n"
        for r in rows), encoding="utf-8")
    columns = {"id": "N°", "date": "Datum", "incident_type": "Typ", "score": "Punkte", "risk": "Risiko"}
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"columns": columns, "delimiter": ";", "date_format": "%d.%m.%Y"}), encoding="utf-8")
    result = runner.invoke(app, ["bettermining", "import", str(path), "--mapping", str(mapping)])
    assert result.exit_code == 0, result.output
    assert "4 records: 4 new" in result.output
    report = json.loads(runner.invoke(app, ["bettermining", "report", "--json"]).output)
    assert {k: v["count"] for k, v in report["incidents_by_score_category"].items()} == {
        "very_high": 2, "major_breach": 2}

    del columns["score"]  # without scores or categories a row that is no breach by type cannot be placed
    mapping.write_text(json.dumps({"columns": columns, "delimiter": ";", "date_format": "%d.%m.%Y"}), encoding="utf-8")
    result = runner.invoke(app, ["bettermining", "import", str(path), "--mapping", str(mapping)])
    details = result.exception.details
    assert (details["row"], details["field"], details["reason"]) == (3, "score", "missing")


def test_a_malformed_mapping_file_is_an_input_error(cli_store, tmp_path):
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {"id": "Ref"}, "delimiter": ";;"}', encoding="utf-8")
    result = runner.invoke(app, ["bettermining", "import", str(mapping), "--mapping", str(mapping)])
    assert result.exception is not None and result.exception.code == "INVALID_INPUT"
