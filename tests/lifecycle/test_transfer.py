"""Second life (Art. 77(7)): the transfer is signed by both operators, the passports link both ways, and the
original stays verifiable."""

from __future__ import annotations

import copy
import json

import pytest

from passport import verify
from passport.errors import ConflictError, InputError
from passport.lifecycle import (
    lineage,
    transfer_responsibility,
    transfers_of,
    verify_audit,
    verify_transfer,
)
from passport.lifecycle.links import REL_PREDECESSOR, REL_SUCCESSOR, lineage_links
from passport.lifecycle.transitions import TransitionError
from passport.registry import by_version, latest, view
from passport.store.engine import session_scope
from tests.lifecycle.conftest import BASE_URL, verified_here

SUCCESSOR_PATH = "/01/04012345000016/21/ESS200-004711-R1"


def successor_data(data, status="repurposed"):
    new = copy.deepcopy(data)
    general = new["generalProductInformation"]
    general["uniqueIdentifier"] = SUCCESSOR_PATH
    general["serialNumber"] = "ESS200-004711-R1"
    general["batteryStatus"] = status
    general["operator"] = {**general["operator"], "legalName": "Second Life Storage GmbH"}
    new.pop("id", None)
    return new


def _transfer(engine, issued, data, issuer, second_issuer, status="repurposed"):
    with session_scope(engine) as session:
        return transfer_responsibility(session, issued.identifier.path, successor_data(data, status),
                                       new_status=status, outgoing=issuer, incoming=second_issuer,
                                       base_url=BASE_URL, actor="refurbisher-b",
                                       evidence={"note": "modules tested and re-packed for stationary storage"})


def test_second_life_passport_verifies_and_links_both_ways(engine, issued, data, issuer, second_issuer):
    result = _transfer(engine, issued, data, issuer, second_issuer)
    predecessor_url = issued.url
    with session_scope(engine) as session:
        successor_view = json.loads(view(session, result.successor.stored.id, "public").credential)
        original_v1 = json.loads(view(session, by_version(session, issued.identifier.path, 1).id, "public").credential)
        predecessor_now = latest(session, issued.identifier.path)
        links = lineage(session, issued.identifier.path), lineage(session, SUCCESSOR_PATH)
        [record] = transfers_of(session, SUCCESSOR_PATH)
        assert verify_audit(session).verified
    # the new passport: issued by the incoming operator, verifies, names its predecessor
    assert successor_view["issuer"] == second_issuer.controller or successor_view["issuer"]["id"] == second_issuer.controller
    assert verified_here(engine, successor_view, issuer, second_issuer).verified
    assert successor_view["credentialSubject"]["generalProductInformation"]["predecessorPassports"] == [predecessor_url]
    # the original: its first version is untouched and still verifies; its next version has the new status
    assert verified_here(engine, original_v1, issuer, second_issuer).verified
    assert predecessor_now.version == 2
    assert predecessor_now.document["credentialSubject"]["generalProductInformation"]["batteryStatus"] == "repurposed"
    # links both ways, in the store and in the linkset
    assert links[0].successors == [SUCCESSOR_PATH] and links[1].predecessors == [issued.identifier.path]
    assert lineage_links(engine, issued.identifier.path, BASE_URL)[REL_SUCCESSOR][0]["href"] == BASE_URL + SUCCESSOR_PATH
    assert lineage_links(engine, SUCCESSOR_PATH, BASE_URL)[REL_PREDECESSOR][0]["href"] == predecessor_url
    # the transfer: signed by the outgoing operator, accepted (signed) by the incoming one
    assert record["transfer"]["issuer"] == issuer.controller
    assert record["acceptance"]["issuer"] == second_issuer.controller
    assert verify_transfer(record).verified


def test_a_tampered_transfer_or_acceptance_fails(engine, issued, data, issuer, second_issuer):
    record = _transfer(engine, issued, data, issuer, second_issuer).record
    changed = copy.deepcopy(record)
    changed["transfer"]["credentialSubject"]["newBatteryStatus"] = "remanufactured"
    outcome = verify_transfer(changed)
    assert not outcome.verified and any("transfer credential does not verify" in p for p in outcome.problems)
    swapped = copy.deepcopy(record)
    swapped["acceptance"]["credentialSubject"]["transferDigest"] = "sha256:" + "0" * 64
    assert not verify_transfer(swapped).verified


def test_only_the_issuer_can_transfer(engine, issued, data, second_issuer):
    with session_scope(engine) as session, pytest.raises(ConflictError) as info:
        transfer_responsibility(session, issued.identifier.path, successor_data(data), new_status="repurposed",
                                outgoing=second_issuer, incoming=second_issuer, base_url=BASE_URL, actor="x",
                                evidence={"note": "n"})
    assert info.value.code == "NOT_PASSPORT_ISSUER"


def test_transfer_respects_the_transition_table(engine, issued, data, issuer, second_issuer):
    _transfer(engine, issued, data, issuer, second_issuer)  # original -> repurposed
    again = successor_data(data, "remanufactured")
    again["generalProductInformation"]["uniqueIdentifier"] = SUCCESSOR_PATH + "-2"
    with session_scope(engine) as session, pytest.raises(TransitionError):
        transfer_responsibility(session, issued.identifier.path, again, new_status="remanufactured",
                                outgoing=issuer, incoming=second_issuer, base_url=BASE_URL, actor="x",
                                evidence={"note": "n"})
    with session_scope(engine) as session, pytest.raises(InputError) as info:
        transfer_responsibility(session, issued.identifier.path, successor_data(data, "waste"), new_status="waste",
                                outgoing=issuer, incoming=second_issuer, base_url=BASE_URL, actor="x",
                                evidence={"note": "n"})
    assert info.value.code == "NOT_A_SECOND_LIFE_STATUS"


def test_an_acceptance_cites_the_transfer_by_digest_sri_and_old_citations_still_match():
    """One citation form (digestSRI over JCS); the `sha256:` form acceptances were signed with before still
    matches. Oracle: hashlib over the hand-written serialisations."""
    import base64
    import hashlib

    from passport.lifecycle.transfer import cites, digest

    transfer = {"id": "urn:uuid:1", "credentialSubject": {"b": 1.0, "a": "é"}}
    jcs = '{"credentialSubject":{"a":"é","b":1},"id":"urn:uuid:1"}'.encode()
    assert digest(transfer) == "sha384-" + base64.b64encode(hashlib.sha384(jcs).digest()).decode()
    assert cites(digest(transfer), transfer)
    old = '{"credentialSubject":{"a":"é","b":1.0},"id":"urn:uuid:1"}'.encode()
    assert cites("sha256:" + hashlib.sha256(old).hexdigest(), transfer)
    assert not cites("sha256:" + hashlib.sha256(jcs).hexdigest(), transfer)
    assert not cites(digest({**transfer, "id": "urn:uuid:2"}), transfer)
