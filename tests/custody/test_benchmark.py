"""The custody benchmark runs at a tiny size: the product builds the closure, and the naive walk, the closure and
the recursive CTE find the same origins on every trace (checked inside `bench_trace`; no timings asserted)."""

from __future__ import annotations

from benchmarks.custody import bench_trace


def test_the_trace_benchmark_builds_the_closure_with_product_code_and_walks_every_trace(engine):
    summary = bench_trace(engine, lots=400, events=800, traces=8)
    assert summary["traces"] == summary["peer_traces"] == 8
    assert summary["origin_rows"] > summary["lots"] * 0.8          # every bag has its own origin row, and more
    assert summary["closure_build_s"] > 0 and summary["ratio_bfs_to_closure_with_build"] > 0


def test_the_bulk_benchmark_applies_its_batch_and_copies_the_same_rows(engine, tmp_path):
    from sqlalchemy import func, select

    from benchmarks._store import open_store
    from benchmarks.custody_bulk import bench_bulk, bench_floor, build_batch
    from passport.custody.tables import CustodyEvent, CustodyLot

    batch, events = build_batch(engine, credentials=8, per_credential=5)
    assert (len(batch), events) == (8, 40)        # 4 mines x (1 commissioning + 1 shipping credential) x 5 events
    summary = bench_bulk(engine, batch, events, workers=1)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(CustodyEvent)) == 40
        assert conn.scalar(select(func.count()).select_from(CustodyLot).where(
            CustodyLot.custodian == "urn:bench:party:buyer")) == 20
    assert summary["events"] == 40
    if engine.dialect.name == "postgresql":
        target, close = open_store("postgresql", tmp_path)
        try:
            floor = bench_floor(engine, target, events)
        finally:
            close()
        assert floor["rows"]["custody_event"] == 40 and floor["rows"]["custody_lot"] == 20
