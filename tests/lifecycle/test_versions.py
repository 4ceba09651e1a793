"""Versions: dynamic data changes freely, static data only with a reason code; any date finds its version."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from passport.errors import InputError, NotFoundError
from passport.lifecycle import (
    history,
    is_dynamic,
    issue_version,
    list_audit,
    parse_as_of,
    static_changes,
    version_as_of,
)
from passport.store.engine import session_scope
from tests.lifecycle.conftest import BASE_URL

T1 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
T2 = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("pointer", "dynamic"), [
    ("/generalProductInformation/batteryStatus", True),                      # 4(c)
    ("/performanceAndDurability/batteryCondition/stateOfHealthPercent", True),  # 4(b)
    ("/performanceAndDurability/batteryCondition/negativeEvents/0/description", True),  # 4(d)
    ("/performanceAndDurability/performanceRecords/1/remainingCapacityAh", True),  # 4(a)
    ("/generalProductInformation/batteryModel", False),                      # 1(a)
    ("/generalProductInformation/operator/legalName", False),                # Art. 77(4)
    ("/performanceAndDurability/ratedCapacityAh", False),                    # 1(g)
    ("/materialComposition/chemistry", False),                               # 1(b)
    ("/unknownField", False),
])
def test_static_dynamic_split_follows_annex_xiii_point_4(pointer, dynamic):
    assert is_dynamic(pointer) is dynamic


def _issue(engine, issuer, data, **kw):
    with session_scope(engine) as session:
        return issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="maker-a", **kw)


def test_dynamic_update_needs_no_reason(engine, issuer, data):
    _issue(engine, issuer, data, now=T1)
    newer = copy.deepcopy(data)
    newer["performanceAndDurability"]["batteryCondition"]["stateOfHealthPercent"] = 91.5
    second = _issue(engine, issuer, newer, now=T2)
    assert second.stored.version == 2
    with session_scope(engine) as session:
        assert [v.reason_code for v in history(session, second.identifier.path)] == [None, None]
        assert [e.action for e in list_audit(session)] == ["issue", "update"]


def test_static_change_needs_a_known_reason(engine, issuer, data):
    first = _issue(engine, issuer, data, now=T1)
    changed = copy.deepcopy(data)
    changed["generalProductInformation"]["batteryModel"] = "ESS-200 rev B"
    with pytest.raises(InputError) as info:
        _issue(engine, issuer, changed)
    assert info.value.code == "STATIC_CHANGE_NEEDS_REASON"
    assert info.value.details["pointers"] == ["/generalProductInformation/batteryModel"]
    with pytest.raises(InputError) as info:
        _issue(engine, issuer, changed, reason="because")
    assert info.value.code == "UNKNOWN_REASON_CODE"
    second = _issue(engine, issuer, changed, reason="correction", now=T2)
    with session_scope(engine) as session:
        versions = history(session, first.identifier.path)
    assert [(v.version, v.reason_code, v.static_pointers) for v in versions] == [
        (1, None, []), (2, "correction", ["/generalProductInformation/batteryModel"])]
    assert second.stored.version == 2


def test_static_changes_lists_only_static_pointers():
    old = {"generalProductInformation": {"batteryModel": "A", "batteryStatus": "original"}, "type": "X"}
    new = {"generalProductInformation": {"batteryModel": "B", "batteryStatus": "reused"}, "type": "Y"}
    assert static_changes(old, new) == ["/generalProductInformation/batteryModel"]


def test_version_as_of_a_date(engine, issuer, data):
    _issue(engine, issuer, data, now=T1)
    newer = copy.deepcopy(data)
    newer["performanceAndDurability"]["batteryCondition"]["stateOfHealthPercent"] = 90.0
    path = _issue(engine, issuer, newer, now=T2).identifier.path
    with session_scope(engine) as session:
        assert version_as_of(session, path, parse_as_of("2027-03-01")) == 1
        assert version_as_of(session, path, parse_as_of("2027-06-01")) == 2  # the whole day counts
        assert version_as_of(session, path, parse_as_of("2027-06-01T11:59:59Z")) == 1
        assert version_as_of(session, path, parse_as_of("2030-01-01")) == 2
        with pytest.raises(NotFoundError):
            version_as_of(session, path, parse_as_of("2026-12-31"))
    with pytest.raises(InputError) as info:
        parse_as_of("last tuesday")
    assert info.value.code == "INVALID_AS_OF"
