"""Revocation and suspension with Bitstring Status Lists: random allocation, signed lists, checks in verify."""

from __future__ import annotations

import json
from itertools import pairwise
from random import Random

import pytest
from sqlalchemy import text
from sqlmodel import select

from passport import verify
from passport.errors import ConflictError
from passport.lifecycle import (
    allocate_status_entries,
    issue_version,
    list_audit,
    passport_state,
    published_list,
    set_passport_status,
    verify_audit,
)
from passport.lifecycle.statuslist import LENGTH, MAX_FILL, issuer_slug, parse_list_url
from passport.lifecycle.tables import StatusList
from passport.registry import view
from passport.status import MIN_LENGTH, Bitstring
from passport.store.engine import session_scope
from passport.trust import TrustSources, status_checker_for
from tests.lifecycle.conftest import BASE_URL, signers


def _public_view(engine, issued) -> dict:
    with session_scope(engine) as session:
        return json.loads(view(session, issued.stored.id, "public").credential)


def _status_check(engine, credential, issuer):
    sources = TrustSources(engine=engine, base_url=BASE_URL, signer_for=signers(issuer))
    result = verify(credential, status_checker=status_checker_for(sources))
    [check] = [c for c in result.checks if c.name == "status"]
    return result, check


def test_allocation_is_random_unique_and_in_large_lists(engine, issuer):
    with session_scope(engine) as session:
        batches = [allocate_status_entries(session, issuer.controller, BASE_URL, rng=Random(7)) for _ in range(30)]
    assert LENGTH >= MIN_LENGTH == 131_072
    for purpose, position in (("revocation", 0), ("suspension", 1)):
        entries = [b[position] for b in batches]
        assert {e["statusPurpose"] for e in entries} == {purpose}
        indexes = [int(e["statusListIndex"]) for e in entries]
        assert len(set(indexes)) == 30, "an index was handed out twice"
        assert indexes != sorted(indexes), "indexes are handed out in order"
        gaps = {b - a for a, b in pairwise(indexes)}
        assert gaps != {1}, "indexes are sequential"
        assert max(indexes) - min(indexes) > LENGTH // 4, "indexes bunch together"
        url = entries[0]["statusListCredential"]
        assert url == f"{BASE_URL}/status/{issuer_slug(issuer.controller)}/{purpose}/1"
        assert parse_list_url(url, BASE_URL) == (issuer_slug(issuer.controller), purpose, 1)


def test_a_full_list_rolls_over_to_the_next(engine, issuer):
    with session_scope(engine) as session:
        allocate_status_entries(session, issuer.controller, BASE_URL)
    with engine.begin() as connection:
        connection.execute(text("UPDATE status_list SET allocated = :n"), {"n": MAX_FILL})
    with session_scope(engine) as session:
        entries = allocate_status_entries(session, issuer.controller, BASE_URL)
        numbers = sorted(r.number for r in session.exec(select(StatusList)).all())
    assert all(e["statusListCredential"].endswith("/2") for e in entries)
    assert numbers == [1, 1, 2, 2]


def test_published_list_is_signed_by_the_issuer_and_the_spec_size(engine, issuer, issued):
    entry = _public_view(engine, issued)["credentialStatus"][0]
    slug, purpose, number = parse_list_url(entry["statusListCredential"], BASE_URL)
    with session_scope(engine) as session:
        published = published_list(session, slug, purpose, number, signers(issuer))
    credential = json.loads(published.credential)
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert credential["issuer"] == issuer.controller and credential["id"] == entry["statusListCredential"]
    assert verify(credential).verified
    bits = Bitstring.decode(credential["credentialSubject"]["encodedList"])
    assert bits.length == LENGTH and bits.set_indexes() == []


def test_every_view_carries_the_status_entries(engine, issued):
    with session_scope(engine) as session:
        for group in ("public", "legitimate_interest", "authority"):
            credential = json.loads(view(session, issued.stored.id, group).credential)
            assert [e["statusPurpose"] for e in credential["credentialStatus"]] == ["revocation", "suspension"]


def test_revocation_is_detected_and_final(engine, issuer, issued, data):
    credential = _public_view(engine, issued)
    result, check = _status_check(engine, credential, issuer)
    assert result.verified and check.passed is True
    path = issued.identifier.path
    with session_scope(engine) as session:
        state = set_passport_status(session, path, "revoke", actor="maker-a", signer_for=signers(issuer),
                                    reason="battery destroyed in a fire")
    assert state.revoked and not state.suspended
    result, check = _status_check(engine, credential, issuer)
    assert not result.verified and check.code == "CREDENTIAL_REVOKED"
    for action in ("reinstate", "suspend", "revoke"):
        with session_scope(engine) as session, pytest.raises(ConflictError) as info:
            set_passport_status(session, path, action, actor="x", signer_for=signers(issuer))
        assert info.value.code == "PASSPORT_REVOKED"
    with session_scope(engine) as session, pytest.raises(ConflictError) as info:
        issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="maker-a")
    assert info.value.code == "PASSPORT_REVOKED"
    with session_scope(engine) as session:
        [entry] = list_audit(session, action="revoke")
        assert entry.subject == path and entry.payload["reason"] == "battery destroyed in a fire"
        assert verify_audit(session).verified


def test_suspension_and_reinstatement(engine, issuer, issued):
    credential, path = _public_view(engine, issued), issued.identifier.path
    with session_scope(engine) as session:
        set_passport_status(session, path, "suspend", actor="maker-a", signer_for=signers(issuer))
    result, check = _status_check(engine, credential, issuer)
    assert not result.verified and check.code == "CREDENTIAL_SUSPENDED"
    with session_scope(engine) as session, pytest.raises(ConflictError) as info:
        set_passport_status(session, path, "suspend", actor="maker-a", signer_for=signers(issuer))
    assert info.value.code == "ALREADY_SUSPENDED"
    with session_scope(engine) as session:
        state = set_passport_status(session, path, "reinstate", actor="maker-a", signer_for=signers(issuer))
    assert not state.suspended
    result, check = _status_check(engine, credential, issuer)
    assert result.verified and check.passed is True


def test_offline_check_with_a_supplied_list_and_a_forged_one(engine, issuer, issued):
    credential, path = _public_view(engine, issued), issued.identifier.path
    with session_scope(engine) as session:
        set_passport_status(session, path, "revoke", actor="maker-a", signer_for=signers(issuer))
        state = passport_state(session, path)
        lists = {url: json.loads(published_list(session, *parse_list_url(url, BASE_URL), signers(issuer)).credential)
                 for url in state.status_lists}
    result = verify(credential, status_lists=lists)
    assert not result.verified and [(c.name, c.code) for c in result.errors] == [("status", "CREDENTIAL_REVOKED")]
    revocation_url = next(u for u in lists if "/revocation/" in u)
    forged = json.loads(json.dumps(lists))
    forged[revocation_url]["credentialSubject"]["encodedList"] = Bitstring(LENGTH).encode()  # bit cleared, unsigned
    [check] = [c for c in verify(credential, status_lists=forged).checks if c.name == "status"]
    assert check.passed is False and check.code == "STATUS_VERIFICATION_ERROR"


def test_a_write_that_fails_leaves_no_bit_set(engine, issuer, issued):
    path = issued.identifier.path
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        set_passport_status(session, path, "revoke", actor="maker-a", signer_for=signers(issuer))
        raise RuntimeError("crash before commit")
    with session_scope(engine) as session:
        assert not passport_state(session, path).revoked
        assert list_audit(session, action="revoke") == []


def test_a_new_version_of_a_suspended_passport_is_suspended_until_reinstated(engine, issuer, issued, data):
    path = issued.identifier.path
    with session_scope(engine) as session:
        set_passport_status(session, path, "suspend", actor="maker-a", signer_for=signers(issuer))
        data["performanceAndDurability"]["batteryCondition"]["stateOfHealthPercent"] = 90.0
        second = issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="maker-a")
        assert passport_state(session, path).suspended
    credential = _public_view(engine, second)
    assert _status_check(engine, credential, issuer)[1].code == "CREDENTIAL_SUSPENDED"
    with session_scope(engine) as session:
        set_passport_status(session, path, "reinstate", actor="maker-a", signer_for=signers(issuer))
    assert _status_check(engine, credential, issuer)[1].passed is True
    assert _status_check(engine, _public_view(engine, issued), issuer)[1].passed is True
