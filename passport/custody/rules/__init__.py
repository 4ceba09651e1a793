"""The custody rules: apply one EPCIS event to a `ChainState`, returning findings and effects.

Pure: no I/O. The same function runs at intake (on a state loaded for the event's lots; error findings refuse the
event) and in `passport custody check` (replaying every stored event). The store re-checks every invariant that
two writers could race on (custodian, remaining mass, tag use, credit balance) with conditional UPDATEs.

One module per kind of event, as EPCIS draws them:

    lots.py            which lots an event names or creates, who acts, findings, tolerances
    movement.py        commission, observe / transfer, decommission (ObjectEvent, TransactionEvent)
    aggregation.py     pack, unpack, move as one (AggregationEvent, AssociationEvent)
    transformation.py  inputs consumed, outputs created (TransformationEvent)
    mass_balance.py    yields, chain-of-custody models and mixing of a transformation's materials
"""

from __future__ import annotations

from passport.custody.events import (
    AggregationEvent,
    AssociationEvent,
    ObjectEvent,
    TransactionEvent,
    TransformationEvent,
)
from passport.custody.rules.aggregation import aggregate
from passport.custody.rules.lots import INACTIVE_STATUSES, WEIGHT_TOLERANCE, acting_party, acting_site, items, new_lots
from passport.custody.rules.mass_balance import DECLARED_YIELD_TOLERANCE, MAX_YIELD, MIN_YIELD
from passport.custody.rules.movement import commission, decommission, observe_or_transfer
from passport.custody.rules.transformation import transform
from passport.custody.state import ChainState, Outcome

__all__ = ["DECLARED_YIELD_TOLERANCE", "INACTIVE_STATUSES", "MAX_YIELD", "MIN_YIELD", "WEIGHT_TOLERANCE",
           "acting_party", "apply_event"]


def apply_event(state: ChainState, event: object) -> Outcome:
    """Apply `event` to `state` (in place) and say what it found and what the store must write."""
    out = Outcome()
    site = acting_site(state, event)
    if isinstance(event, ObjectEvent):
        if event.action == "ADD":
            commission(state, event, site, out)
        elif event.action == "DELETE":
            decommission(state, event, site, out)
        else:
            observe_or_transfer(state, event, site, items(state, event, event.quantity_list, event.epc_list, out), out)
    elif isinstance(event, TransactionEvent):
        observe_or_transfer(state, event, site, items(state, event, event.quantity_list, event.epc_list, out), out)
    elif isinstance(event, TransformationEvent):
        inputs = items(state, event, event.input_quantity_list, event.input_epc_list, out)
        outputs = new_lots(event, event.output_quantity_list, event.output_epc_list,
                           event.ilmd.lot_content if event.ilmd else [], out)
        transform(state, event, site, inputs, outputs, out, kind="transformation")
    elif isinstance(event, (AggregationEvent, AssociationEvent)):
        aggregate(state, event, site, out)
    return out
