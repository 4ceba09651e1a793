"""Prove that a custody lot is the battery a passport is about, and that its issuer may speak for that lot.

A passport that names a custody lot (`passport issue --custody-lot`, the issuer API's `compute.custodyLot`)
publishes that lot's chain of custody, binds its upstream credentials and is scored on its GBA evidence. So the
binding is proven from the custody store before anything is signed, never taken from the caller's word:

1. the lot is this battery: its id is the passport's identifier (the GS1 Digital Link URL, `urn:uuid:` or the
   resolvable URL, as `lot_candidates` spells them), or an event signed by the issuing organisation names both
   the lot and the passport's identifier (e.g. an AssociationEvent with the battery as parent);
2. the issuer speaks for the lot: its DID is one the lot's current custodian signs with, or one of the party
   that made the lot (the acting party of the event that created it, or the operator of the site it was made
   at) - own DIDs and delegated agents' (`authorised_dids`).

Otherwise `LotBindingError` (an InputError: unusable input) names the lot, the passport and the issuer.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection

from passport.custody.repository import T_EVENT, T_EVENT_LOT, T_LOT, T_SITE, authorised_dids
from passport.custody.tables import CustodyCredential
from passport.custody.trace import lot_candidates
from passport.errors import InputError

T_CREDENTIAL = CustodyCredential.__table__  # type: ignore[attr-defined]


class LotBindingError(InputError):
    """The lot cannot be bound to this passport: it is another battery, or its issuer does not speak for it."""

    code = "CUSTODY_LOT_NOT_BOUND"


@dataclass(frozen=True)
class LotBinding:
    """Why the lot is this battery (`identity` or the associating event) and whose DID the issuer signs for."""

    lot: str
    passport: str
    issuer: str
    association: str
    """`identifier` (the lot id is the passport's identifier) or the eventID of the associating event."""
    speaks_for: str
    """The party (current custodian or maker) whose DIDs include the issuer's."""


def _associating_event(conn: Connection, lot: str, passport_ids: list[str], issuer: str) -> str | None:
    """The eventID of an event signed by `issuer` that names both `lot` and one of the passport's ids."""
    this_lot = T_EVENT_LOT.alias("this_lot")
    battery = T_EVENT_LOT.alias("battery")
    query = (select(T_EVENT.c.event_id)
             .join(this_lot, and_(this_lot.c.event_seq == T_EVENT.c.seq, this_lot.c.lot_id == lot))
             .join(battery, and_(battery.c.event_seq == T_EVENT.c.seq, battery.c.lot_id.in_(passport_ids)))
             .join(T_CREDENTIAL, T_CREDENTIAL.c.seq == T_EVENT.c.credential_seq)
             .where(T_CREDENTIAL.c.issuer == issuer)
             .order_by(T_EVENT.c.seq).limit(1))
    return conn.scalars(query).first()


def _makers(conn: Connection, created_by: str, site_id: str | None) -> list[str]:
    """The party that made the lot: the acting party of its creating event and the operator of its site."""
    parties = [conn.scalars(select(T_EVENT.c.party).where(T_EVENT.c.event_id == created_by)).first()]
    if site_id is not None:
        parties.append(conn.scalars(select(T_SITE.c.party_id).where(T_SITE.c.id == site_id)).first())
    return [p for p in parties if p]


def prove_lot_binding(conn: Connection, lot: str, passport: str, issuer: str) -> LotBinding:
    """Prove that stored lot `lot` is the battery `passport` (its URL or path) and that `issuer` speaks for it.

    Raises LotBindingError naming the lot, the passport and the issuer (and NotFoundError from nothing: the lot
    must already be resolved with `resolve_lot`)."""
    row = conn.execute(select(T_LOT.c.custodian, T_LOT.c.created_by, T_LOT.c.site_id)
                       .where(T_LOT.c.id == lot)).first()
    details = {"lot": lot, "passport": passport, "issuer": issuer}
    if row is None:
        raise LotBindingError(f"custody lot {lot} is not in the store", details=details)
    candidates = lot_candidates(passport)
    association = "identifier" if lot in candidates else _associating_event(conn, lot, candidates, issuer)
    if association is None:
        raise LotBindingError(f"custody lot {lot} is not the battery {passport}: its id is not the passport's "
                              "identifier and no event signed by the issuer associates them", details=details)
    for party in [row.custodian, *_makers(conn, row.created_by, row.site_id)]:
        if issuer in authorised_dids(conn, party):
            return LotBinding(lot=lot, passport=passport, issuer=issuer, association=association, speaks_for=party)
    raise LotBindingError(f"the issuer {issuer} is neither the current custodian ({row.custodian}) of custody lot "
                          f"{lot} nor the party that made it, so it cannot bind the lot to {passport}",
                          code="CUSTODY_LOT_NOT_AUTHORISED", details={**details, "custodian": row.custodian})
