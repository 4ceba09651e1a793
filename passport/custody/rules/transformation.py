"""Lots that become other lots (TransformationEvent; packing and unpacking reuse it): inputs consumed, outputs
created with their materials, models, origins and mass-balance credits. Spec: EPCIS 2.0 §7.4.5.
"""

from __future__ import annotations

import math

from passport.custody.events import AssociationEvent, LotContent
from passport.custody.rules.lots import check_new, content_grams, finding
from passport.custody.rules.mass_balance import coc_model, mix, yield_ok
from passport.custody.state import (
    ChainState,
    Consume,
    CreateLot,
    Deposit,
    Edge,
    LotState,
    MaterialState,
    Outcome,
    SiteInfo,
    Withdraw,
)
from passport.custody.vocab import MG_PER_KG, period_of


def consume(event: object, party: str | None, inputs: list[tuple[LotState, int]], out: Outcome) -> bool:
    ok = True
    for lot, grams in inputs:
        if lot.custodian != party:
            finding(out, "CUSTODY_GAP", f"lot {lot.id} is held by {lot.custodian}, not by {party}", event, lot.id)
            ok = False
        elif lot.status != "active" or grams > lot.remaining_mg:
            finding(out, "LOT_CONSUMED_TWICE", f"lot {lot.id} is consumed beyond what remains of it", event, lot.id)
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


def transform(state: ChainState, event: object, site: SiteInfo | None, inputs: list[tuple[LotState, int]],
              outputs: list[tuple[str, int, LotContent, int | None]], out: Outcome, *, kind: str) -> None:
    if site is None:
        finding(out, "UNKNOWN_SITE", "a transformation at a location that is not a registered site", event)
        return
    if out.errors or not consume(event, site.party, inputs, out):
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
            materials = content_grams(content, grams)
        else:
            share = grams / total_in if kind == "unpacking" else 1.0
            materials = {m: round(sum(c for _l, c, _mo in rows) * share) for m, rows in brought.items()}
        if check_new(state, event, lot_id, grams, materials, out):
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
        if kind == "transformation" and not yield_ok(out, event, m, in_mg, out_mg, declared.get(m),
                                                     [lot_id for lot_id, *_r in made]):
            continue
        if in_mg <= 0:
            continue
        model = coc_model(out, event, m, rows, [lot_id for lot_id, *_r in made])
        if model is None:
            continue
        mixed = mix(rows, in_mg, m)
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
                    finding(out, "MONITORED_CREDIT_EXCEEDED", f"lot {lot_id} claims more monitored-origin {m} "
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
