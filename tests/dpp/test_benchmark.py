"""`benchmarks.dpp` runs end to end at a tiny size and reports every number it promises."""

from __future__ import annotations

from benchmarks.dpp import run


def test_benchmark_runs_small():
    summary = run(passports=2, reads=4)
    assert set(summary["reads_ms"]) == {"peer_passport_url_ld", "ReadDPPById", "ReadDataElement",
                                        "ReadDPPByIdAndDate"}
    assert summary["backup"]["sent"]["versions"] == 2 and summary["backup"]["differences"] == 0
    assert summary["backup"]["sent_again"] == {"versions": 0, "statusLists": 0, "dpps": 0, "audit": 0}
    assert summary["backup"]["exported"][0] == 2
