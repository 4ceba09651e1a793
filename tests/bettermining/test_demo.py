"""The demo step imports the shipped 2022 example data, prints nothing, and can run twice."""

from __future__ import annotations

import filecmp
from pathlib import Path

import examples.bettermining
from examples.bettermining import FILES, load_example
from examples.demo import STEPS
from indices.bettermining.queries import report_from_store
from tests.bettermining.conftest import store_snapshot


def test_the_step_is_registered():
    assert load_example in STEPS


def test_the_example_files_are_the_shared_2022_files(better_mining_dir):
    here = Path(examples.bettermining.__file__).parent
    for name in (*FILES, "incidents.csv", "programme_figures.json"):
        assert filecmp.cmp(here / name, better_mining_dir / name, shallow=False), name


def test_demo_step_is_idempotent_and_prints_nothing(engine, settings):
    assert load_example(engine, settings) == []
    before = store_snapshot(engine)
    assert load_example(engine, settings) == []
    assert store_snapshot(engine) == before
    report = report_from_store(engine)
    assert report.incidents_total == 65 and report.corrective_action_rates["total"].assigned == 55
