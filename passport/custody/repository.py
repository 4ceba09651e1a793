"""The custody store: register parties, sites and tags; read lots and who may speak for a party.

Events reach the store through one path, `bulk.apply_parsed` (single intake is a batch of one): it loads the
rows a batch touches with `bulk_state` (locked on PostgreSQL) and writes them with `bulk_write`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection

from passport.custody.events import (
    AggregationEvent,
    AssociationEvent,
    ObjectEvent,
    TransactionEvent,
    TransformationEvent,
)
from passport.custody.state import LotState, MaterialState, SiteInfo
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

T_PARTY, T_DELEGATION, T_SITE, T_TAG = (CustodyParty.__table__, CustodyDelegation.__table__,  # type: ignore[attr-defined]
                                        CustodySite.__table__, CustodyTag.__table__)  # type: ignore[attr-defined]
T_LOT, T_LEDGER, T_LINEAGE, T_ORIGIN = (CustodyLot.__table__, CustodyLedger.__table__,  # type: ignore[attr-defined]
                                        CustodyLineage.__table__, CustodyOrigin.__table__)  # type: ignore[attr-defined]
T_CREDIT, T_EVENT, T_EVENT_LOT, T_FINDING = (CustodyCredit.__table__, CustodyEvent.__table__,  # type: ignore[attr-defined]
                                             CustodyEventLot.__table__, CustodyFinding.__table__)  # type: ignore[attr-defined]


# Statements built once: building SQLAlchemy expressions costs more than executing these indexed reads.
_L = T_LOT.c
_SELECT_LOTS = select(T_LOT).where(_L.id.in_(bindparam("ids", expanding=True)))
_SELECT_LEDGER = select(T_LEDGER).where(T_LEDGER.c.lot_id.in_(bindparam("ids", expanding=True)))
_SELECT_ORIGINS = select(T_ORIGIN).where(T_ORIGIN.c.lot_id.in_(bindparam("ids", expanding=True)))


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
