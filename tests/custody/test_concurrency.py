"""Two consumers racing for the same lot: exactly one wins, on SQLite and on PostgreSQL.

Both contributions go through intake at once. Intake locks the rows it reads (PostgreSQL `FOR UPDATE`; on SQLite
its first statement is a write, which takes the database lock), so the second writer reads the first one's
committed state and the custody rules refuse it: the loser names the rule it broke.
"""

from __future__ import annotations

import threading

from sqlalchemy import select

from passport.custody.compose import commission, content, kg, ship, transform
from passport.custody.intake import submit
from passport.custody.repository import T_CREDIT, T_LOT
from passport.errors import ConflictError
from tests.custody.conftest import COOP_B, EXPORTER, MINE_B, REFINER, REFINERY, at, tag

BAG = tag(2, 1)


def _bag_at_refiner(chain) -> None:
    chain.submit(COOP_B, commission("urn:example:c:1", at(1), MINE_B, [(BAG, 50.0, content(BAG, {"Co": 0.1}))]))
    chain.submit(COOP_B, ship("urn:example:s:1", at(2), [(BAG, 50.0)], source=COOP_B, destination=REFINER,
                              transaction="urn:example:desadv:1"))


def _refine(n: int):
    out = f"urn:epc:class:lgtin:9520003.000001.R{n}"
    return transform(f"urn:example:refine:{n}", at(3), REFINERY, [kg(BAG, 50.0)],
                     [(kg(out, 22.5), content(out, {"Co": 0.2}))])


def _race(chain, events, party: str) -> list[str]:
    """Each event signed by `party` and submitted through intake in its own thread, released together."""
    raws = [chain.credential(party, event) for event in events]
    barrier = threading.Barrier(len(raws), timeout=30)
    results: list[str] = []

    def run(raw: bytes) -> None:
        barrier.wait()
        try:
            submit(chain.engine, raw)
            results.append("won")
        except ConflictError as exc:  # the loser, refused by the rules once the winner's rows are committed
            findings = sorted({f["code"] for f in exc.details.get("findings", [])})
            results.append(":".join([exc.code, *findings]))

    threads = [threading.Thread(target=run, args=(r,)) for r in raws]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return sorted(results)


def test_two_transformations_racing_for_one_lot_exactly_one_wins(chain):
    _bag_at_refiner(chain)
    assert _race(chain, [_refine(1), _refine(2)], REFINER) == ["CUSTODY_REJECTED:LOT_CONSUMED_TWICE", "won"]
    with chain.engine.connect() as conn:
        row = conn.execute(select(T_LOT.c.remaining_mg, T_LOT.c.status).where(T_LOT.c.id == BAG)).one()
        made = conn.scalars(select(T_LOT.c.id).where(T_LOT.c.id.like("%9520003.000001.R%"))).all()
    assert tuple(row) == (0, "consumed")
    assert len(made) == 1


def test_two_buyers_racing_for_one_lot_exactly_one_gets_custody(chain):
    chain.submit(COOP_B, commission("urn:example:c:1", at(1), MINE_B, [(BAG, 50.0, content(BAG, {"Co": 0.1}))]))
    sales = [ship(f"urn:example:s:{to}", at(2), [(BAG, 50.0)], source=COOP_B, destination=to,
                  transaction=f"urn:example:desadv:{n}") for n, to in enumerate((REFINER, EXPORTER))]
    assert _race(chain, sales, COOP_B) == ["CUSTODY_REJECTED:CUSTODY_GAP", "won"]
    with chain.engine.connect() as conn:
        assert conn.scalar(select(T_LOT.c.custodian).where(T_LOT.c.id == BAG)) in (REFINER, EXPORTER)


def test_two_claims_racing_for_one_credit_exactly_one_wins(chain):
    """Mass balance: two lots claiming the same period's monitored credit, written at once."""
    _bag_at_refiner(chain)
    with chain.engine.begin() as conn:
        conn.execute(T_CREDIT.insert().values(party=REFINER, material="Co", period="2025-Q2", balance_mg=3_000_000))

    def claim(n: int):
        out = f"urn:epc:class:lgtin:9520003.000001.M{n}"
        return transform(f"urn:example:mb:{n}", at(3), REFINERY, [kg(BAG, 25.0)],
                         [(kg(out, 11.25), content(out, {"Co": 0.2}, monitored_kg={"Co": 2.0}))],
                         model="mass_balance")

    results = _race(chain, [claim(1), claim(2)], REFINER)
    assert results == ["CUSTODY_REJECTED:MONITORED_CREDIT_EXCEEDED", "won"]
    with chain.engine.connect() as conn:
        assert conn.scalar(select(T_CREDIT.c.balance_mg)) == 1_000_000


def test_two_signed_contributions_racing_through_intake_exactly_one_wins(chain):
    _bag_at_refiner(chain)
    raws = [chain.credential(REFINER, _refine(n)) for n in (1, 2)]
    barrier = threading.Barrier(2, timeout=30)
    results: list[str] = []

    def run(raw: bytes) -> None:
        barrier.wait()
        try:
            submit(chain.engine, raw)
            results.append("won")
        except ConflictError as exc:
            results.append("lost")

    threads = [threading.Thread(target=run, args=(r,)) for r in raws]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == ["lost", "won"]
