"""The demo step imports the shipped 2022 example data, prints nothing, and can run twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import passport.application.demo.bettermining
from passport.application.demo.bettermining import FILES, load_example
from passport.application.demo import STEPS
from indices.bettermining.queries import report_from_store
from tests.bettermining.conftest import store_snapshot


def test_the_step_is_registered():
    assert load_example in STEPS


# SHA-256 of the transcription as reviewed against the report (passport/application/demo/bettermining/README.md, "Provenance"):
# a changed row changes a digest, so the data under every Better Mining test cannot drift unnoticed.
TRANSCRIPTION_SHA256 = {
    "incidents.json": "fa0c8d28035bbbfe02c79628da772602b6fee84c7a0ceae2c68ab7d17aa7de25",
    "incidents.csv": "e7c52119bc4cdca186218a5430f8a7b9eb9032e2afb4a54fe87604e6d69d29d5",
    "major_breach_corrective_actions.json": "6105f910f29f9fd01c209d5feed43ab3d24ffba9381c576f9272c10c1f78dfc4",
    "corrective_actions_by_risk.json": "6bc9c828ac449b1398cfd96306f9a6ec8e976d5cc7f24472c2b6c3865c482285",
    "programme_figures.json": "10e3570c1cfdb479a801fac0fc1b6292044ef524e11cdf7dd96107053bb5a12c",
}


def test_the_example_files_are_the_reviewed_2022_transcription(better_mining_dir):
    here = Path(passport.application.demo.bettermining.__file__).parent
    assert here == better_mining_dir
    assert set(FILES) <= set(TRANSCRIPTION_SHA256)
    for name, digest in TRANSCRIPTION_SHA256.items():
        assert hashlib.sha256((here / name).read_bytes()).hexdigest() == digest, name


def test_demo_step_is_idempotent_and_prints_nothing(engine, settings):
    assert load_example(engine, settings) == []
    before = store_snapshot(engine)
    assert load_example(engine, settings) == []
    assert store_snapshot(engine) == before
    report = report_from_store(engine)
    assert report.incidents_total == 65 and report.corrective_action_rates["total"].assigned == 55
