"""Which lots an event names or creates, who acts, and how a finding is recorded: what every custody rule shares.

Mass is counted in whole milligrams. Tolerances are named constants so a reviewer can see them.
"""

from __future__ import annotations

from datetime import datetime

from passport.custody.events import LotContent, QuantityElement
from passport.custody.state import ChainState, Finding, LotState, Outcome, SiteInfo
from passport.custody.vocab import COUNT_UNITS, MG_PER_KG, to_mg

#: Scales disagree a little: a re-weighing up to 0.5 % above the recorded mass is not a weight increase.
WEIGHT_TOLERANCE = 0.005
INACTIVE_STATUSES = frozenset({"suspended", "exited"})


def acting_site(state: ChainState, event: object) -> SiteInfo | None:
    for loc in (event.biz_location, event.read_point):  # type: ignore[attr-defined]
        if loc is not None and loc.id in state.sites:
            return state.sites[loc.id]
    return None


def party_of(event: object, site: SiteInfo | None) -> str | None:
    return site.party if site is not None else event.party("source")  # type: ignore[attr-defined]


def acting_party(state: ChainState, event: object) -> str | None:
    """The party whose act the event records: the operator of its site, else the shipping (source) party."""
    return party_of(event, acting_site(state, event))


def finding(out: Outcome, code: str, message: str, event: object, *lots: str, severity: str = "error") -> None:
    out.findings.append(Finding(code=code, severity=severity, message=message,  # type: ignore[arg-type]
                                event_id=event.event_id, lot_ids=tuple(lots)))  # type: ignore[attr-defined]


def grams_of(q: QuantityElement, lot: LotState | None) -> int | None:
    if q.uom in COUNT_UNITS:
        return round(q.quantity * lot.unit_mg) if lot is not None and lot.unit_mg else None
    return to_mg(q.quantity, q.uom)


def items(state: ChainState, event: object, quantities: list[QuantityElement], epcs: list[str],
          out: Outcome) -> list[tuple[LotState, int]]:
    """Existing lots named by an event, with the grams concerned; a lot that does not exist (yet) is a finding."""
    found: list[tuple[LotState, int]] = []
    named = [(q.epc_class, q) for q in quantities] + [(e, None) for e in epcs]
    for lot_id, q in named:
        lot = state.lots.get(lot_id)
        if lot is None or lot.created_at > event.event_time:  # type: ignore[attr-defined]
            finding(out, "EVENT_BEFORE_INPUT", f"lot {lot_id} does not exist at the time of the event", event, lot_id)
            continue
        grams = lot.remaining_mg if q is None else grams_of(q, lot)
        if grams is None:
            finding(out, "INVALID_QUANTITY", f"quantity of {lot_id} is not a mass, nor a count of known items",
                    event, lot_id)
            continue
        found.append((lot, grams))
    return found


def new_lots(event: object, quantities: list[QuantityElement], epcs: list[str], contents: list[LotContent],
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
            finding(out, "INVALID_QUANTITY", f"new lot {lot_id} has no mass (give a mass unit or bp:netMassKg)",
                    event, lot_id)
            continue
        made.append((lot_id, grams, content, unit_mg))
    return made


def content_grams(content: LotContent, grams: int) -> dict[str, int]:
    return {m.material: round(m.mass_kg * MG_PER_KG) if m.mass_kg is not None else round(m.mass_fraction * grams)
            for m in content.materials}


def check_new(state: ChainState, event: object, lot_id: str, grams: int, materials: dict[str, int],
              out: Outcome) -> bool:
    if lot_id in state.lots:
        finding(out, "DUPLICATE_LOT", f"lot {lot_id} already exists", event, lot_id)
        return False
    if sum(materials.values()) > grams * (1 + WEIGHT_TOLERANCE):
        finding(out, "CONTENT_EXCEEDS_MASS", f"material content of {lot_id} exceeds its mass", event, lot_id)
        return False
    return True


def is_active(state: ChainState, site: SiteInfo, when: datetime) -> bool:
    return site.programme is not None and state.site_status(site.id, when) not in INACTIVE_STATUSES
