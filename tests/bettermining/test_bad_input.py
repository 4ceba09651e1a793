"""Bad input: each case is one clear error naming file, row and field, and the store is left unchanged.

Every case runs on a store already holding the 2022 data, on SQLite and PostgreSQL, and compares every row of
every Better Mining table before and after. The store is shared by the module (`loaded`, below): since every
import here must fail, a row leaked by one case would also fail the cases after it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indices.bettermining.importer import import_files
from indices.bettermining.sources import ColumnMapping
from passport.errors import DataImportError, InputError
from tests.bettermining.conftest import incident_rows, store_counts, store_snapshot, write_csv, write_json


@pytest.fixture
def loaded(loaded_module_store):
    return loaded_module_store


def _refused(engine, paths, **kwargs) -> DataImportError:
    before = store_snapshot(engine)
    counts = store_counts(engine)
    with pytest.raises(DataImportError) as info:
        import_files(engine, paths, **kwargs)
    assert store_counts(engine) == counts
    assert store_snapshot(engine) == before
    assert info.value.code == "IMPORT_FAILED" and isinstance(info.value, InputError)
    return info.value


def _where(error: DataImportError) -> tuple:
    d = error.details
    return Path(d["file"]).name, d.get("row"), d.get("field"), d["reason"]


def _rows(better_mining_dir, ids_from="BM22-9Z"):
    """The 2022 rows under new ids, so they would be inserted if the import went through."""
    rows = incident_rows(better_mining_dir)
    for i, row in enumerate(rows):
        row["id"] = f"{ids_from}-{i + 1:03d}"
    return rows


@pytest.mark.parametrize(("field", "value", "reason"), [
    ("score", "25", "wrong_type"),  # a string where JSON has a number
    ("score", 25.5, "wrong_type"),
    ("score", True, "wrong_type"),
    ("date", "31/01/2022", "wrong_type"),
    ("date", 20220131, "wrong_type"),
    ("risk", 7, "wrong_type"),
    ("score", 7, "invalid_score"),  # not severity × likelihood
    ("score_category", "low", "category_mismatch"),  # score 25 of a major-breach type
    ("score_category", "very high", "invalid"),
    ("risk_category", "security", "category_mismatch"),
    ("risk_category", "environment", "unknown_risk_category"),
    ("risk", "child_labour", "unknown_risk"),
    ("risk", "bribery", "risk_mismatch"),  # a child-labour incident type cannot evidence bribery
    ("id", None, "missing"),
])
def test_wrong_values_in_json_are_refused(loaded, better_mining_dir, tmp_path, field, value, reason):
    rows = _rows(better_mining_dir)
    rows[40] = {**rows[40], **({field: value})}
    rows[40]["score"] = rows[40]["score"] if field == "score" else 25
    rows[40]["score_category"] = value if field == "score_category" else "major_breach"
    rows[40]["incident_type"] = "Child (under 18) in WFCL: underground/underwater work"
    rows[40]["risk"] = rows[40]["risk"] if field == "risk" else "worst_forms_of_child_labour"
    rows[40]["risk_category"] = value if field == "risk_category" else None if field == "risk" else "human_rights"
    error = _refused(loaded, [write_json(tmp_path / "incidents.json", rows)])
    assert _where(error) == ("incidents.json", 41, field, reason)
    assert error.details["pointer"] == f"/40/{field}"


def test_a_non_numeric_score_in_csv_names_its_row(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)
    rows[9]["score"] = "high"
    error = _refused(loaded, [write_csv(tmp_path / "incidents.csv", rows)])
    assert _where(error) == ("incidents.csv", 11, "score", "wrong_type")


def test_an_unknown_risk_code_in_csv(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)
    rows[63]["risk"] = "money_launderin"
    error = _refused(loaded, [write_csv(tmp_path / "incidents.csv", rows)])
    assert _where(error) == ("incidents.csv", 65, "risk", "unknown_risk")


def test_duplicate_ids_in_one_file(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)
    rows[20]["id"] = rows[3]["id"]
    error = _refused(loaded, [write_csv(tmp_path / "incidents.csv", rows)])
    assert _where(error) == ("incidents.csv", 22, "id", "duplicate_id")
    assert "row 5" in error.message


def test_duplicate_ids_across_files_of_one_import(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)
    first = write_json(tmp_path / "a.json", rows[:30])
    second = write_csv(tmp_path / "b.csv", rows[29:])
    error = _refused(loaded, [first, second])
    assert _where(error) == ("b.csv", 2, "id", "duplicate_id")


def test_duplicate_action_ids(loaded, better_mining_dir, tmp_path):
    actions = json.loads((better_mining_dir / "major_breach_corrective_actions.json").read_text(encoding="utf-8"))
    for a in actions:
        a["id"] = a["id"].replace("BM22", "BM99")
    actions[5]["id"] = actions[0]["id"]
    error = _refused(loaded, [write_json(tmp_path / "actions.json", actions)])
    assert _where(error) == ("actions.json", 6, "id", "duplicate_id")


def test_a_csv_cut_off_mid_record(loaded, better_mining_dir, tmp_path):
    path = write_csv(tmp_path / "incidents.csv", _rows(better_mining_dir))
    data = path.read_bytes()
    cut = data.rfind(b"\r\n", 0, len(data) - 2) + 60  # a few fields into the last record
    path.write_bytes(data[:cut])
    error = _refused(loaded, [path])
    assert _where(error) == ("incidents.csv", 66, None, "truncated")


def test_a_csv_cut_off_inside_a_quoted_field(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)[:5]
    rows[4]["description_zh"] = "描述，带逗号"  # quoted by the writer because of the comma? no: force quoting below
    path = write_csv(tmp_path / "incidents.csv", rows)
    data = path.read_bytes().decode("utf-8").rstrip("\r\n")
    head, _, last = data.rpartition("\r\n")
    last = last.replace("描述，带逗号", '"描述，带逗号')  # an opening quote that never closes
    path.write_bytes((head + "\r\n" + last).encode("utf-8"))
    error = _refused(loaded, [path])
    assert _where(error) == ("incidents.csv", 6, None, "truncated")


def test_a_truncated_json_file(loaded, better_mining_dir, tmp_path):
    path = tmp_path / "incidents.json"
    text = (better_mining_dir / "incidents.json").read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    error = _refused(loaded, [path])
    assert _where(error)[0] == "incidents.json" and error.details["reason"] == "malformed_json"
    assert error.details["row"] > 1  # the line where the JSON stops


def test_a_latin1_file_is_refused_naming_the_first_bad_row(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)
    for row in rows:
        row["incident_type_zh"] = row["description_zh"] = None
    rows[12]["incident_type"] = "Other bribery – péage illégal"
    rows[12]["risk"], rows[12]["risk_category"] = "bribery", "legality"
    path = write_csv(tmp_path / "incidents.csv", rows, encoding="cp1252")
    error = _refused(loaded, [path])
    assert _where(error) == ("incidents.csv", 14, None, "encoding")


def test_a_utf16_file_is_refused(loaded, better_mining_dir, tmp_path):
    path = write_csv(tmp_path / "incidents.csv", _rows(better_mining_dir), encoding="utf-16")
    error = _refused(loaded, [path])
    assert _where(error) == ("incidents.csv", 1, None, "encoding")
    assert "UTF-16" in error.message


def test_a_wrong_encoding_named_in_a_mapping_is_an_error(loaded, better_mining_dir, tmp_path):
    path = write_csv(tmp_path / "incidents.csv", _rows(better_mining_dir))
    mapping = ColumnMapping(columns={k: k for k in ("id", "date", "incident_type", "risk")}, encoding="no-such-codec")
    assert _where(_refused(loaded, [path], mapping=mapping)) == ("incidents.csv", None, None, "encoding")


def test_a_csv_without_the_needed_columns(loaded, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("Ref,Day,What\n1,2022-01-01,x\n", encoding="utf-8")
    assert _where(_refused(loaded, [path])) == ("other.csv", 1, "date", "missing_column")


def test_the_second_file_failing_undoes_the_first(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)
    good = write_json(tmp_path / "good.json", rows[:30])
    bad_rows = rows[30:]
    bad_rows[-1]["risk"] = "not_a_risk"
    bad = write_csv(tmp_path / "bad.csv", bad_rows)
    assert _where(_refused(loaded, [good, bad])) == ("bad.csv", len(bad_rows) + 1, "risk", "unknown_risk")


def test_a_failure_after_a_flushed_batch_undoes_the_batch(loaded, better_mining_dir, tmp_path):
    base = incident_rows(better_mining_dir)[1]  # 20, very_high
    rows = [{**base, "id": f"BIG-{n:05d}"} for n in range(5003)]  # more than one write batch (5000)
    rows[-1]["date"] = "2022-13-01"
    error = _refused(loaded, [write_csv(tmp_path / "big.csv", rows)])
    assert _where(error) == ("big.csv", 5004, "date", "wrong_type")


def test_an_unknown_site_is_refused(loaded, better_mining_dir, tmp_path):
    rows = _rows(better_mining_dir)[:3]
    rows[2]["site_id"] = "S-404"
    assert _where(_refused(loaded, [write_json(tmp_path / "i.json", rows)])) == ("i.json", 3, "site_id",
                                                                                  "unknown_site")


def test_an_invalid_site_is_refused(loaded, tmp_path):
    sites = [{"id": "S-1", "country": "Rwanda"}]
    assert _where(_refused(loaded, [write_json(tmp_path / "sites.json", sites)])) == ("sites.json", 1, "country",
                                                                                       "invalid")


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"status": "done"}, "status", "invalid"),
    ({"risk": "child_labour"}, "risk", "unknown_risk"),
    ({"implemented_month": "2022-13"}, "implemented_month", "invalid"),
    ({"status": "in_progress"}, "implemented_month", "invalid"),  # a month implemented, but not implemented
    ({"replaces": "BM22-CA-MB-02"}, "replaces", "invalid_replacement"),  # that action is implemented
    ({"owner": "someone"}, "owner", "unknown_field"),
])
def test_bad_corrective_actions(loaded, better_mining_dir, tmp_path, change, field, reason):
    actions = json.loads((better_mining_dir / "major_breach_corrective_actions.json").read_text(encoding="utf-8"))
    actions[2].update(change)
    error = _refused(loaded, [write_json(tmp_path / "major_breach_actions.json", actions)])
    assert _where(error)[1:] == (3, field, reason)


@pytest.mark.parametrize(("by_risk", "field", "reason"), [
    ({"bribery": {"implemented": "6"}}, "implemented", "invalid"),
    ({"bribery": {"implemented": -1}}, "implemented", "invalid"),
    ({"bribery": {"done": 1}}, "done", "invalid"),
    ({"slavery": {"implemented": 1}}, "risk", "unknown_risk"),
    ({"bribery": [1, 2]}, "counts", "wrong_type"),
])
def test_bad_status_counts(loaded, tmp_path, by_risk, field, reason):
    error = _refused(loaded, [write_json(tmp_path / "counts.json", {"by_risk": by_risk})])
    assert _where(error)[2:] == (field, reason)


@pytest.mark.parametrize("content", [b"", b"{}", b"[]", b'[{"x": 1}]', b"[1, 2]"])
def test_unrecognised_or_empty_files(loaded, tmp_path, content):
    path = tmp_path / "export.json"
    path.write_bytes(content)
    assert _refused(loaded, [path]).details["reason"] in {"empty", "unrecognised", "wrong_type"}


def test_a_missing_file(loaded, tmp_path):
    assert _refused(loaded, [tmp_path / "nope.json"]).details["reason"] == "unreadable"
