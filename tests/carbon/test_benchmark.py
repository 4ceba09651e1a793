"""The benchmark's two formulations agree battery by battery (a tiny batch; no timings asserted)."""

from __future__ import annotations

from tests.conftest import need_module


def test_ours_and_duckdb_agree_on_a_small_batch():
    need_module("duckdb")
    from benchmarks.carbon import run

    summary = run(12, 1)
    assert summary["agreement"]["batteries_compared"] == 12
    assert summary["agreement"]["max_relative_difference"] < 1e-12
    assert summary["agreement"]["classes_equal"] is True
    assert summary["ours"]["breakdown_nodes_per_battery"] > 100
    assert set(summary) >= {"ours", "duckdb", "ratio_ours_to_duckdb_query", "load_average"}
