"""The issuance benchmark runs at a tiny size through the one issuance path (no timings asserted)."""

from __future__ import annotations

from sqlalchemy import func, select

from benchmarks.issuance import bench_ours


def test_the_issuance_benchmark_issues_single_and_batch(tmp_path, monkeypatch):
    from benchmarks import issuance

    seen = []
    real = issuance.open_store

    def spy(backend, workdir, name="bench.db"):
        engine, close = real(backend, workdir, name)
        seen.append(engine)
        return engine, lambda: None

    monkeypatch.setattr(issuance, "open_store", spy)
    result = bench_ours("sqlite", str(tmp_path), 2)
    assert (result["single"]["passports"], result["batch"]["passports"]) == (2, 2)
    assert result["single"]["passports_per_s"] > 0 and result["batch"]["passports_per_cpu_s"] > 0
    with seen[0].connect() as conn:   # 1 warm-up + 2 single + 2 batch, each with its public, legitimate-interest
        from passport.registry.tables import PassportVersion   # and authority views stored
        assert conn.scalar(select(func.count()).select_from(PassportVersion)) == 5
    seen[0].dispose()
