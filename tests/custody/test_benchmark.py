"""The custody benchmark runs at a tiny size: the product builds the closure, and the naive walk, the closure and
the recursive CTE find the same origins on every trace (checked inside `bench_trace`; no timings asserted)."""

from __future__ import annotations

from benchmarks.custody import bench_trace


def test_the_trace_benchmark_builds_the_closure_with_product_code_and_walks_every_trace(engine):
    summary = bench_trace(engine, lots=400, events=800, traces=8)
    assert summary["traces"] == summary["peer_traces"] == 8
    assert summary["origin_rows"] > summary["lots"] * 0.8          # every bag has its own origin row, and more
    assert summary["closure_build_s"] > 0 and summary["ratio_bfs_to_closure_with_build"] > 0
