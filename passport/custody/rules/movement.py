"""Lots that keep their identity: commissioning (ObjectEvent ADD), observing and transferring custody (ObjectEvent
OBSERVE, TransactionEvent) and decommissioning (ObjectEvent DELETE). Spec: EPCIS 2.0 §7.4.2, §7.4.6.
"""

from __future__ import annotations

from passport.custody.events import ObjectEvent, TransactionEvent
from passport.custody.rules.lots import (
    WEIGHT_TOLERANCE,
    check_new,
    content_grams,
    finding,
    is_active,
    items,
    new_lots,
    party_of,
)
from passport.custody.state import (
    ChainState,
    CreateLot,
    Decommission,
    Demonitor,
    LotState,
    MaterialState,
    Outcome,
    SiteInfo,
    Transfer,
    UseTag,
)
from passport.custody.vocab import SHIPPING_STEPS


def commission(state: ChainState, event: ObjectEvent, site: SiteInfo | None, out: Outcome) -> None:
    if site is None:
        finding(out, "UNKNOWN_SITE", "commissioning at a location that is not a registered site", event)
        return
    contents = event.ilmd.lot_content if event.ilmd else []
    monitored = site.origin and is_active(state, site, event.event_time)
    for lot_id, grams, content, unit_mg in new_lots(event, event.quantity_list, event.epc_list, contents, out):
        materials = content_grams(content, grams)
        if not check_new(state, event, lot_id, grams, materials, out):
            continue
        tag = None
        if site.origin:
            tag = content.tag_id or lot_id
            known = state.tags.get(tag)
            if known is None or known.site != site.id:
                finding(out, "TAG_UNALLOCATED", f"tag {tag} was never allocated to site {site.id}", event, lot_id)
                continue
            if known.used_by is not None:
                finding(out, "TAG_REUSED", f"tag {tag} was already used for lot {known.used_by}", event, lot_id,
                        known.used_by)
                continue
            known.used_by = lot_id
            out.effects.append(UseTag(tag=tag, site=site.id, lot=lot_id))
        model = "identity_preserved" if site.origin else "mass_balance"
        lot = LotState(
            id=lot_id, mass_mg=grams, remaining_mg=grams, custodian=site.party, created_at=event.event_time,
            created_by=event.event_id, site=site.id, origin_site=site.id if site.origin else None,
            product=content.product, tag=tag, unit_mg=unit_mg, kind="origin" if site.origin else "lot",
            materials={m: MaterialState(g, g if monitored else 0, model) for m, g in materials.items()},
            origins={m: {site.id: 1.0} for m in materials} if site.origin else {},
        )
        state.lots[lot_id] = lot
        out.effects.append(CreateLot(lot=lot))
        out.lots.append((lot_id, "created"))


def observe_or_transfer(state: ChainState, event: ObjectEvent | TransactionEvent, site: SiteInfo | None,
                        items: list[tuple[LotState, int]], out: Outcome) -> None:
    source, destination = event.party("source"), event.party("destination")
    shipping = event.biz_step in SHIPPING_STEPS or (destination is not None and destination != source)
    suspended: dict[str, list[str]] = {}
    for lot, grams in items:
        out.lots.append((lot.id, "observed"))
        if grams > lot.remaining_mg * (1 + WEIGHT_TOLERANCE):
            finding(out, "WEIGHT_INCREASE", f"lot {lot.id} weighs more than recorded, without a transformation",
                    event, lot.id)
        from_site = site or state.sites.get(lot.site or "")
        if shipping and from_site is not None and from_site.origin and lot.custodian == from_site.party \
                and state.site_status(from_site.id, event.event_time) == "suspended":
            suspended.setdefault(from_site.id, []).append(lot.id)
            for mat in lot.materials.values():
                mat.monitored_mg = 0
            out.effects.append(Demonitor(lot=lot.id))
        if destination is None or destination == lot.custodian:
            continue
        holder = source or party_of(event, site)
        if lot.custodian != holder:
            finding(out, "CUSTODY_GAP", f"lot {lot.id} is held by {lot.custodian}, not by {holder}", event, lot.id)
            continue
        if lot.status != "active":
            finding(out, "LOT_CONSUMED_TWICE", f"lot {lot.id} was already consumed", event, lot.id)
            continue
        if grams < lot.remaining_mg * (1 - WEIGHT_TOLERANCE):
            finding(out, "PARTIAL_TRANSFER", f"only part of lot {lot.id} changes hands: split it first with a "
                    "TransformationEvent", event, lot.id)
            continue
        lot.custodian = destination
        out.effects.append(Transfer(lot=lot.id, source=holder, destination=destination))
    for site_id, lots in suspended.items():
        finding(out, "SUSPENDED_SITE_SHIPPING", f"site {site_id} is suspended by its monitoring programme and still "
                f"ships {len(lots)} lot(s); they lose their monitored-origin claim", event, *lots, severity="warning")


def decommission(state: ChainState, event: ObjectEvent, site: SiteInfo | None, out: Outcome) -> None:
    party = party_of(event, site)
    for lot, _grams in items(state, event, event.quantity_list, event.epc_list, out):
        if lot.custodian != party:
            finding(out, "CUSTODY_GAP", f"lot {lot.id} is held by {lot.custodian}, not by {party}", event, lot.id)
            continue
        lot.status, lot.remaining_mg = "decommissioned", 0
        out.effects.append(Decommission(lot=lot.id, party=lot.custodian))
        out.lots.append((lot.id, "decommissioned"))
