"""Packing and unpacking (AggregationEvent, AssociationEvent): ADD makes a parent lot of its children, DELETE
unpacks a parent into new child lots, OBSERVE moves them as one. Spec: EPCIS 2.0 §7.4.3, §7.4.4.
"""

from __future__ import annotations

from passport.custody.events import AggregationEvent, AssociationEvent, LotContent
from passport.custody.rules.lots import WEIGHT_TOLERANCE, finding, items, new_lots
from passport.custody.rules.movement import observe_or_transfer
from passport.custody.rules.transformation import transform
from passport.custody.state import ChainState, Outcome, SiteInfo
from passport.custody.vocab import MG_PER_KG


def aggregate(state: ChainState, event: AggregationEvent | AssociationEvent, site: SiteInfo | None,
              out: Outcome) -> None:
    if event.action == "DELETE" and event.parent_id is not None:
        unpack(state, event, site, out)
        return
    children = items(state, event, event.child_quantity_list, event.child_epcs, out)
    if event.action == "OBSERVE" or event.parent_id is None:
        if event.parent_id and event.parent_id in state.lots:
            children = children + [(state.lots[event.parent_id], state.lots[event.parent_id].remaining_mg)]
        observe_or_transfer(state, event, site, children, out)  # type: ignore[arg-type]
        return
    contents = {c.lot: c for c in event.lot_content}
    if event.action == "ADD":
        child_mg = sum(g for _l, g in children)
        content = contents.get(event.parent_id, LotContent(lot=event.parent_id))
        parent_mg = round(content.net_mass_kg * MG_PER_KG) if content.net_mass_kg else child_mg
        if isinstance(event, AggregationEvent) and parent_mg > child_mg * (1 + WEIGHT_TOLERANCE):
            finding(out, "WEIGHT_INCREASE", f"{event.parent_id} weighs more than the lots packed into it",
                    event, event.parent_id)
        made = [(event.parent_id, parent_mg, content, round(content.net_mass_kg * MG_PER_KG) if content.net_mass_kg
                 else None)]
        transform(state, event, site, children, made, out, kind="aggregation")


def unpack(state: ChainState, event: AggregationEvent | AssociationEvent, site: SiteInfo | None,
           out: Outcome) -> None:
    """DELETE: the parent is consumed whole and the listed children are new lots sharing its composition."""
    contents = {c.lot: c for c in event.lot_content}
    parent = state.lots.get(event.parent_id or "")
    if parent is None:
        finding(out, "EVENT_BEFORE_INPUT", f"lot {event.parent_id} does not exist", event, event.parent_id or "")
        return
    made = new_lots(event, event.child_quantity_list, event.child_epcs, list(contents.values()), out)
    if sum(grams for _id, grams, _c, _u in made) > parent.remaining_mg * (1 + WEIGHT_TOLERANCE):
        finding(out, "WEIGHT_INCREASE", f"the lots unpacked from {parent.id} weigh more than it", event, parent.id)
        return
    transform(state, event, site, [(parent, parent.remaining_mg)], made, out, kind="unpacking")
