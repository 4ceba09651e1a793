"""Battery status transitions: every allowed one passes, every forbidden one is refused with its code."""

from __future__ import annotations

import json
from itertools import product

import pytest
from sqlmodel import select

from passport.errors import InputError
from passport.lifecycle import ALLOWED, change_battery_status, check_transition
from passport.lifecycle.tables import StatusTransition
from passport.lifecycle.transitions import TransitionError
from passport.model import BatteryStatus
from passport.registry import latest
from passport.store.engine import session_scope
from tests.lifecycle.conftest import BASE_URL

PAIRS = list(product(BatteryStatus, BatteryStatus))
EXPECTED_ALLOWED = {
    ("original", "repurposed"), ("original", "reused"), ("original", "remanufactured"), ("original", "waste"),
    ("reused", "repurposed"), ("reused", "remanufactured"), ("reused", "waste"),
    ("remanufactured", "repurposed"), ("remanufactured", "reused"), ("remanufactured", "waste"),
    ("repurposed", "waste"),
}


def test_the_table_is_the_documented_one():
    assert {(a.value, b.value) for a, targets in ALLOWED.items() for b in targets} == EXPECTED_ALLOWED
    assert len(PAIRS) == 25


@pytest.mark.parametrize(("source", "target"), [p for p in PAIRS if (p[0].value, p[1].value) in EXPECTED_ALLOWED],
                         ids=lambda s: s.value)
def test_allowed_transition(source, target):
    check_transition(source, target)


@pytest.mark.parametrize(("source", "target"),
                         [p for p in PAIRS if (p[0].value, p[1].value) not in EXPECTED_ALLOWED], ids=lambda s: s.value)
def test_forbidden_transition(source, target):
    with pytest.raises(TransitionError) as info:
        check_transition(source, target)
    assert info.value.code == "STATUS_TRANSITION_FORBIDDEN"
    assert info.value.details["from"] == source.value and info.value.details["to"] == target.value


def test_waste_is_terminal():
    for target in BatteryStatus:
        with pytest.raises(TransitionError):
            check_transition("waste", target)


def test_unknown_status_is_an_input_error():
    with pytest.raises(InputError) as info:
        check_transition("original", "scrapped")
    assert info.value.code == "UNKNOWN_BATTERY_STATUS"


def test_status_change_issues_a_version_and_records_who_when_evidence(engine, issued, issuer):
    path = issued.identifier.path
    evidence = {"note": "second-life stationary storage", "documents": ["https://example.com/report.pdf"]}
    with session_scope(engine) as session:
        changed = change_battery_status(session, path, "repurposed", signer=issuer, base_url=BASE_URL,
                                        actor="refurbisher-b", evidence=evidence)
    assert changed.stored.version == 2
    assert changed.stored.document["credentialSubject"]["generalProductInformation"]["batteryStatus"] == "repurposed"
    with session_scope(engine) as session:
        [move] = session.exec(select(StatusTransition).where(StatusTransition.identifier == path)).all()
        assert (move.kind, move.from_status, move.to_status, move.version, move.actor) == (
            "battery-status", "original", "repurposed", 2, "refurbisher-b")
        assert json.loads(move.evidence) == evidence and move.at is not None
        # repurposed -> reused is forbidden: nothing is written
        with pytest.raises(TransitionError):
            change_battery_status(session, path, "reused", signer=issuer, base_url=BASE_URL, actor="x",
                                  evidence=evidence)
    with session_scope(engine) as session:
        assert latest(session, path).version == 2


def test_status_change_needs_evidence(engine, issued, issuer):
    with session_scope(engine) as session, pytest.raises(InputError) as info:
        change_battery_status(session, issued.identifier.path, "waste", signer=issuer, base_url=BASE_URL,
                              actor="x", evidence={"note": None, "documents": []})
    assert info.value.code == "EVIDENCE_REQUIRED"


def test_waste_takes_no_further_status(engine, issued, issuer):
    path = issued.identifier.path
    with session_scope(engine) as session:
        change_battery_status(session, path, "waste", signer=issuer, base_url=BASE_URL, actor="x",
                              evidence={"note": "collected for recycling"})
    for target in ("original", "repurposed", "reused", "remanufactured", "waste"):
        with session_scope(engine) as session, pytest.raises(TransitionError):
            change_battery_status(session, path, target, signer=issuer, base_url=BASE_URL, actor="x",
                                  evidence={"note": "try"})
