"""The credentials benchmark runs and its pipelines agree (ours, pyld-only); no timings are asserted."""

from __future__ import annotations

from benchmarks.credentials import BENCH_CONTEXT_URL, _bench_context, measure, passport_credential
from passport.jsonld import DocumentLoader


def test_benchmark_pipelines_agree_on_a_small_credential():
    loader = DocumentLoader(extra={BENCH_CONTEXT_URL: _bench_context()})
    summary = measure(passport_credential(2), loader=loader, repeat=1, with_js=False)
    assert set(summary["suites"]) == {"eddsa-rdfc-2022", "ecdsa-rdfc-2019"}
    for suite in summary["suites"].values():
        assert set(suite["median_ms"]) == {"ours.sign", "ours.verify", "pyld.sign", "pyld.verify"}
