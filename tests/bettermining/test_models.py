"""Rules one record can check alone: scores, breach designation, action history, status counts and rates."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from indices.bettermining.analytics import status_counts
from indices.bettermining.models import CapReview, CapStatusCounts, CapStatusSnapshot, CorrectiveAction, Incident
from passport.sites import MineSite

BASE = {"id": "I-1", "date": "2022-05-01", "incident_type": "Other bribery", "score": 9, "score_category": "medium",
        "risk_category": "legality", "risk": "bribery"}
ACTION = {"id": "A-1", "risk": "bribery", "action": "Post the tax schedule.", "status": "in_progress"}


def test_a_valid_incident():
    assert Incident(**BASE).score == 9


@pytest.mark.parametrize("change", [
    {"score": 7}, {"score": 26}, {"score_category": "severe"}, {"severity": 2, "likelihood": 2},
    {"major_breach": True}, {"score_category": "major_breach"}, {"risk": "Bribery"}, {"date": "2022-02-30"},
])
def test_inconsistent_incidents_are_refused(change):
    with pytest.raises(ValidationError):
        Incident(**{**BASE, **change})


def test_action_history_rules():
    reviews = [CapReview(month="2022-01", status="not_started"), CapReview(month="2022-02", status="in_progress")]
    assert CorrectiveAction(**ACTION, reviews=reviews).reviews[-1].status.value == "in_progress"
    for bad in ({"reviews": list(reversed(reviews))}, {"reviews": reviews[:1]}, {"implemented_month": "2022-03"},
                {"replaces": "A-1"}):
        with pytest.raises(ValidationError):
            CorrectiveAction(**{**ACTION, **bad})


def test_rates_follow_the_report_definitions():
    counts = CapStatusCounts(implemented=37, in_progress=12, not_started=2, cancelled=4)
    assert counts.assigned == 55
    assert counts.implementation_rate == 37 / 51
    assert counts.progress_rate == 49 / 55
    assert CapStatusCounts().implementation_rate is None and CapStatusCounts().progress_rate is None
    assert CapStatusCounts(cancelled=2).implementation_rate is None


def test_status_counts_of_actions_with_a_replacement():
    cancelled = CorrectiveAction(**{**ACTION, "status": "cancelled"})
    replacement = CorrectiveAction(**{**ACTION, "id": "A-2", "status": "implemented", "replaces": "A-1",
                                      "implemented_month": "2022-06"})
    counts = status_counts([cancelled, replacement])
    assert (counts.assigned, counts.implementation_rate, counts.progress_rate) == (2, 1.0, 0.5)


def test_snapshot_periods():
    counts = CapStatusCounts(implemented=1)
    CapStatusSnapshot(risk="bribery", counts=counts, period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31))
    with pytest.raises(ValidationError):
        CapStatusSnapshot(risk="bribery", counts=counts, period_start=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError):
        CapStatusSnapshot(risk="bribery", counts=counts, period_start=dt.date(2023, 1, 1),
                          period_end=dt.date(2022, 1, 1))


def test_mine_sites():
    site = MineSite(id="S-1", country="RW", minerals=("tin",), coordinates={"latitude": -1.9, "longitude": 30.1})
    assert (site.site_type.value, site.programme_status.value) == ("mine", "active")
    for bad in ({"country": "rw"}, {"site_type": "refinery"}, {"programme_status": "paused"},
                {"coordinates": {"latitude": 91, "longitude": 0}}):
        with pytest.raises(ValidationError):
            MineSite(**{"id": "S-1", "country": "RW", **bad})
