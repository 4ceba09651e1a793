"""The canonicalization benchmark runs and checks that every implementation agrees (no timings asserted)."""

from __future__ import annotations

from benchmarks.canonicalization import battery_credential, run


def test_benchmark_runs_small_and_peers_agree() -> None:
    summary = run(materials=2, repeat=2, node=False)
    assert summary["input"]["quads"] > 50
    assert {"ours.to_rdf", "ours.rdfc10", "ours.canonicalize", "pyld.to_rdf", "pyld.normalize"} <= set(
        summary["median_ms"])
    assert all(value > 0 for value in summary["ratios"].values())


def test_benchmark_credential_has_a_few_hundred_triples() -> None:
    assert len(battery_credential()["credentialSubject"]["materials"]) == 24
