"""The risk matrix: the defaults reproduce every score and category of the 2022 data; it is configurable."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from indices.bettermining.matrix import MAJOR_BREACH, BandThreshold, RiskMatrix, ScoreBand, risk_score
from indices.bettermining.taxonomy import default_taxonomy
from tests.conftest import BETTER_MINING

ROWS = json.loads((BETTER_MINING / "incidents.json").read_text(encoding="utf-8"))


def test_the_2022_data_has_65_rows_to_check():
    assert len(ROWS) == 65


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_default_matrix_reproduces_each_published_category(row):
    area = default_taxonomy().risk_area(row["incident_type"])
    assert area is not None and area.risk == row["risk"]
    assessment = RiskMatrix().assess(row["score"], major_breach_type=area.major_breach)
    if row["score"] is None:  # the two unscored transparency rows: nothing to derive, not a breach
        assert assessment.score_category is None and not assessment.major_breach
        assert row["score_category"] == "low"
    else:
        assert assessment.score_category == row["score_category"]
        assert assessment.major_breach == (row["score_category"] == MAJOR_BREACH)


@pytest.mark.parametrize(("score", "band"), [(1, "low"), (4, "low"), (5, "medium"), (9, "medium"), (10, "high"),
                                             (12, "high"), (16, "high"), (20, "very_high"), (25, "very_high")])
def test_default_bands(score, band):
    assert RiskMatrix().band(score).value == band


def test_score_25_is_a_major_breach_by_score_whatever_the_type():
    a = RiskMatrix().assess(25)
    assert (a.band, a.score_category, a.major_breach_by_score, a.major_breach_by_type) == (
        ScoreBand.very_high, MAJOR_BREACH, True, False)


def test_a_major_breach_type_designates_whatever_the_score():
    a = RiskMatrix().assess(4, major_breach_type=True)
    assert (a.band, a.score_category, a.major_breach_by_type) == (ScoreBand.low, MAJOR_BREACH, True)


def test_unscored_incident_of_a_breach_type_is_still_a_major_breach():
    assert RiskMatrix().assess(None, major_breach_type=True).score_category == MAJOR_BREACH


def test_matrix_is_configurable():
    strict = RiskMatrix(bands=(BandThreshold(band=ScoreBand.low, min_score=1),
                               BandThreshold(band=ScoreBand.medium, min_score=3),
                               BandThreshold(band=ScoreBand.high, min_score=8),
                               BandThreshold(band=ScoreBand.very_high, min_score=15)),
                        major_breach_min_score=None)
    assert strict.assess(4).score_category == "medium"
    assert strict.assess(12).score_category == "high"
    assert strict.assess(25).score_category == "very_high"  # only incident types designate breaches now


@pytest.mark.parametrize("bands", [
    [{"band": "low", "min_score": 2}],
    [{"band": "low", "min_score": 1}, {"band": "medium", "min_score": 1}],
    [{"band": "low", "min_score": 1}, {"band": "high", "min_score": 10}, {"band": "medium", "min_score": 5}],
])
def test_malformed_band_thresholds_are_refused(bands):
    with pytest.raises(ValidationError):
        RiskMatrix.model_validate({"bands": bands})


def test_scores_that_are_no_product_of_two_1_to_5_values_are_refused():
    with pytest.raises(ValueError):
        RiskMatrix().band(7)
    with pytest.raises(ValueError):
        risk_score(6, 1)
    assert risk_score(4, 5) == 20
