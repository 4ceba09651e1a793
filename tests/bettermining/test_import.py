"""Importing: idempotent re-imports, messy rows kept and noted, a generic CSV through a column mapping,
sites, and corrective actions with their reviews and replacements."""

from __future__ import annotations

import datetime as dt
import json

from indices.bettermining.importer import import_files
from indices.bettermining.queries import incidents_by_site, load_incidents, load_sites, report_from_store
from indices.bettermining.sources import ColumnMapping
from tests.bettermining.conftest import incident_rows, store_counts, store_snapshot, write_csv, write_json


def test_reimporting_the_same_files_leaves_the_store_as_it_was(engine, files_2022):
    first = import_files(engine, files_2022)
    before = store_snapshot(engine)
    second = import_files(engine, files_2022)
    assert store_snapshot(engine) == before
    assert [f.inserted for f in first.files] == [65, 19, 20]
    assert [(f.inserted, f.updated, f.unchanged) for f in second.files] == [(0, 0, 65), (0, 0, 19), (0, 0, 20)]


def test_json_then_csv_of_the_same_rows_is_the_same_store(engine, better_mining_dir):
    import_files(engine, [better_mining_dir / "incidents.json"])
    summary = import_files(engine, [better_mining_dir / "incidents.csv"])
    assert summary.files[0].unchanged == 65
    assert store_counts(engine)["bm_incident"] == 65


def test_a_changed_row_is_updated_in_place(engine, better_mining_dir, tmp_path):
    import_files(engine, [better_mining_dir / "incidents.json"])
    rows = incident_rows(better_mining_dir)
    rows[1]["date"] = "2022-02-18"
    summary = import_files(engine, [write_json(tmp_path / "incidents.json", rows)])
    assert (summary.files[0].updated, summary.files[0].unchanged) == (1, 64)
    stored = {i.id: i for i in load_incidents(engine)}
    assert stored["BM22-3T-002"].date == dt.date(2022, 2, 18)


def test_missing_scores_are_kept_with_their_published_category(engine, better_mining_dir):
    summary = import_files(engine, [better_mining_dir / "incidents.json"])
    assert summary.notes["score_missing"] == 2
    stored = {i.id: i for i in load_incidents(engine)}
    for key in ("BM22-3T-056", "BM22-3T-057"):
        assert (stored[key].score, stored[key].score_category, stored[key].major_breach) == (None, "low", False)


def test_dates_out_of_order_are_kept_and_noted(engine, better_mining_dir):
    summary = import_files(engine, [better_mining_dir / "incidents.csv"])
    assert summary.notes["date_out_of_order"] == 5
    rows_noted = sorted(n.row for n in summary.note_examples if n.reason == "date_out_of_order")
    assert rows_noted == [31, 44, 53, 57, 63]  # CSV rows: header is row 1
    stored = {i.id: i for i in load_incidents(engine)}
    assert stored["BM22-3T-056"].date == dt.date(2022, 1, 31)


def test_an_english_label_among_chinese_ones_resolves_through_the_taxonomy(engine, better_mining_dir, tmp_path):
    rows = incident_rows(better_mining_dir)[:6]
    rows[2]["incident_type_zh"] = rows[2]["incident_type"]  # English where Chinese is expected
    rows[3]["incident_type"] = rows[3]["incident_type_zh"]  # Chinese where English is expected
    rows[4]["description_zh"] = "Three children washing mineralised sand near the drainage ditch."
    summary = import_files(engine, [write_csv(tmp_path / "messy.csv", rows)])
    assert summary.notes["label_language"] == 3
    stored = {i.id: i for i in load_incidents(engine)}
    assert stored["BM22-3T-003"].incident_type_zh == "儿童（18岁以下）破碎/筛分/清洗矿石"
    assert stored["BM22-3T-004"].incident_type == "Child (under 18) in WFCL: underground/underwater work"
    assert stored["BM22-3T-004"].major_breach is True
    assert stored["BM22-3T-005"].description.startswith("Three children")
    assert stored["BM22-3T-005"].description_zh is None


def test_an_unknown_incident_type_is_kept_when_its_risk_is_known(engine, better_mining_dir, tmp_path):
    rows = incident_rows(better_mining_dir)[6:7]  # illegal taxation, bribery, 16, high
    rows[0]["incident_type"] = "Roadblock fee demanded by police"
    rows[0]["incident_type_zh"] = None
    summary = import_files(engine, [write_json(tmp_path / "i.json", rows)])
    assert summary.notes["unknown_incident_type"] == 1
    (stored,) = load_incidents(engine)
    assert (stored.incident_type_code, stored.score_category, stored.risk) == (None, "high", "bribery")


def test_severity_and_likelihood_give_the_score_and_category(engine, tmp_path):
    row = {"id": "X-1", "date": "2023-03-01", "incident_type": "Other bribery", "severity": 3, "likelihood": 3,
           "risk": "bribery"}
    import_files(engine, [write_json(tmp_path / "i.json", [row])])
    (stored,) = load_incidents(engine)
    assert (stored.score, stored.score_category, stored.risk_category) == (9, "medium", "legality")


def test_a_generic_csv_through_a_column_mapping(engine, better_mining_dir, tmp_path):
    rows = incident_rows(better_mining_dir)[:10]
    lines = ["Ref;Jour;Type;Note;Catégorie;Risque"]
    for r in rows:
        day = dt.date.fromisoformat(r["date"]).strftime("%d/%m/%Y")
        category = {"human_rights": "Droits humains", "legality": "Légalité",
                    "security": "Sécurité"}[r["risk_category"]]
        lines.append(f"{r['id']};{day};{r['incident_type']};{r['score'] or ''};{category};{r['risk']}")
    path = tmp_path / "export-fr.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    mapping = ColumnMapping(
        columns={"id": "Ref", "date": "Jour", "incident_type": "Type", "score": "Note", "risk_category": "Catégorie",
                 "risk": "Risque"},
        delimiter=";", encoding="latin-1", date_format="%d/%m/%Y",
        values={"risk_category": {"Droits humains": "human_rights", "Légalité": "legality", "Sécurité": "security"}})
    summary = import_files(engine, [path], mapping=mapping)
    assert summary.files[0].inserted == 10
    stored = {i.id: i for i in load_incidents(engine)}
    assert {k: (v.date.isoformat(), v.score_category) for k, v in stored.items()} == {
        r["id"]: (r["date"], r["score_category"]) for r in rows}


def test_sites_and_per_site_reports(engine, better_mining_dir, tmp_path):
    sites = [{"id": "S-1", "country": "RW", "coordinates": {"latitude": -1.95, "longitude": 30.06},
              "minerals": ["tin", "tantalum"], "site_type": "mine", "programme_status": "active"},
             {"id": "S-2", "country": "CD", "minerals": ["tungsten"], "programme_status": "suspended"}]
    rows = incident_rows(better_mining_dir)[:4]
    for i, row in enumerate(rows):
        row["site_id"] = "S-1" if i < 3 else "S-2"
    import_files(engine, [write_json(tmp_path / "incidents.json", rows), write_json(tmp_path / "sites.json", sites)])
    assert incidents_by_site(engine) == {"S-1": 3, "S-2": 1}
    stored = load_sites(engine)
    assert stored["S-1"].model_dump(mode="json") == {**sites[0], "name": None}
    assert (stored["S-2"].programme_status.value, stored["S-2"].coordinates) == ("suspended", None)
    report = report_from_store(engine, site_id="S-2")
    assert (report.incidents_total, report.major_breaches.incidents) == (1, 1)
    assert report.corrective_actions_by_risk == {}


def test_actions_with_reviews_and_a_replacement_feed_the_rates(engine, tmp_path):
    actions = [
        {"id": "A-1", "risk": "bribery", "action": "Stop paying the checkpoint.", "status": "cancelled",
         "assigned_on": "2023-01-10", "reviews": [{"month": "2023-01", "status": "not_started"},
                                                  {"month": "2023-02", "status": "cancelled", "note": "Unworkable"}]},
        {"id": "A-2", "risk": "bribery", "action": "Report the checkpoint to the provincial mining office.",
         "status": "implemented", "assigned_on": "2023-02-15", "replaces": "A-1", "implemented_month": "2023-03"},
        {"id": "A-3", "risk": "bribery", "action": "Post the official tax schedule.", "status": "in_progress",
         "assigned_on": "2023-02-20"},
    ]
    import_files(engine, [write_json(tmp_path / "actions.json", actions)])
    report = report_from_store(engine, period_from=dt.date(2023, 1, 1), period_to=dt.date(2023, 12, 31))
    counts = report.corrective_actions_by_risk["bribery"]
    assert (counts.implemented, counts.in_progress, counts.cancelled, counts.assigned) == (1, 1, 1, 3)
    rates = report.corrective_action_rates["bribery"]
    assert (rates.implementation_rate, rates.progress_rate) == (0.5, round(2 / 3, 6))
    assert report.corrective_actions_source == {"bribery": "actions"}
    from sqlalchemy import select

    from indices.bettermining.tables import BmCapReview
    with engine.connect() as connection:
        reviews = connection.execute(select(BmCapReview.__table__).order_by("action_id", "month")).all()
    assert [(r.action_id, r.month, r.status) for r in reviews] == [
        ("A-1", "2023-01", "not_started"), ("A-1", "2023-02", "cancelled"), ("A-2", "2023-03", "implemented")]
    assert report_from_store(engine, period_to=dt.date(2022, 12, 31)).corrective_actions_by_risk == {}


def test_a_period_stamps_undated_cap_data(engine, files_2022):
    import_files(engine, files_2022, period=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    assert report_from_store(engine, period_from=dt.date(2022, 6, 1)).corrective_action_rates["total"].assigned == 55
    later = report_from_store(engine, period_from=dt.date(2023, 1, 1))
    assert later.corrective_actions_by_risk == {} and later.major_breaches.actions_by_risk == {}


def test_the_summary_serialises(engine, files_2022):
    summary = import_files(engine, files_2022)
    assert json.loads(summary.model_dump_json())["notes"] == {"date_out_of_order": 5, "score_missing": 2}


def test_extra_columns_are_ignored_and_noted(engine, better_mining_dir, tmp_path):
    rows = [{**r, "site_name": "(named)"} for r in incident_rows(better_mining_dir)[:3]]
    summary = import_files(engine, [write_json(tmp_path / "i.json", rows)])
    assert summary.notes == {"ignored_field": 3}
    assert summary.note_examples[0].field == "site_name"
