"""Set-based writes of a bulk custody submission: one multi-row statement per table instead of a dozen per event.

The rows are exactly those the same events would have left applied one by one: events
(in order, so their sequence numbers keep the order), event-lot roles, warnings, created lots with their ledger,
lineage and origins in their final state, and the final row of every existing lot, tag and credit the batch
changed. PostgreSQL rows were locked when read (`bulk_state.load_batch_state`), so final values are safe to write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import bindparam, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from passport.custody.bulk_state import BatchState
from passport.custody.repository import (
    T_CREDIT, T_EVENT, T_EVENT_LOT, T_FINDING, T_LEDGER, T_LINEAGE, T_LOT, T_ORIGIN, T_TAG, utc,
)
from passport.custody.state import Outcome

_SET_LOT = update(T_LOT).where(T_LOT.c.id == bindparam("b_id")).values(
    remaining_mg=bindparam("b_remaining"), custodian=bindparam("b_custodian"), status=bindparam("b_status"))
_SET_TAG = update(T_TAG).where(T_TAG.c.id == bindparam("b_id")).values(used_by_lot=bindparam("b_lot"))
_DEMONITOR = update(T_LEDGER).where(T_LEDGER.c.lot_id == bindparam("b_id")).values(monitored_mg=0)


@dataclass(frozen=True)
class EventRow:
    """One applied event: the event, what the rules made of it, who acted and the credential it came in."""

    event: object
    outcome: Outcome
    party: str | None
    credential_seq: int
    document: dict


def write_batch(conn: Connection, state: BatchState, rows: list[EventRow]) -> None:
    """Write everything the batch did, set-based, in the caller's transaction."""
    if not rows:
        return
    stmt = insert(T_EVENT).returning(T_EVENT.c.seq, sort_by_parameter_order=True)
    seqs = list(conn.scalars(stmt, [dict(
        event_id=r.event.event_id, credential_seq=r.credential_seq, type=r.event.type,  # type: ignore[attr-defined]
        event_time=utc(r.event.event_time), party=r.party,  # type: ignore[attr-defined]
        document=json.dumps(r.document, sort_keys=True, separators=(",", ":"))) for r in rows]))
    _insert(conn, T_EVENT_LOT, [{"event_seq": s, "lot_id": lot, "role": role}
                                for s, r in zip(seqs, rows) for lot, role in sorted(set(r.outcome.lots))])
    now = datetime.now(timezone.utc)
    _insert(conn, T_FINDING, [{"code": f.code, "severity": f.severity, "event_id": f.event_id,
                               "lot_ids": json.dumps(list(f.lot_ids)), "message": f.message, "created_at": now}
                              for r in rows for f in r.outcome.findings if f.severity == "warning"])
    _write_created(conn, state)
    _write_changed(conn, state)


def _insert(conn: Connection, table: object, values: list[dict]) -> None:
    if values:
        conn.execute(insert(table), values)  # type: ignore[arg-type]


def _write_created(conn: Connection, state: BatchState) -> None:
    lots, ledger, lineage, origins = [], [], [], []
    for lot_id, effect in state.created.items():
        final, made = state.lots[lot_id], effect.lot
        lots.append(dict(id=lot_id, product=made.product, mass_mg=made.mass_mg, remaining_mg=final.remaining_mg,
                         unit_mg=made.unit_mg, custodian=final.custodian, site_id=made.site,
                         origin_site=made.origin_site, tag_id=made.tag, status=final.status, kind=made.kind,
                         created_at=utc(made.created_at), created_by=made.created_by))
        ledger += [{"lot_id": lot_id, "material": m, "mass_mg": s.mass_mg, "monitored_mg": s.monitored_mg,
                    "model": s.model} for m, s in sorted(final.materials.items())]
        lineage += [{"child_lot": lot_id, "material": e.material, "parent_lot": e.parent, "share": e.share}
                    for e in effect.parents]
        origins += [{"lot_id": lot_id, "material": m, "site_id": s, "share": share}
                    for m, sites in sorted(made.origins.items()) for s, share in sorted(sites.items()) if share > 0]
    for table, values in ((T_LOT, lots), (T_LEDGER, ledger), (T_LINEAGE, lineage), (T_ORIGIN, origins)):
        _insert(conn, table, values)


def _write_changed(conn: Connection, state: BatchState) -> None:
    if state.touched_lots:
        conn.execute(_SET_LOT, [{"b_id": i, "b_remaining": state.lots[i].remaining_mg,
                                 "b_custodian": state.lots[i].custodian, "b_status": state.lots[i].status}
                                for i in sorted(state.touched_lots)])
    if state.demonitored:
        conn.execute(_DEMONITOR, [{"b_id": i} for i in sorted(state.demonitored)])
    if state.used_tags:
        conn.execute(_SET_TAG, [{"b_id": t, "b_lot": lot} for t, lot in sorted(state.used_tags.items())])
    deltas = [{"party": p, "material": m, "period": q, "balance_mg": d}
              for (p, m, q), d in sorted(state.credit_delta.items())]
    if deltas:
        stmt = (pg_insert(T_CREDIT) if conn.dialect.name == "postgresql" else sqlite_insert(T_CREDIT))
        conn.execute(stmt.on_conflict_do_update(index_elements=["party", "material", "period"],
                                                set_={"balance_mg": T_CREDIT.c.balance_mg + stmt.excluded.balance_mg}),
                     deltas)
