"""The custody rules: apply one EPCIS event to a `ChainState`, returning findings and effects.

Pure: no I/O. The same function runs at intake (on a state loaded for the event's lots; error findings refuse the
event) and in `passport custody check` (replaying every stored event). The store re-checks every invariant that
two writers could race on (custodian, remaining mass, tag use, credit balance) with conditional UPDATEs.

Mass is counted in whole milligrams. Tolerances are named constants so a reviewer can see them.
"""

from __future__ import annotations

import math
from datetime import datetime

from passport.custody.events import (
    AggregationEvent,
    AssociationEvent,
    LotContent,
    ObjectEvent,
    QuantityElement,
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
    Edge,
    Finding,
    LotState,
    MaterialState,
    Outcome,
    SiteInfo,
    Transfer,
    UseTag,
    Withdraw,
)
from passport.custody.vocab import (
    COC_MODELS,
    COUNT_UNITS,
    MG_PER_KG,
    SHIPPING_STEPS,
    period_of,
    to_mg,
    weakest_model,
)

#: Scales disagree a little: a re-weighing up to 0.5 % above the recorded mass is not a weight increase.
WEIGHT_TOLERANCE = 0.005
#: Without a declared yield, a transformation must keep between half and all (+0.5 %) of each traced material.
MIN_YIELD, MAX_YIELD = 0.5, 1.005
#: A measured yield may differ from the declared one by this much (absolute).
DECLARED_YIELD_TOLERANCE = 0.02
INACTIVE_STATUSES = frozenset({"suspended", "exited"})


def apply_event(state: ChainState, event: object) -> Outcome:
    """Apply `event` to `state` (in place) and say what it found and what the store must write."""
    out = Outcome()
    site = _acting_site(state, event)
    if isinstance(event, ObjectEvent):
        if event.action == "ADD":
            _commission(state, event, site, out)
        elif event.action == "DELETE":
            _decommission(state, event, site, out)
        else:
            _observe_or_transfer(state, event, site, _items(state, event, event.quantity_list, event.epc_list, out), out)
    elif isinstance(event, TransactionEvent):
        _observe_or_transfer(state, event, site, _items(state, event, event.quantity_list, event.epc_list, out), out)
    elif isinstance(event, TransformationEvent):
        inputs = _items(state, event, event.input_quantity_list, event.input_epc_list, out)
        outputs = _new_lots(event, event.output_quantity_list, event.output_epc_list,
                            event.ilmd.lot_content if event.ilmd else [], out)
        _transform(state, event, site, inputs, outputs, out, kind="transformation")
    elif isinstance(event, (AggregationEvent, AssociationEvent)):
        _aggregate(state, event, site, out)
    return out


# --- helpers: who acts, which lots ---------------------------------------------------------------------------

def _acting_site(state: ChainState, event: object) -> SiteInfo | None:
    for loc in (event.biz_location, event.read_point):  # type: ignore[attr-defined]
        if loc is not None and loc.id in state.sites:
            return state.sites[loc.id]
    return None


def _acting_party(event: object, site: SiteInfo | None) -> str | None:
    return site.party if site is not None else event.party("source")  # type: ignore[attr-defined]


def acting_party(state: ChainState, event: object) -> str | None:
    """The party whose act the event records: the operator of its site, else the shipping (source) party."""
    return _acting_party(event, _acting_site(state, event))


def _finding(out: Outcome, code: str, message: str, event: object, *lots: str, severity: str = "error") -> None:
    out.findings.append(Finding(code=code, severity=severity, message=message,  # type: ignore[arg-type]
                                event_id=event.event_id, lot_ids=tuple(lots)))  # type: ignore[attr-defined]


def _grams(q: QuantityElement, lot: LotState | None) -> int | None:
    if q.uom in COUNT_UNITS:
        return round(q.quantity * lot.unit_mg) if lot is not None and lot.unit_mg else None
    return to_mg(q.quantity, q.uom)


def _items(state: ChainState, event: object, quantities: list[QuantityElement], epcs: list[str],
           out: Outcome) -> list[tuple[LotState, int]]:
    """Existing lots named by an event, with the grams concerned; a lot that does not exist (yet) is a finding."""
    found: list[tuple[LotState, int]] = []
    named = [(q.epc_class, q) for q in quantities] + [(e, None) for e in epcs]
    for lot_id, q in named:
        lot = state.lots.get(lot_id)
        if lot is None or lot.created_at > event.event_time:  # type: ignore[attr-defined]
            _finding(out, "EVENT_BEFORE_INPUT", f"lot {lot_id} does not exist at the time of the event", event, lot_id)
            continue
        grams = lot.remaining_mg if q is None else _grams(q, lot)
        if grams is None:
            _finding(out, "INVALID_QUANTITY", f"quantity of {lot_id} is not a mass, nor a count of known items",
                     event, lot_id)
            continue
        found.append((lot, grams))
    return found


def _new_lots(event: object, quantities: list[QuantityElement], epcs: list[str], contents: list[LotContent],
              out: Outcome) -> list[tuple[str, int, LotContent, int | None]]:
    """Lots an event creates: (id, grams, master data, grams per item for counted lots)."""
    by_lot = {c.lot: c for c in contents}
    made = []
    for lot_id, q in [(q.epc_class, q) for q in quantities] + [(e, None) for e in epcs]:
        content = by_lot.get(lot_id, LotContent(lot=lot_id))
        unit_mg = round(content.net_mass_kg * MG_PER_KG) if content.net_mass_kg else None
        if q is None:
            grams = unit_mg
        elif q.uom in COUNT_UNITS:
            grams = round(q.quantity * unit_mg) if unit_mg else None
        else:
            grams = to_mg(q.quantity, q.uom)
        if grams is None:
            _finding(out, "INVALID_QUANTITY", f"new lot {lot_id} has no mass (give a mass unit or bp:netMassKg)",
                     event, lot_id)
            continue
        made.append((lot_id, grams, content, unit_mg))
    return made


def _content_grams(content: LotContent, grams: int) -> dict[str, int]:
    return {m.material: round(m.mass_kg * MG_PER_KG) if m.mass_kg is not None else round(m.mass_fraction * grams)
            for m in content.materials}


def _check_new(state: ChainState, event: object, lot_id: str, grams: int, materials: dict[str, int],
               out: Outcome) -> bool:
    if lot_id in state.lots:
        _finding(out, "DUPLICATE_LOT", f"lot {lot_id} already exists", event, lot_id)
        return False
    if sum(materials.values()) > grams * (1 + WEIGHT_TOLERANCE):
        _finding(out, "CONTENT_EXCEEDS_MASS", f"material content of {lot_id} exceeds its mass", event, lot_id)
        return False
    return True


def _is_active(state: ChainState, site: SiteInfo, when: datetime) -> bool:
    return site.programme is not None and state.site_status(site.id, when) not in INACTIVE_STATUSES


# --- commissioning, observing, transferring, decommissioning -----------------------------------------------

def _commission(state: ChainState, event: ObjectEvent, site: SiteInfo | None, out: Outcome) -> None:
    if site is None:
        _finding(out, "UNKNOWN_SITE", "commissioning at a location that is not a registered site", event)
        return
    contents = event.ilmd.lot_content if event.ilmd else []
    monitored = site.origin and _is_active(state, site, event.event_time)
    for lot_id, grams, content, unit_mg in _new_lots(event, event.quantity_list, event.epc_list, contents, out):
        materials = _content_grams(content, grams)
        if not _check_new(state, event, lot_id, grams, materials, out):
            continue
        tag = None
        if site.origin:
            tag = content.tag_id or lot_id
            known = state.tags.get(tag)
            if known is None or known.site != site.id:
                _finding(out, "TAG_UNALLOCATED", f"tag {tag} was never allocated to site {site.id}", event, lot_id)
                continue
            if known.used_by is not None:
                _finding(out, "TAG_REUSED", f"tag {tag} was already used for lot {known.used_by}", event, lot_id,
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


def _observe_or_transfer(state: ChainState, event: ObjectEvent | TransactionEvent, site: SiteInfo | None,
                         items: list[tuple[LotState, int]], out: Outcome) -> None:
    source, destination = event.party("source"), event.party("destination")
    shipping = event.biz_step in SHIPPING_STEPS or (destination is not None and destination != source)
    suspended: dict[str, list[str]] = {}
    for lot, grams in items:
        out.lots.append((lot.id, "observed"))
        if grams > lot.remaining_mg * (1 + WEIGHT_TOLERANCE):
            _finding(out, "WEIGHT_INCREASE", f"lot {lot.id} weighs more than recorded, without a transformation",
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
        holder = source or _acting_party(event, site)
        if lot.custodian != holder:
            _finding(out, "CUSTODY_GAP", f"lot {lot.id} is held by {lot.custodian}, not by {holder}", event, lot.id)
            continue
        if lot.status != "active":
            _finding(out, "LOT_CONSUMED_TWICE", f"lot {lot.id} was already consumed", event, lot.id)
            continue
        if grams < lot.remaining_mg * (1 - WEIGHT_TOLERANCE):
            _finding(out, "PARTIAL_TRANSFER", f"only part of lot {lot.id} changes hands: split it first with a "
                     "TransformationEvent", event, lot.id)
            continue
        lot.custodian = destination
        out.effects.append(Transfer(lot=lot.id, source=holder, destination=destination))
    for site_id, lots in suspended.items():
        _finding(out, "SUSPENDED_SITE_SHIPPING", f"site {site_id} is suspended by its monitoring programme and still "
                 f"ships {len(lots)} lot(s); they lose their monitored-origin claim", event, *lots, severity="warning")


def _decommission(state: ChainState, event: ObjectEvent, site: SiteInfo | None, out: Outcome) -> None:
    party = _acting_party(event, site)
    for lot, _grams in _items(state, event, event.quantity_list, event.epc_list, out):
        if lot.custodian != party:
            _finding(out, "CUSTODY_GAP", f"lot {lot.id} is held by {lot.custodian}, not by {party}", event, lot.id)
            continue
        lot.status, lot.remaining_mg = "decommissioned", 0
        out.effects.append(Decommission(lot=lot.id, party=lot.custodian))
        out.lots.append((lot.id, "decommissioned"))


# --- transformations, aggregations, associations --------------------------------------------------------------

def _consume(event: object, party: str | None, inputs: list[tuple[LotState, int]], out: Outcome) -> bool:
    ok = True
    for lot, grams in inputs:
        if lot.custodian != party:
            _finding(out, "CUSTODY_GAP", f"lot {lot.id} is held by {lot.custodian}, not by {party}", event, lot.id)
            ok = False
        elif lot.status != "active" or grams > lot.remaining_mg:
            _finding(out, "LOT_CONSUMED_TWICE", f"lot {lot.id} is consumed beyond what remains of it", event, lot.id)
            ok = False
    if not ok:
        return False
    for lot, grams in inputs:
        lot.remaining_mg -= grams
        if lot.remaining_mg <= 0:
            lot.status = "consumed"
        out.effects.append(Consume(lot=lot.id, grams=grams, party=party or ""))
        out.lots.append((lot.id, "input"))
    return True


def _aggregate(state: ChainState, event: AggregationEvent | AssociationEvent, site: SiteInfo | None,
               out: Outcome) -> None:
    if event.action == "DELETE" and event.parent_id is not None:
        _unpack(state, event, site, out)
        return
    children = _items(state, event, event.child_quantity_list, event.child_epcs, out)
    if event.action == "OBSERVE" or event.parent_id is None:
        if event.parent_id and event.parent_id in state.lots:
            children = children + [(state.lots[event.parent_id], state.lots[event.parent_id].remaining_mg)]
        _observe_or_transfer(state, event, site, children, out)  # type: ignore[arg-type]
        return
    contents = {c.lot: c for c in event.lot_content}
    if event.action == "ADD":
        child_mg = sum(g for _l, g in children)
        content = contents.get(event.parent_id, LotContent(lot=event.parent_id))
        parent_mg = round(content.net_mass_kg * MG_PER_KG) if content.net_mass_kg else child_mg
        if isinstance(event, AggregationEvent) and parent_mg > child_mg * (1 + WEIGHT_TOLERANCE):
            _finding(out, "WEIGHT_INCREASE", f"{event.parent_id} weighs more than the lots packed into it",
                     event, event.parent_id)
        made = [(event.parent_id, parent_mg, content, round(content.net_mass_kg * MG_PER_KG) if content.net_mass_kg
                 else None)]
        _transform(state, event, site, children, made, out, kind="aggregation")


def _unpack(state: ChainState, event: AggregationEvent | AssociationEvent, site: SiteInfo | None,
            out: Outcome) -> None:
    """DELETE: the parent is consumed whole and the listed children are new lots sharing its composition."""
    contents = {c.lot: c for c in event.lot_content}
    parent = state.lots.get(event.parent_id or "")
    if parent is None:
        _finding(out, "EVENT_BEFORE_INPUT", f"lot {event.parent_id} does not exist", event, event.parent_id or "")
        return
    made = _new_lots(event, event.child_quantity_list, event.child_epcs, list(contents.values()), out)
    if sum(grams for _id, grams, _c, _u in made) > parent.remaining_mg * (1 + WEIGHT_TOLERANCE):
        _finding(out, "WEIGHT_INCREASE", f"the lots unpacked from {parent.id} weigh more than it", event, parent.id)
        return
    _transform(state, event, site, [(parent, parent.remaining_mg)], made, out, kind="unpacking")


def _transform(state: ChainState, event: object, site: SiteInfo | None, inputs: list[tuple[LotState, int]],
               outputs: list[tuple[str, int, LotContent, int | None]], out: Outcome, *, kind: str) -> None:
    if site is None:
        _finding(out, "UNKNOWN_SITE", "a transformation at a location that is not a registered site", event)
        return
    if out.errors or not _consume(event, site.party, inputs, out):
        return
    # 1. what each input brings, per material (grams consumed x the lot's material fraction)
    brought: dict[str, list[tuple[LotState, float, float]]] = {}
    for lot, grams in inputs:
        for m, mat in lot.materials.items():
            if lot.mass_mg > 0 and mat.mass_mg > 0:
                brought.setdefault(m, []).append((lot, grams * mat.mass_mg / lot.mass_mg,
                                                  grams * mat.monitored_mg / lot.mass_mg))
    # 2. what the outputs hold: declared for transformations, carried over otherwise
    made: list[tuple[str, int, LotContent, int | None, dict[str, int]]] = []
    total_in = sum(g for _l, g in inputs) or 1
    for lot_id, grams, content, unit_mg in outputs:
        if kind == "transformation":
            materials = _content_grams(content, grams)
        else:
            share = grams / total_in if kind == "unpacking" else 1.0
            materials = {m: round(sum(c for _l, c, _mo in rows) * share) for m, rows in brought.items()}
        if _check_new(state, event, lot_id, grams, materials, out):
            made.append((lot_id, grams, content, unit_mg, materials))
    if out.errors:
        return
    # 3. yields, models and monitored-origin mass, material by material
    period = period_of(event.event_time)  # type: ignore[attr-defined]
    declared = {d.material: d.yield_ for d in getattr(event, "declared_yield", [])}
    per_output: dict[str, dict[str, MaterialState]] = {lot_id: {} for lot_id, *_r in made}
    edges: dict[str, list[Edge]] = {lot_id: [] for lot_id, *_r in made}
    origins: dict[str, dict[str, dict[str, float]]] = {lot_id: {} for lot_id, *_r in made}
    for m in sorted({m for *_r, mats in made for m in mats}):
        rows = brought.get(m, [])
        in_mg, mon_in = sum(c for _l, c, _mo in rows), sum(mo for _l, _c, mo in rows)
        out_mg = sum(mats.get(m, 0) for *_r, mats in made)
        if kind == "transformation" and not _yield_ok(out, event, m, in_mg, out_mg, declared.get(m),
                                                      [lot_id for lot_id, *_r in made]):
            continue
        if in_mg <= 0:
            continue
        model = _model(out, event, m, rows, [lot_id for lot_id, *_r in made])
        if model is None:
            continue
        mixed = _mix(rows, in_mg, m)
        credit_key = (site.party, m, period)
        if model == "mass_balance" and kind == "transformation":
            deposit = round(mon_in * out_mg / in_mg)
            state.credits[credit_key] = state.credits.get(credit_key, 0) + deposit
            if deposit:
                out.effects.append(Deposit(site.party, m, period, deposit))
        for lot_id, _g, content, _u, mats in made:
            if m not in mats:
                continue
            physical = math.floor(mats[m] * mon_in / in_mg)  # floors: the claims never add up past the deposit
            claimed = physical
            if model == "mass_balance" and kind == "transformation":
                declared_claim = next((c.monitored_mass_kg for c in content.materials
                                       if c.material == m and c.monitored_mass_kg is not None), None)
                claimed = physical if declared_claim is None else round(declared_claim * MG_PER_KG)
                if claimed > mats[m] or claimed > state.credits.get(credit_key, 0):
                    _finding(out, "MONITORED_CREDIT_EXCEEDED", f"lot {lot_id} claims more monitored-origin {m} "
                             f"than the credits of {period} hold", event, lot_id)
                    continue
                state.credits[credit_key] -= claimed
                if claimed:
                    out.effects.append(Withdraw(site.party, m, period, claimed))
            per_output[lot_id][m] = MaterialState(mats[m], claimed, model)
            edges[lot_id].extend(Edge(parent, m, share) for parent, share in mixed["parents"].items())
            origins[lot_id][m] = dict(mixed["origins"])
    if out.errors:
        return
    for lot_id, grams, content, unit_mg, _mats in made:
        lot = LotState(id=lot_id, mass_mg=grams, remaining_mg=grams, custodian=site.party,
                       created_at=event.event_time, created_by=event.event_id,  # type: ignore[attr-defined]
                       site=site.id, product=content.product, unit_mg=unit_mg, materials=per_output[lot_id],
                       kind="composite" if isinstance(event, AssociationEvent) else "lot",
                       origins=origins[lot_id])
        state.lots[lot_id] = lot
        out.effects.append(CreateLot(lot=lot, parents=tuple(edges[lot_id])))
        out.lots.append((lot_id, "created"))


def _yield_ok(out: Outcome, event: object, m: str, in_mg: float, out_mg: int, declared: float | None,
              lots: list[str]) -> bool:
    if in_mg <= 0:
        _finding(out, "YIELD_OUT_OF_BOUNDS", f"{m} appears in the outputs but no input brings it", event, *lots)
        return False
    y = out_mg / in_mg
    low, high = (MIN_YIELD, MAX_YIELD) if declared is None else (declared - DECLARED_YIELD_TOLERANCE,
                                                                 min(MAX_YIELD, declared + DECLARED_YIELD_TOLERANCE))
    if not low <= y <= high:
        _finding(out, "YIELD_OUT_OF_BOUNDS", f"{m} yield {y:.3f} is outside [{low:.3f}, {high:.3f}]", event, *lots)
        return False
    return True


def _model(out: Outcome, event: object, m: str, rows: list[tuple[LotState, float, float]],
           lots: list[str]) -> str | None:
    """The chain-of-custody model of the outputs for `m`: as declared, never stronger than the inputs allow."""
    inputs_model = weakest_model([lot.materials[m].model for lot, _c, _mo in rows])
    sites = {s for lot, _c, _mo in rows for s in lot.origins.get(m, {})}
    untraced = any(sum(lot.origins.get(m, {}).values()) < 0.999999 for lot, _c, _mo in rows)
    allowed = {
        "identity_preserved": inputs_model == "identity_preserved" and len(sites) == 1 and not untraced,
        "segregated": COC_MODELS.index(inputs_model) <= 1
        and all(lot.materials[m].monitored_mg >= lot.materials[m].mass_mg for lot, _c, _mo in rows),
        "mass_balance": True,
    }
    declared = getattr(event, "chain_of_custody", None)
    if declared is None:  # the strongest model the inputs allow
        return next(model for model in COC_MODELS if allowed[model])
    if not allowed[declared]:
        _finding(out, "COC_MODEL_VIOLATED", f"the inputs do not allow a {declared} claim for {m}", event, *lots)
        return None
    return declared


def _mix(rows: list[tuple[LotState, float, float]], in_mg: float, m: str) -> dict[str, dict[str, float]]:
    """Shares of the output's `m` by parent lot, and by origin site (the parents' origins, weighted)."""
    parents: dict[str, float] = {}
    origins: dict[str, float] = {}
    for lot, contributed, _mo in rows:
        share = contributed / in_mg
        parents[lot.id] = parents.get(lot.id, 0.0) + share
        for site_id, s in lot.origins.get(m, {}).items():
            origins[site_id] = origins.get(site_id, 0.0) + share * s
    return {"parents": parents, "origins": origins}
