"""The custody store: register parties, sites and tags; load the state an event needs; write its effects.

Every write that two contributors could race on is a conditional UPDATE whose WHERE clause restates the
invariant (the lot is held by the consumer and has that much left; the tag is unused; the credit covers the
claim). A row count of 0 means another transaction got there first: the whole intake rolls back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy import and_, bindparam, case, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from passport.custody.events import (
    AggregationEvent,
    AssociationEvent,
    ObjectEvent,
    TransactionEvent,
    TransformationEvent,
)
from passport.custody.state import (
    ChainState,
    Consume,
    CreateLot,
    Decommission,
    Demonitor,
    Deposit,
    Effect,
    LotState,
    MaterialState,
    Outcome,
    SiteInfo,
    SiteStatus,
    TagState,
    Transfer,
    UseTag,
    Withdraw,
    no_status,
)
from passport.custody.tables import (
    CustodyCredit,
    CustodyDelegation,
    CustodyEvent,
    CustodyEventLot,
    CustodyFinding,
    CustodyLedger,
    CustodyLineage,
    CustodyLot,
    CustodyOrigin,
    CustodyParty,
    CustodySite,
    CustodyTag,
)
from passport.custody.vocab import period_of
from passport.errors import ConflictError

T_PARTY, T_DELEGATION, T_SITE, T_TAG = (CustodyParty.__table__, CustodyDelegation.__table__,  # type: ignore[attr-defined]
                                        CustodySite.__table__, CustodyTag.__table__)  # type: ignore[attr-defined]
T_LOT, T_LEDGER, T_LINEAGE, T_ORIGIN = (CustodyLot.__table__, CustodyLedger.__table__,  # type: ignore[attr-defined]
                                        CustodyLineage.__table__, CustodyOrigin.__table__)  # type: ignore[attr-defined]
T_CREDIT, T_EVENT, T_EVENT_LOT, T_FINDING = (CustodyCredit.__table__, CustodyEvent.__table__,  # type: ignore[attr-defined]
                                             CustodyEventLot.__table__, CustodyFinding.__table__)  # type: ignore[attr-defined]


# Statements built once: intake runs them for every event, and building SQLAlchemy expressions costs more than
# executing these indexed single-row statements.
_L, _C = T_LOT.c, T_CREDIT.c
_B_MG = bindparam("b_mg")
_CONSUME = update(T_LOT).where(and_(
    _L.id == bindparam("b_lot"), _L.custodian == bindparam("b_party"), _L.status == "active", _L.remaining_mg >= _B_MG,
)).values(remaining_mg=_L.remaining_mg - _B_MG, status=case((_L.remaining_mg - _B_MG <= 0, "consumed"),
                                                                else_="active"))
_TRANSFER = update(T_LOT).where(and_(
    _L.id == bindparam("b_lot"), _L.custodian == bindparam("b_party"), _L.status == "active",
)).values(custodian=bindparam("b_to"))
_USE_TAG = update(T_TAG).where(and_(
    T_TAG.c.id == bindparam("b_tag"), T_TAG.c.site_id == bindparam("b_site"), T_TAG.c.used_by_lot.is_(None),
)).values(used_by_lot=bindparam("b_lot"))
_WITHDRAW = update(T_CREDIT).where(and_(
    _C.party == bindparam("b_party"), _C.material == bindparam("b_material"), _C.period == bindparam("b_period"),
    _C.balance_mg >= _B_MG,
)).values(balance_mg=_C.balance_mg - _B_MG)
_DECOMMISSION = update(T_LOT).where(and_(
    _L.id == bindparam("b_lot"), _L.custodian == bindparam("b_party"), _L.status == "active",
)).values(status="decommissioned", remaining_mg=0)
_DEMONITOR = update(T_LEDGER).where(T_LEDGER.c.lot_id == bindparam("b_lot")).values(monitored_mg=0)
_SELECT_LOTS = select(T_LOT).where(_L.id.in_(bindparam("ids", expanding=True)))
_SELECT_LEDGER = select(T_LEDGER).where(T_LEDGER.c.lot_id.in_(bindparam("ids", expanding=True)))
_SELECT_ORIGINS = select(T_ORIGIN).where(T_ORIGIN.c.lot_id.in_(bindparam("ids", expanding=True)))
_SELECT_TAGS = select(T_TAG).where(T_TAG.c.id.in_(bindparam("ids", expanding=True)))
_INSERT = {t.name: insert(t) for t in (T_EVENT, T_EVENT_LOT, T_FINDING, T_LOT, T_LEDGER, T_LINEAGE, T_ORIGIN)}


def utc(when: datetime) -> datetime:
    """Datetimes come back naive from SQLite: they were stored in UTC."""
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


# --- registration -----------------------------------------------------------------------------------------

def register_party(conn: Connection, party_id: str, *, name: str, did: str, country: str | None = None) -> None:
    """Add an organisation and the DID whose keys sign its events."""
    conn.execute(insert(T_PARTY).values(id=party_id, name=name, did=did, country=country))


def delegate(conn: Connection, agent: str, principal: str) -> None:
    """Let `agent` record events for `principal` (e.g. a programme's field monitors at a mine)."""
    conn.execute(insert(T_DELEGATION).values(agent=agent, principal=principal))


def register_site(conn: Connection, site_id: str, *, party: str, country: str, origin: bool = False,
                  programme: str | None = None, name: str | None = None) -> None:
    conn.execute(insert(T_SITE).values(id=site_id, party_id=party, country=country, origin=origin,
                                       programme=programme, name=name))


def allocate_tags(conn: Connection, site_id: str, tag_ids: Iterable[str], *, when: datetime | None = None) -> int:
    """Pre-issue tags to a site against its expected production; only these can start a lot there."""
    rows = [{"id": t, "site_id": site_id, "allocated_at": when or datetime.now(timezone.utc)} for t in tag_ids]
    if rows:
        conn.execute(insert(T_TAG), rows)
    return len(rows)


def authorised_dids(conn: Connection, party: str) -> set[str]:
    """DIDs whose signatures speak for `party`: its own and those of its delegated agents."""
    own = select(T_PARTY.c.did).where(T_PARTY.c.id == party)
    agents = select(T_PARTY.c.did).join(T_DELEGATION, T_DELEGATION.c.agent == T_PARTY.c.id).where(
        T_DELEGATION.c.principal == party)
    return set(conn.scalars(own.union(agents)))


# --- reading the state an event needs -------------------------------------------------------------------------

def referenced_lots(event: object) -> set[str]:
    """Every lot id an event names (inputs, outputs, children, parent)."""
    ids: set[str] = set()
    if isinstance(event, (ObjectEvent, TransactionEvent)):
        ids |= {q.epc_class for q in event.quantity_list} | set(event.epc_list)
    if isinstance(event, TransformationEvent):
        ids |= {q.epc_class for q in event.input_quantity_list + event.output_quantity_list}
        ids |= set(event.input_epc_list) | set(event.output_epc_list)
    if isinstance(event, (AggregationEvent, AssociationEvent)):
        ids |= {q.epc_class for q in event.child_quantity_list} | set(event.child_epcs)
    parent = getattr(event, "parent_id", None)
    if parent:
        ids.add(parent)
    return ids


def load_sites(conn: Connection) -> dict[str, SiteInfo]:
    return {r.id: SiteInfo(r.id, r.party_id, r.country, bool(r.origin), r.programme)
            for r in conn.execute(select(T_SITE))}


def load_lots(conn: Connection, ids: Iterable[str]) -> dict[str, LotState]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    lots = {
        r.id: LotState(id=r.id, mass_mg=r.mass_mg, remaining_mg=r.remaining_mg, custodian=r.custodian,
                       created_at=utc(r.created_at), created_by=r.created_by, site=r.site_id,
                       origin_site=r.origin_site, product=r.product, tag=r.tag_id, unit_mg=r.unit_mg, status=r.status)
        for r in conn.execute(_SELECT_LOTS, {"ids": ids})
    }
    if lots:
        for r in conn.execute(_SELECT_LEDGER, {"ids": list(lots)}):
            lots[r.lot_id].materials[r.material] = MaterialState(r.mass_mg, r.monitored_mg, r.model)
        for r in conn.execute(_SELECT_ORIGINS, {"ids": list(lots)}):
            lots[r.lot_id].origins.setdefault(r.material, {})[r.site_id] = r.share
    return lots


def load_state(conn: Connection, event: object, *, sites: dict[str, SiteInfo] | None = None,
               site_status: SiteStatus = no_status) -> ChainState:
    """The part of the chain an event can touch: its lots, the tags it may use, its party's credits."""
    ids = referenced_lots(event)
    contents = []
    ilmd = getattr(event, "ilmd", None)
    if ilmd is not None:
        contents = ilmd.lot_content
    tags: dict[str, TagState] = {}
    if isinstance(event, ObjectEvent) and event.action == "ADD":   # only commissioning starts lots on tags
        tag_ids = ids | {c.tag_id for c in contents if c.tag_id}
        tags = {r.id: TagState(r.id, r.site_id, r.used_by_lot)
                for r in conn.execute(_SELECT_TAGS, {"ids": sorted(tag_ids)})}
    sites = sites if sites is not None else load_sites(conn)
    credits: dict[tuple[str, str, str], int] = {}
    if isinstance(event, TransformationEvent):   # only transformations book or claim mass-balance credits
        period = period_of(event.event_time)
        credits = {(r.party, r.material, r.period): r.balance_mg
                   for r in conn.execute(select(T_CREDIT).where(T_CREDIT.c.period == period))}
    return ChainState(sites=sites, lots=load_lots(conn, ids), tags=tags, credits=credits, site_status=site_status)


# --- writing effects ----------------------------------------------------------------------------------------

def record_event(conn: Connection, event: object, outcome: Outcome, *, party: str | None,
                 credential_seq: int | None, document: dict) -> int:
    """Store the event, then apply its effects; raises ConflictError (nothing kept) if a guard fails."""
    try:
        seq = conn.execute(_INSERT["custody_event"], dict(
            event_id=event.event_id, credential_seq=credential_seq, type=event.type,  # type: ignore[attr-defined]
            event_time=utc(event.event_time), party=party,  # type: ignore[attr-defined]
            document=json.dumps(document, sort_keys=True, separators=(",", ":")),
        )).inserted_primary_key[0]
    except IntegrityError as exc:
        raise ConflictError("this event was already recorded", code="DUPLICATE_EVENT",
                            details={"event_id": event.event_id}) from exc  # type: ignore[attr-defined]
    for effect in outcome.effects:
        _write(conn, effect, event.event_id)  # type: ignore[attr-defined]
    rows = {(seq, lot, role) for lot, role in outcome.lots}
    if rows:
        conn.execute(_INSERT["custody_event_lot"],
                     [{"event_seq": s, "lot_id": lot, "role": r} for s, lot, r in sorted(rows)])
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    if warnings:
        conn.execute(_INSERT["custody_finding"], [{"code": f.code, "severity": f.severity, "event_id": f.event_id,
                                          "lot_ids": json.dumps(list(f.lot_ids)), "message": f.message,
                                          "created_at": datetime.now(timezone.utc)} for f in warnings])
    return int(seq)


def _guard(result: object, code: str, message: str, **details: object) -> None:
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(message, code=code, details=details)


def _write(conn: Connection, effect: Effect, event_id: str) -> None:
    if isinstance(effect, Consume):
        res = conn.execute(_CONSUME, {"b_lot": effect.lot, "b_party": effect.party, "b_mg": effect.grams})
        if res.rowcount != 1:
            holder = conn.scalar(select(_L.custodian).where(_L.id == effect.lot))
            code = "CUSTODY_GAP" if holder != effect.party else "LOT_CONSUMED_TWICE"
            raise ConflictError(f"lot {effect.lot} cannot be consumed by this event", code=code,
                                details={"lot": effect.lot, "event_id": event_id})
    elif isinstance(effect, Transfer):
        _guard(conn.execute(_TRANSFER, {"b_lot": effect.lot, "b_party": effect.source, "b_to": effect.destination}),
               "CUSTODY_GAP", f"lot {effect.lot} is not held by the shipper", lot=effect.lot, event_id=event_id)
    elif isinstance(effect, UseTag):
        _guard(conn.execute(_USE_TAG, {"b_tag": effect.tag, "b_site": effect.site, "b_lot": effect.lot}),
               "TAG_REUSED", f"tag {effect.tag} is unallocated or already used", tag=effect.tag, event_id=event_id)
    elif isinstance(effect, Deposit):
        _deposit(conn, effect)
    elif isinstance(effect, Withdraw):
        _guard(conn.execute(_WITHDRAW, {"b_party": effect.party, "b_material": effect.material,
                                        "b_period": effect.period, "b_mg": effect.grams}),
               "MONITORED_CREDIT_EXCEEDED", f"the {effect.period} credits for {effect.material} do not cover the claim",
               event_id=event_id)
    elif isinstance(effect, CreateLot):
        _create_lot(conn, effect, event_id)
    elif isinstance(effect, Decommission):
        _guard(conn.execute(_DECOMMISSION, {"b_lot": effect.lot, "b_party": effect.party}), "CUSTODY_GAP",
               f"lot {effect.lot} cannot be decommissioned by this party", lot=effect.lot, event_id=event_id)
    elif isinstance(effect, Demonitor):
        conn.execute(_DEMONITOR, {"b_lot": effect.lot})


def _deposit(conn: Connection, effect: Deposit) -> None:
    values = {"party": effect.party, "material": effect.material, "period": effect.period, "balance_mg": effect.grams}
    dialect = conn.dialect.name
    stmt = (pg_insert(T_CREDIT) if dialect == "postgresql" else sqlite_insert(T_CREDIT)).values(**values)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["party", "material", "period"],
        set_={"balance_mg": T_CREDIT.c.balance_mg + stmt.excluded.balance_mg},
    ))


def _create_lot(conn: Connection, effect: CreateLot, event_id: str) -> None:
    lot = effect.lot
    try:
        conn.execute(_INSERT["custody_lot"], dict(
            id=lot.id, product=lot.product, mass_mg=lot.mass_mg, remaining_mg=lot.remaining_mg, unit_mg=lot.unit_mg,
            custodian=lot.custodian, site_id=lot.site, origin_site=lot.origin_site, tag_id=lot.tag,
            status=lot.status, kind=lot.kind, created_at=utc(lot.created_at), created_by=lot.created_by,
        ))
    except IntegrityError as exc:
        raise ConflictError(f"lot {lot.id} already exists", code="DUPLICATE_LOT",
                            details={"lot": lot.id, "event_id": event_id}) from exc
    if lot.materials:
        conn.execute(_INSERT["custody_ledger"], [{"lot_id": lot.id, "material": m, "mass_mg": s.mass_mg,
                                         "monitored_mg": s.monitored_mg, "model": s.model}
                                        for m, s in sorted(lot.materials.items())])
    if effect.parents:
        conn.execute(_INSERT["custody_lineage"], [{"child_lot": lot.id, "material": e.material, "parent_lot": e.parent,
                                          "share": e.share} for e in effect.parents])
    origins = [{"lot_id": lot.id, "material": m, "site_id": s, "share": share}
               for m, sites in sorted(lot.origins.items()) for s, share in sorted(sites.items()) if share > 0]
    if origins:
        conn.execute(_INSERT["custody_origin"], origins)
