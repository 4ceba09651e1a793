"""Signed contributions: verified on intake, kept byte-for-byte, applied all or nothing, only by whom may."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from passport.custody.compose import commission, content, kg, ship, transform
from passport.custody.repository import T_LOT
from passport.custody.tables import CustodyCredential, CustodyEvent, CustodyLedger, CustodyLot
from passport.custody.trace import trace_origins, trace_origins_cte
from passport.errors import ConflictError, InputError
from tests.custody.conftest import (
    COOP_A, COOP_B, EXPORTER, MINE_A, MINE_B, MONITOR, REFINER, REFINERY, at, tag,
)


def _bags(site: str, site_no: int, n: int, day: int, grade: float = 0.1) -> object:
    return commission(f"urn:uuid:00000000-0000-4000-8000-{site_no:04d}{day:02d}{n:06d}", at(day), site,
                      [(tag(site_no, i), 50.0, content(tag(site_no, i), {"Co": grade}, product="heterogenite ore"))
                       for i in range(1, n + 1)], recorder="urn:example:recorder:7")


def _to_refiner(chain, coop: str, site_no: int, n: int, day: int) -> None:
    chain.submit(coop, ship(f"urn:example:ship:{site_no}:{day}", at(day), [(tag(site_no, i), 50.0) for i in
                                                                          range(1, n + 1)],
                            source=coop, destination=REFINER, transaction=f"urn:example:desadv:{site_no}"))


def test_signed_chain_is_applied_and_traces_to_both_mines(chain):
    chain.submit(MONITOR, _bags(MINE_A, 1, 4, 1))   # the programme's monitor records for coop A
    chain.submit(COOP_B, _bags(MINE_B, 2, 4, 1))
    _to_refiner(chain, COOP_A, 1, 4, 2)
    _to_refiner(chain, COOP_B, 2, 4, 2)
    chain.submit(REFINER, transform(
        "urn:example:refine:1", at(5), REFINERY, [kg(tag(1, i), 50) for i in range(1, 5)] +
        [kg(tag(2, i), 50) for i in range(1, 5)],
        [(kg("urn:epc:class:lgtin:9520003.000001.L1", 180.0),
          content("urn:epc:class:lgtin:9520003.000001.L1", {"Co": 0.2}, product="cobalt sulfate"))],
        declared_yield={"Co": 0.9}))
    with chain.engine.connect() as conn:
        lot = "urn:epc:class:lgtin:9520003.000001.L1"
        closure = trace_origins(conn, lot)
        walked = trace_origins_cte(conn, lot)
        ledger = conn.execute(select(CustodyLedger).where(CustodyLedger.lot_id == lot)).one()
    assert [(o.site, o.share, o.monitored) for o in closure.origins] == [(MINE_A, 0.5, True), (MINE_B, 0.5, False)]
    assert closure.unknown_share == 0.0
    assert walked == closure
    # mass balance: only mine A's 20 kg Co was monitored; 90 % yield -> 18 kg of the 36 kg Co
    assert (ledger.mass_mg, ledger.monitored_mg, ledger.model) == (36_000_000, 18_000_000, "mass_balance")


def test_original_bytes_are_kept_exactly(chain):
    raw = chain.credential(MONITOR, _bags(MINE_A, 1, 1, 1))
    from passport.custody.intake import submit

    receipt = submit(chain.engine, raw)
    with chain.engine.connect() as conn:
        stored = conn.execute(select(CustodyCredential.raw).where(CustodyCredential.seq == receipt.credential_seq)
                              ).scalar_one()
    assert bytes(stored) == raw
    assert receipt.digest_sri.startswith("sha384-")


def test_tampered_credential_is_refused_and_nothing_written(chain):
    raw = chain.credential(MONITOR, _bags(MINE_A, 1, 2, 1))
    doc = json.loads(raw)
    doc["credentialSubject"][0]["quantityList"][0]["quantity"] = 55.0
    from passport.custody.intake import submit

    with pytest.raises(InputError) as info:
        submit(chain.engine, json.dumps(doc).encode())
    assert info.value.code == "SIGNATURE_INVALID"
    with chain.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(CustodyEvent)) == 0


def test_a_party_cannot_sign_for_another(chain):
    with pytest.raises(InputError) as info:
        chain.submit(COOP_B, _bags(MINE_A, 1, 1, 1))   # coop B signs bags at coop A's mine
    assert info.value.code == "NOT_AUTHORISED"


def test_a_receiver_cannot_take_custody_by_itself(chain):
    chain.submit(COOP_B, _bags(MINE_B, 2, 1, 1))
    with pytest.raises(InputError) as info:   # the refiner claims coop B shipped to it
        chain.submit(REFINER, ship("urn:example:ship:x", at(2), [(tag(2, 1), 50.0)], source=COOP_B,
                                   destination=REFINER, transaction="urn:example:desadv:x", site=REFINERY))
    assert info.value.code == "NOT_AUTHORISED"


def test_credential_is_all_or_nothing(chain):
    good = _bags(MINE_A, 1, 2, 1)
    bad = ship("urn:example:ship:bad", at(2), [(tag(1, 9), 50.0)], source=COOP_A, destination=EXPORTER,
               transaction="urn:example:desadv:bad")   # tag 9 was never used: no such lot
    with pytest.raises(ConflictError) as info:
        chain.submit(MONITOR, good, bad)
    assert info.value.code == "CUSTODY_REJECTED"
    assert info.value.details["findings"][0]["code"] == "EVENT_BEFORE_INPUT"
    with chain.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(CustodyLot)) == 0
        assert conn.scalar(select(func.count()).select_from(CustodyCredential)) == 0


def test_same_credential_twice_is_a_conflict(chain):
    raw = chain.credential(MONITOR, _bags(MINE_A, 1, 1, 1))
    from passport.custody.intake import submit

    submit(chain.engine, raw)
    with pytest.raises(ConflictError) as info:
        submit(chain.engine, raw)
    assert info.value.code == "DUPLICATE_CREDENTIAL"
    with chain.engine.connect() as conn:
        assert conn.scalar(select(T_LOT.c.remaining_mg).where(T_LOT.c.id == tag(1, 1))) == 50_000_000


def test_tracing_a_material_the_lot_does_not_hold_is_not_found(chain):
    from passport.errors import NotFoundError

    chain.submit(MONITOR, _bags(MINE_A, 1, 1, 1))
    with chain.engine.connect() as conn:
        assert trace_origins(conn, tag(1, 1)).material == "Co"
        with pytest.raises(NotFoundError):
            trace_origins(conn, tag(1, 1), "Ni")
