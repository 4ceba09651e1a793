"""The benchmark's pipeline works end to end at a tiny size: our report and DuckDB count the same incidents."""

from __future__ import annotations

from benchmarks.bettermining import run
from tests.conftest import need_module


def test_benchmark_smoke():
    need_module("duckdb")
    summary = run(incidents=3000, sites=40, backend="sqlite", repeat=1)
    assert summary["duckdb"]["incidents"] == summary["incidents"] == 3000
    assert summary["ingest"]["files"][1] == {"file": summary["ingest"]["files"][1]["file"], "format": "incidents",
                                             "records": 3000, "inserted": 3000, "updated": 0, "unchanged": 0}
    assert summary["report"]["one_site_incidents"] == 0  # SITE-00042 does not exist among 40 sites
    assert summary["ratio_report_to_duckdb"] > 0
