"""The indices benchmark's two formulations agree on a small chain (no timings asserted)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import need_module


def test_ours_and_duckdb_agree_on_a_small_chain(capsys):
    need_module("duckdb")
    from benchmarks.indices import main

    assert main(["--sites", "150", "--incidents", "3000", "--repeat", "1"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["agreement"]["agree"] is True
    assert summary["agreement"]["incidents_ours"] == summary["incidents"]        # every incident site is traced
    assert summary["companies_in_chain"] > 15 and summary["result"]["child_labour"]["companies"] > 0
    assert set(summary["ours_s"]) >= {"p50", "collect_p50_s", "derive_p50_s"}
    assert {"target_met", "target_met_once_inputs_loaded", "rollup_refresh_s", "ratio_same_rollup",
            "ratio_including_rollup_build", "versions", "commit"} <= set(summary)
    agreement = summary["agreement"]
    assert agreement["incidents_peer_rollup"] == agreement["incidents_peer"]
    assert agreement["score_peer_rollup"] == pytest.approx(agreement["score_peer"])   # the rollup is the raw counts
    assert summary["versions"]["duckdb"] and summary["versions"]["battery-passport"]
