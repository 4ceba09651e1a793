"""The mapping tables against the two models they join: every path names a real attribute on both sides, each
rule's Annex XIII point is one our model gives that attribute, and the checked-in coverage table is current."""

from __future__ import annotations

import pytest

from passport.exchange import batterypass, catenax, coverage
from passport.exchange.table import leaves

TABLES = {"batterypass-1.2": (batterypass.TABLE, coverage._batterypass_theirs),
          "catenax-6.1": (catenax.TABLE, coverage._catenax_theirs)}


@pytest.mark.parametrize("name", TABLES)
def test_every_path_of_the_table_is_an_attribute_of_both_models(name):
    table, theirs_of = TABLES[name]
    theirs, ours = set(theirs_of()), coverage.our_leaves()
    rows = list(leaves(table))
    assert len(rows) >= 35
    for our_path, their_path, _point, _rule in rows:
        assert our_path in ours, our_path
        assert coverage.their_leaf(their_path) in theirs, their_path


@pytest.mark.parametrize("name", TABLES)
def test_each_rule_names_an_annex_point_our_model_gives_the_attribute(name):
    ours = coverage.our_leaves()
    for our_path, _their_path, point, _rule in leaves(TABLES[name][0]):
        assert point in ours[our_path], (our_path, point, ours[our_path])


def test_the_schema_walk_finds_the_leaves_a_reader_sees():
    """Hand-picked from the published Battery Pass GeneralProductInformation schema (allOf, $ref, nesting)."""
    theirs = set(coverage._batterypass_theirs())
    assert {"GeneralProductInformation/manufacturerInformation/postalAddress/addressCountry",
            "CarbonFootprintForBatteries/carbonFootprintPerLifecycleStage[]/lifecycleStage",
            "Circularity/safetyMeasures/extinguishingAgent"} <= theirs
    assert "GeneralProductInformation/manufacturerInformation" not in theirs


def test_the_checked_in_coverage_table_is_current():
    assert coverage.OUT.read_text(encoding="utf-8") == coverage.render(), \
        "run `python -m passport.exchange.coverage` and commit schemas/exchange/COVERAGE.md"
