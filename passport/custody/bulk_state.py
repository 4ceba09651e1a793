"""The chain state a bulk submission needs, loaded once and kept as the store would hold it after each event.

`load_batch_state` reads (and on PostgreSQL locks, `FOR UPDATE`) every lot, tag and credit the batch can touch;
`view_for` hands `apply_event` the same slice one event's own read of the store would give, as copies, so the
rules see what a one-by-one intake would see; `commit_effects` then applies the event's effects to the shared
state with the same guards (and codes) as `repository._write`, and remembers what the store must write.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection

from passport.custody.events import ObjectEvent, TransformationEvent
from passport.custody.repository import T_CREDIT, T_EVENT, T_LOT, T_TAG, load_lots, referenced_lots, utc
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
    SiteInfo,
    SiteStatus,
    TagState,
    Transfer,
    UseTag,
    Withdraw,
)
from passport.custody.vocab import period_of
from passport.errors import ConflictError


@dataclass
class BatchState:
    """Lots, tags and credits as the store holds them, plus what changed (to be written set-based)."""

    sites: dict[str, SiteInfo]
    lots: dict[str, LotState]
    tags: dict[str, TagState]
    credits: dict[tuple[str, str, str], int]
    site_status: SiteStatus
    known_events: set[str] = field(default_factory=set)
    created: dict[str, CreateLot] = field(default_factory=dict)   # lot id -> the effect that made it (in order)
    touched_lots: set[str] = field(default_factory=set)           # existing lots whose row changed
    demonitored: set[str] = field(default_factory=set)            # existing lots whose ledger lost its claim
    used_tags: dict[str, str] = field(default_factory=dict)       # tag -> lot
    credit_delta: dict[tuple[str, str, str], int] = field(default_factory=dict)


def _tag_ids(event: object) -> set[str]:
    if not (isinstance(event, ObjectEvent) and event.action == "ADD"):
        return set()
    contents = event.ilmd.lot_content if event.ilmd is not None else []
    return referenced_lots(event) | {c.tag_id for c in contents if c.tag_id}


def load_batch_state(conn: Connection, events: Iterable[object], *, sites: dict[str, SiteInfo],
                     site_status: SiteStatus) -> BatchState:
    """One read per table for the whole batch; rows locked against concurrent intakes on PostgreSQL."""
    events = list(events)
    lock = conn.dialect.name == "postgresql"
    lot_ids = sorted(set().union(*(referenced_lots(e) for e in events))) if events else []
    tag_ids = sorted(set().union(*(_tag_ids(e) for e in events))) if events else []
    periods = sorted({period_of(e.event_time) for e in events if isinstance(e, TransformationEvent)})
    if lock and lot_ids:
        conn.execute(select(T_LOT.c.id).where(T_LOT.c.id.in_(lot_ids)).order_by(T_LOT.c.id).with_for_update())
    lots = load_lots(conn, lot_ids)
    tag_q = select(T_TAG).where(T_TAG.c.id.in_(tag_ids)).order_by(T_TAG.c.id)
    tags = {r.id: TagState(r.id, r.site_id, r.used_by_lot)
            for r in conn.execute(tag_q.with_for_update() if lock else tag_q)} if tag_ids else {}
    credit_q = select(T_CREDIT).where(T_CREDIT.c.period.in_(periods)).order_by(
        T_CREDIT.c.party, T_CREDIT.c.material, T_CREDIT.c.period)
    credits = {(r.party, r.material, r.period): r.balance_mg
               for r in conn.execute(credit_q.with_for_update() if lock else credit_q)} if periods else {}
    ids = [e.event_id for e in events]  # type: ignore[attr-defined]
    known = set(conn.scalars(select(T_EVENT.c.event_id).where(T_EVENT.c.event_id.in_(ids)))) if ids else set()
    return BatchState(sites=sites, lots=lots, tags=tags, credits=credits, site_status=site_status,
                      known_events=known)


def view_for(state: BatchState, event: object) -> ChainState:
    """What `event` would read of the store now: copies, so the rules cannot change the store's
    view except through their effects."""
    lots = {i: copy.deepcopy(state.lots[i]) for i in sorted(referenced_lots(event)) if i in state.lots}
    tags = {i: copy.copy(state.tags[i]) for i in sorted(_tag_ids(event)) if i in state.tags}
    credits: dict[tuple[str, str, str], int] = {}
    if isinstance(event, TransformationEvent):
        period = period_of(event.event_time)
        credits = {k: v for k, v in state.credits.items() if k[2] == period}
    return ChainState(sites=state.sites, lots=lots, tags=tags, credits=credits, site_status=state.site_status)


def _as_stored(lot: LotState) -> LotState:
    """A created lot as `load_lots` reads it back (kind is not read; no zero-share origins)."""
    return LotState(id=lot.id, mass_mg=lot.mass_mg, remaining_mg=lot.remaining_mg, custodian=lot.custodian,
                    created_at=utc(lot.created_at), created_by=lot.created_by, site=lot.site,
                    origin_site=lot.origin_site, product=lot.product, tag=lot.tag, unit_mg=lot.unit_mg,
                    status=lot.status,
                    materials={m: MaterialState(s.mass_mg, s.monitored_mg, s.model)
                               for m, s in lot.materials.items()},
                    origins={m: {s: v for s, v in sites.items() if v > 0}
                             for m, sites in lot.origins.items() if any(v > 0 for v in sites.values())})


def _active_lot(state: BatchState, lot_id: str, party: str) -> LotState | None:
    lot = state.lots.get(lot_id)
    return lot if lot is not None and lot.custodian == party and lot.status == "active" else None


def _touch(state: BatchState, lot_id: str) -> None:
    if lot_id not in state.created:
        state.touched_lots.add(lot_id)


def commit_effects(state: BatchState, event_id: str, effects: list[Effect]) -> None:
    """Apply effects as `repository._write` does (same guards, same codes); ConflictError if one fails."""
    for effect in effects:
        if isinstance(effect, Consume):
            lot = _active_lot(state, effect.lot, effect.party)
            if lot is None or lot.remaining_mg < effect.grams:
                held = state.lots.get(effect.lot)
                code = "CUSTODY_GAP" if held is None or held.custodian != effect.party else "LOT_CONSUMED_TWICE"
                raise ConflictError(f"lot {effect.lot} cannot be consumed by this event", code=code,
                                    details={"lot": effect.lot, "event_id": event_id})
            lot.remaining_mg -= effect.grams
            lot.status = "consumed" if lot.remaining_mg <= 0 else "active"
            _touch(state, effect.lot)
        elif isinstance(effect, (Transfer, Decommission)):
            party = effect.source if isinstance(effect, Transfer) else effect.party
            lot = _active_lot(state, effect.lot, party)
            if lot is None:
                what = "is not held by the shipper" if isinstance(effect, Transfer) else \
                    "cannot be decommissioned by this party"
                raise ConflictError(f"lot {effect.lot} {what}", code="CUSTODY_GAP",
                                    details={"lot": effect.lot, "event_id": event_id})
            if isinstance(effect, Transfer):
                lot.custodian = effect.destination
            else:
                lot.status, lot.remaining_mg = "decommissioned", 0
            _touch(state, effect.lot)
        elif isinstance(effect, UseTag):
            tag = state.tags.get(effect.tag)
            if tag is None or tag.site != effect.site or tag.used_by is not None:
                raise ConflictError(f"tag {effect.tag} is unallocated or already used", code="TAG_REUSED",
                                    details={"tag": effect.tag, "event_id": event_id})
            tag.used_by = effect.lot
            state.used_tags[effect.tag] = effect.lot
        elif isinstance(effect, (Deposit, Withdraw)):
            key = (effect.party, effect.material, effect.period)
            sign = 1 if isinstance(effect, Deposit) else -1
            if sign < 0 and state.credits.get(key, 0) < effect.grams:
                raise ConflictError(f"the {effect.period} credits for {effect.material} do not cover the claim",
                                    code="MONITORED_CREDIT_EXCEEDED", details={"event_id": event_id})
            state.credits[key] = state.credits.get(key, 0) + sign * effect.grams
            state.credit_delta[key] = state.credit_delta.get(key, 0) + sign * effect.grams
        elif isinstance(effect, CreateLot):
            if effect.lot.id in state.lots:
                raise ConflictError(f"lot {effect.lot.id} already exists", code="DUPLICATE_LOT",
                                    details={"lot": effect.lot.id, "event_id": event_id})
            state.lots[effect.lot.id] = _as_stored(effect.lot)
            state.created[effect.lot.id] = effect
        elif isinstance(effect, Demonitor):
            lot = state.lots.get(effect.lot)
            if lot is not None:
                for m in lot.materials.values():
                    m.monitored_mg = 0
                if effect.lot not in state.created:
                    state.demonitored.add(effect.lot)
