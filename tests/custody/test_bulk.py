"""Bulk intake gives exactly what one-by-one intake gives, and a bad credential anywhere writes nothing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import delete, func, select, text, update

from passport.custody.bulk import Submission, submit_many
from passport.custody.compose import commission, content, kg, ship, transform
from passport.custody.intake import submit
from passport.custody.repository import T_TAG
from passport.custody.tables import (
    CustodyCredential, CustodyCredit, CustodyEvent, CustodyEventLot, CustodyFinding, CustodyLedger, CustodyLineage,
    CustodyLot, CustodyOrigin,
)
from passport.errors import ConflictError, InputError
from tests.custody.conftest import COOP_A, COOP_B, EXPORTER, MINE_A, MINE_B, MONITOR, REFINER, REFINERY, at, tag

OUT = "urn:epc:class:lgtin:9520003.000001.L1"
_TABLES = (CustodyCredential, CustodyEvent, CustodyEventLot, CustodyLot, CustodyLedger, CustodyLineage,
           CustodyOrigin, CustodyCredit, CustodyFinding)


def _mine_a_suspended(site: str, when: datetime) -> str | None:
    """Mine A is suspended from its programme from day 2: what it ships loses its monitored claim (a warning)."""
    if site == MINE_A:
        return "suspended" if when >= at(2, 0) else "active"
    return None


def _bags(site: str, site_no: int, n: int, day: int) -> object:
    return commission(f"urn:uuid:00000000-0000-4000-8000-{site_no:04d}{day:02d}{n:06d}", at(day), site,
                      [(tag(site_no, i), 50.0, content(tag(site_no, i), {"Co": 0.1}, product="heterogenite ore"))
                       for i in range(1, n + 1)], recorder="urn:example:recorder:7")


def _chain_credentials(chain) -> list[bytes]:
    """Six contributions: two mines commission, both ship to the refiner, it refines (consuming part of one bag),
    then ships its output on."""
    return [
        chain.credential(MONITOR, _bags(MINE_A, 1, 4, 1)),
        chain.credential(COOP_B, _bags(MINE_B, 2, 4, 1)),
        chain.credential(COOP_A, ship("urn:example:ship:1", at(2), [(tag(1, i), 50.0) for i in range(1, 5)],
                                      source=COOP_A, destination=REFINER, transaction="urn:example:desadv:1")),
        chain.credential(COOP_B, ship("urn:example:ship:2", at(2), [(tag(2, i), 50.0) for i in range(1, 5)],
                                      source=COOP_B, destination=REFINER, transaction="urn:example:desadv:2")),
        chain.credential(REFINER, transform(
            "urn:example:refine:1", at(5), REFINERY, [kg(tag(1, i), 50) for i in range(1, 5)] +
            [kg(tag(2, i), 50) for i in range(1, 5)],
            [(kg(OUT, 180.0), content(OUT, {"Co": 0.2}, product="cobalt sulfate"))], declared_yield={"Co": 0.9})),
        chain.credential(REFINER, ship("urn:example:ship:3", at(6), [(OUT, 180.0)], source=REFINER,
                                       destination=EXPORTER, transaction="urn:example:desadv:3", site=REFINERY)),
    ]


def _snapshot(engine) -> dict[str, list[tuple]]:
    """Every custody row and the custody audit entries, without sequence numbers and clock readings."""
    volatile = {"seq", "id", "received_at", "created_at", "event_seq", "credential_seq"}
    out: dict[str, list[tuple]] = {}
    with engine.connect() as conn:
        for model in _TABLES:
            table = model.__table__
            cols = [c for c in table.c if c.name not in volatile or (model is CustodyLot and c.name == "id")]
            out[table.name] = sorted(tuple(str(v) for v in r) for r in conn.execute(select(*cols)))
        out["event_lot_ids"] = sorted(tuple(r) for r in conn.execute(
            select(CustodyEvent.event_id, CustodyEventLot.lot_id, CustodyEventLot.role).join(
                CustodyEventLot, CustodyEventLot.event_seq == CustodyEvent.seq)))
        out["event_credential"] = sorted(tuple(r) for r in conn.execute(
            select(CustodyEvent.event_id, CustodyCredential.digest_sri).join(
                CustodyCredential, CustodyCredential.seq == CustodyEvent.credential_seq)))
        out["tags"] = sorted(tuple(r) for r in conn.execute(select(T_TAG.c.id, T_TAG.c.used_by_lot)))
        out["audit"] = [(actor, action, json.loads(payload)["digestSRI"], json.loads(payload)["events"])
                        for actor, action, payload in conn.execute(text(
                            "SELECT actor, action, payload FROM audit_entry "
                            "WHERE subject LIKE 'custody-credential:%' ORDER BY seq"))]
    return out


def _clear(engine) -> None:
    with engine.begin() as conn:
        for model in reversed(_TABLES):
            conn.execute(delete(model.__table__))
        conn.execute(update(T_TAG).values(used_by_lot=None))


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)))


def test_bulk_equals_one_by_one(chain):
    raws = _chain_credentials(chain)
    receipts_one = [submit(chain.engine, r, site_status=_mine_a_suspended) for r in raws]
    one_by_one = _snapshot(chain.engine)
    _clear(chain.engine)
    receipts = submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)],
                           site_status=_mine_a_suspended)
    bulk = _snapshot(chain.engine)
    audit_one, audit_bulk = one_by_one.pop("audit"), bulk.pop("audit")
    assert bulk == one_by_one
    assert audit_bulk[len(raws):] == audit_one and len(audit_one) == len(raws)   # the log is append-only
    assert [(r.event_ids, r.digest_sri, r.warnings) for r in receipts] == \
        [(r.event_ids, r.digest_sri, r.warnings) for r in receipts_one]
    # hand-checked facts, so two equally wrong paths cannot pass
    assert [w.code for r in receipts for w in r.warnings] == ["SUSPENDED_SITE_SHIPPING"]
    lots = dict(bulk["custody_lot"][i][:1] + bulk["custody_lot"][i][5:6] for i in range(len(bulk["custody_lot"])))
    assert lots[OUT] == EXPORTER
    assert len(bulk["custody_event"]) == 6 and len(bulk["custody_lot"]) == 9


def test_bulk_in_worker_processes_equals_in_process(chain, monkeypatch):
    import passport.custody.bulk as bulk

    monkeypatch.setattr(bulk, "MIN_CREDENTIALS_PER_WORKER", 1)
    raws = _chain_credentials(chain)
    submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)])
    in_process = _snapshot(chain.engine)
    _clear(chain.engine)
    submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)], workers=2)
    in_process.pop("audit")
    parallel = _snapshot(chain.engine)
    parallel.pop("audit")
    assert parallel == in_process


def test_a_tampered_credential_writes_nothing_and_is_named(chain):
    raws = _chain_credentials(chain)
    doc = json.loads(raws[3])
    doc["credentialSubject"][0]["quantityList"][0]["quantity"] = 55.0
    raws[3] = json.dumps(doc).encode()
    with pytest.raises(InputError) as info:
        submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)])
    assert info.value.code == "SIGNATURE_INVALID"
    assert (info.value.details["credential"], info.value.details["file"]) == (3, "c3.json")
    assert [f["credential"] for f in info.value.details["failures"]] == [3]
    assert _count(chain.engine, CustodyCredential) == 0 and _count(chain.engine, CustodyEvent) == 0


def test_a_rule_violation_late_in_the_batch_rolls_back_the_earlier_ones(chain):
    raws = _chain_credentials(chain)
    # the refiner ships its output before making it: the lot does not exist yet
    raws[4], raws[5] = raws[5], raws[4]
    with pytest.raises(ConflictError) as info:
        submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)])
    assert info.value.code == "CUSTODY_REJECTED"
    assert (info.value.details["credential"], info.value.details["event_id"]) == (4, "urn:example:ship:3")
    for model in (CustodyCredential, CustodyEvent, CustodyLot, CustodyLedger, CustodyCredit):
        assert _count(chain.engine, model) == 0
    with chain.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(T_TAG).where(T_TAG.c.used_by_lot.is_not(None))) == 0


def test_a_signer_for_another_party_is_refused_by_name(chain):
    raws = _chain_credentials(chain)[:2] + [chain.credential(COOP_B, _bags(MINE_A, 1, 1, 3))]
    with pytest.raises(InputError) as info:
        submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)])
    assert (info.value.code, info.value.details["credential"]) == ("NOT_AUTHORISED", 2)
    assert _count(chain.engine, CustodyLot) == 0


def test_an_already_submitted_credential_is_named(chain):
    raws = _chain_credentials(chain)
    submit(chain.engine, raws[0])
    with pytest.raises(ConflictError) as info:
        submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws[:3])])
    assert (info.value.code, info.value.details["credential"]) == ("DUPLICATE_CREDENTIAL", 0)
    assert _count(chain.engine, CustodyCredential) == 1
    with pytest.raises(ConflictError) as info:
        submit_many(chain.engine, [Submission("a", raws[1]), Submission("b", raws[1])])
    assert (info.value.code, info.value.details["credential"]) == ("DUPLICATE_CREDENTIAL", 1)


def test_the_submitter_binding_holds_in_bulk(chain):
    raws = _chain_credentials(chain)[:2]
    with pytest.raises(Exception) as info:
        submit_many(chain.engine, [Submission(f"c{i}.json", r) for i, r in enumerate(raws)], submitter=COOP_B)
    assert (info.value.code, info.value.details["credential"]) == ("NOT_SUBMITTERS_PARTY", 0)
    assert _count(chain.engine, CustodyCredential) == 0


def test_two_batches_racing_for_one_lot_exactly_one_wins(chain):
    """Bulk state is read once per batch, so it must be read under the lock: rows FOR UPDATE on PostgreSQL, the
    write lock taken by the first INSERT on SQLite. The loser sees the lot consumed and is refused whole."""
    import threading

    bag = tag(2, 1)
    submit(chain.engine, chain.credential(COOP_B, commission("urn:example:c:1", at(1), MINE_B,
                                                             [(bag, 50.0, content(bag, {"Co": 0.1}))])))
    submit(chain.engine, chain.credential(COOP_B, ship("urn:example:s:1", at(2), [(bag, 50.0)], source=COOP_B,
                                                       destination=REFINER, transaction="urn:example:desadv:1")))
    batches = []
    for n in (1, 2):
        out = f"urn:epc:class:lgtin:9520003.000001.R{n}"
        batches.append([Submission(f"race-{n}", chain.credential(REFINER, transform(
            f"urn:example:refine:{n}", at(3), REFINERY, [kg(bag, 50.0)], [(kg(out, 22.5), content(out, {"Co": 0.2}))])))])
    barrier, results = threading.Barrier(2, timeout=30), []

    def run(batch) -> None:
        barrier.wait()
        try:
            submit_many(chain.engine, batch)
            results.append("won")
        except ConflictError as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=run, args=(b,)) for b in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == ["CUSTODY_REJECTED", "won"]
    with chain.engine.connect() as conn:
        made = conn.scalars(select(CustodyLot.id).where(CustodyLot.id.like("%9520003.000001.R%"))).all()
        assert conn.scalar(select(CustodyLot.remaining_mg).where(CustodyLot.id == bag)) == 0
    assert len(made) == 1 and _count(chain.engine, CustodyEvent) == 3
