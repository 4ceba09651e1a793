"""Importing the shared 2022 data and reporting reproduces the published Step 5 figures.

The expected numbers were counted by hand from `incidents.json`, `corrective_actions_by_risk.json` and
`major_breach_corrective_actions.json` and are written out here, not recomputed from the files.
"""

from __future__ import annotations

import datetime as dt

import pytest

from indices.bettermining.analytics import report_from_records
from indices.bettermining.importer import import_files
from indices.bettermining.queries import incidents_by_site, load_incidents, report_from_store

BY_RISK = {"worst_forms_of_child_labour": 24, "torture_cruel_inhuman_treatment": 9, "bribery": 27,
           "transparency_reporting": 3, "public_or_private_security_forces": 2}
BY_CATEGORY = {"human_rights": 33, "legality": 30, "security": 2}
BY_SCORE_CATEGORY = {"low": 3, "medium": 4, "high": 31, "very_high": 18, "major_breach": 9}
BY_BAND = {"low": 1, "medium": 4, "high": 31, "very_high": 27, "unscored": 2}
BY_MONTH = {"2022-01": 3, "2022-02": 4, "2022-03": 5, "2022-04": 4, "2022-05": 7, "2022-06": 3, "2022-07": 1,
            "2022-08": 9, "2022-09": 6, "2022-10": 13, "2022-11": 9, "2022-12": 1}
ACTIONS = {
    "worst_forms_of_child_labour": {"implemented": 13, "in_progress": 2, "not_started": 0, "cancelled": 0},
    "torture_cruel_inhuman_treatment": {"implemented": 8, "in_progress": 4, "not_started": 0, "cancelled": 4},
    "bribery": {"implemented": 6, "in_progress": 6, "not_started": 2, "cancelled": 0},
    "transparency_reporting": {"implemented": 3, "in_progress": 0, "not_started": 0, "cancelled": 0},
    "public_or_private_security_forces": {"implemented": 7, "in_progress": 0, "not_started": 0, "cancelled": 0},
}


@pytest.fixture
def loaded(loaded_module_store):
    """The reports only read, so the module shares one loaded store per backend."""
    return loaded_module_store


def _counts(mapping):
    return {code: entry["count"] for code, entry in mapping.items()}


def test_report_reproduces_the_published_incident_tables(loaded):
    report = report_from_store(loaded).to_json_dict()
    assert report["incidents_total"] == 65
    assert _counts(report["incidents_by_risk"]) == BY_RISK
    assert _counts(report["incidents_by_risk_category"]) == BY_CATEGORY
    assert _counts(report["incidents_by_score_category"]) == BY_SCORE_CATEGORY
    assert _counts(report["incidents_by_score_band"]) == BY_BAND
    assert _counts(report["incidents_by_month"]) == BY_MONTH
    assert report["unscored_incidents"] == 2


def test_shares_are_count_over_total(loaded):
    report = report_from_store(loaded).to_json_dict()
    assert report["incidents_by_risk"]["bribery"] == {"count": 27, "share": 0.415385}
    assert report["incidents_by_risk"]["worst_forms_of_child_labour"] == {"count": 24, "share": 0.369231}
    assert report["incidents_by_risk_category"]["human_rights"] == {"count": 33, "share": 0.507692}
    assert report["incidents_by_score_category"]["major_breach"] == {"count": 9, "share": 0.138462}
    assert abs(sum(e["share"] for e in report["incidents_by_risk"].values()) - 1.0) < 1e-5


def test_corrective_actions_per_risk_are_the_55_of_the_file(loaded):
    report = report_from_store(loaded).to_json_dict()
    assert report["corrective_actions_by_risk"] == ACTIONS
    assert set(report["corrective_actions_source"].values()) == {"published_counts"}
    total = report["corrective_action_rates"]["total"]
    assert total["assigned"] == 55
    assert total["implementation_rate"] == round(37 / (55 - 4), 6)  # 0.72549
    assert total["progress_rate"] == round((37 + 12) / 55, 6)  # 0.890909
    torture = report["corrective_action_rates"]["torture_cruel_inhuman_treatment"]
    assert (torture["implementation_rate"], torture["progress_rate"]) == (round(8 / 12, 6), 0.75)


def test_the_19_major_breach_actions_and_the_9_breaches(loaded):
    breaches = report_from_store(loaded).to_json_dict()["major_breaches"]
    assert breaches["incidents"] == 9
    assert breaches["incidents_by_risk"] == {"worst_forms_of_child_labour": 8, "public_or_private_security_forces": 1}
    actions = breaches["actions_by_risk"]
    assert {risk: len(items) for risk, items in actions.items()} == {
        "worst_forms_of_child_labour": 14, "public_or_private_security_forces": 5}
    assert breaches["action_status"] == {"implemented": 17, "in_progress": 2, "not_started": 0, "cancelled": 0}
    in_progress = sorted(a["id"] for items in actions.values() for a in items if a["status"] == "in_progress")
    assert in_progress == ["BM22-CA-MB-10", "BM22-CA-MB-16"]
    first = actions["public_or_private_security_forces"][0]
    assert (first["id"], first["implemented_month"]) == ("BM22-CA-MB-01", "2022-11")


def test_the_csv_gives_the_same_report_as_the_json(engine, better_mining_dir):
    import_files(engine, [better_mining_dir / "incidents.csv"])
    report = report_from_store(engine).to_json_dict()
    assert _counts(report["incidents_by_risk"]) == BY_RISK
    assert _counts(report["incidents_by_score_category"]) == BY_SCORE_CATEGORY


def test_sql_report_equals_the_pure_report_over_the_same_records(loaded, files_2022):
    from indices.bettermining.formats import open_export
    from indices.bettermining.parse_actions import parse_action, parse_status_counts
    from indices.bettermining.taxonomy import default_taxonomy

    actions = [parse_action(r, default_taxonomy(), major_breach_default=True, period=None)[0]
               for r in open_export(files_2022[1]).records]
    snapshots = parse_status_counts(open_export(files_2022[2]).document, default_taxonomy(), file="x", period=None)
    pure = report_from_records(load_incidents(loaded), actions, snapshots)
    assert pure == report_from_store(loaded)


def test_a_period_selects_incidents_by_date(loaded):
    q4 = report_from_store(loaded, period_from=dt.date(2022, 10, 1), period_to=dt.date(2022, 12, 31))
    assert q4.incidents_total == 13 + 9 + 1
    assert list(q4.incidents_by_month) == ["2022-10", "2022-11", "2022-12"]
    january = report_from_store(loaded, period_from=dt.date(2022, 1, 1), period_to=dt.date(2022, 1, 31))
    assert january.incidents_total == 3  # two of them are the unscored, out-of-order transparency rows
    assert january.unscored_incidents == 2
    assert report_from_store(loaded, period_from=dt.date(2023, 1, 1)).incidents_total == 0


def test_without_site_ids_every_incident_is_unassigned(loaded):
    assert incidents_by_site(loaded) == {None: 65}
    assert report_from_store(loaded, site_id="anything").incidents_total == 0
