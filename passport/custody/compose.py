"""Short constructors for the events a custody chain is made of, so applications (a field app at a mine,
a refiner's ERP bridge), examples and tests write one line per business step instead of raw EPCIS JSON.

Masses are in kg (UN/CEFACT KGM); material content is a grade (`{"Co": 0.12}` = 12 % by mass) unless
`mass_kg=True` says the numbers are kg of material.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from passport.custody.events import (
    AggregationEvent,
    AssociationEvent,
    BizTransaction,
    DeclaredYield,
    Ilmd,
    Location,
    LotContent,
    MaterialContent,
    ObjectEvent,
    QuantityElement,
    SourceDestination,
    TransactionEvent,
    TransformationEvent,
)

Grades = Mapping[str, float]


def _offset(when: datetime) -> str:
    delta = when.utcoffset()
    if delta is None:
        raise ValueError("event times must carry their UTC offset")
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _common(event_id: str, when: datetime, site: str | None, biz_step: str | None, recorder: str | None,
            disposition: str | None = None) -> dict:
    data: dict = {"event_id": event_id, "event_time": when, "event_time_zone_offset": _offset(when),
                  "biz_step": biz_step, "disposition": disposition, "recorder": recorder}
    if site is not None:
        data["biz_location"] = Location(id=site)
        data["read_point"] = Location(id=site)
    return data


def content(lot: str, grades: Grades, *, product: str | None = None, tag: str | None = None,
            net_mass_kg: float | None = None, mass_kg: bool = False,
            monitored_kg: Mapping[str, float] | None = None) -> LotContent:
    """Master data of a new lot: its material grades (or kg), product, tag, per-item mass and MB claims."""
    claims = monitored_kg or {}
    materials = [
        MaterialContent(material=m, **({"mass_kg": v} if mass_kg else {"mass_fraction": v}),  # type: ignore[arg-type]
                        monitored_mass_kg=claims.get(m))
        for m, v in grades.items()
    ]
    return LotContent(lot=lot, product=product, tag_id=tag, net_mass_kg=net_mass_kg, materials=materials)


def kg(lot: str, mass: float) -> QuantityElement:
    return QuantityElement(epc_class=lot, quantity=mass, uom="KGM")


def each(lot: str, count: float) -> QuantityElement:
    return QuantityElement(epc_class=lot, quantity=count, uom="EA")


def commission(event_id: str, when: datetime, site: str, lots: Iterable[tuple[str, float, LotContent]], *,
               recorder: str | None = None, biz_step: str = "commissioning") -> ObjectEvent:
    """Lots come into being at a site: bags filled and tagged at a mine, or untraced material bought in."""
    lots = list(lots)
    return ObjectEvent(action="ADD", quantity_list=[kg(lot, mass) for lot, mass, _c in lots],
                       ilmd=Ilmd(lot_content=[c for _l, _m, c in lots]),
                       **_common(event_id, when, site, biz_step, recorder, "active"))


def observe(event_id: str, when: datetime, site: str, lots: Iterable[tuple[str, float]], *,
            recorder: str | None = None, biz_step: str = "inspecting") -> ObjectEvent:
    """A weighing or inspection of lots."""
    return ObjectEvent(action="OBSERVE", quantity_list=[kg(lot, mass) for lot, mass in lots],
                       **_common(event_id, when, site, biz_step, recorder))


def ship(event_id: str, when: datetime, lots: Iterable[tuple[str, float]], *, source: str, destination: str,
         transaction: str, site: str | None = None, recorder: str | None = None,
         biz_step: str = "shipping") -> TransactionEvent:
    """Lots change hands: custody passes from `source` to `destination` (owning parties)."""
    return TransactionEvent(
        action="ADD", quantity_list=[kg(lot, mass) for lot, mass in lots],
        biz_transaction_list=[BizTransaction(type="desadv", biz_transaction=transaction)],
        source_list=[SourceDestination(type="owning_party", source=source)],
        destination_list=[SourceDestination(type="owning_party", destination=destination)],
        **_common(event_id, when, site, biz_step, recorder, "in_transit"))


def transform(event_id: str, when: datetime, site: str, inputs: Iterable[QuantityElement],
              outputs: Iterable[tuple[QuantityElement, LotContent]], *, model: str | None = None,
              declared_yield: Mapping[str, float] | None = None, recorder: str | None = None,
              biz_step: str = "commissioning") -> TransformationEvent:
    """Inputs consumed, outputs made (refining, synthesis, cell making)."""
    outputs = list(outputs)
    return TransformationEvent(
        input_quantity_list=list(inputs), output_quantity_list=[q for q, _c in outputs],
        ilmd=Ilmd(lot_content=[c for _q, c in outputs]), chain_of_custody=model,  # type: ignore[arg-type]
        declared_yield=[DeclaredYield(material=m, yield_=y) for m, y in (declared_yield or {}).items()],  # type: ignore[arg-type]
        **_common(event_id, when, site, biz_step, recorder, "active"))


def aggregate(event_id: str, when: datetime, site: str, parent: str, children: Iterable[tuple[str, float]], *,
              model: str | None = None, recorder: str | None = None) -> AggregationEvent:
    """Lots packed into a parent (bags into a container); the parent carries their mass and materials."""
    return AggregationEvent(action="ADD", parent_id=parent,
                            child_quantity_list=[kg(lot, mass) for lot, mass in children],
                            chain_of_custody=model,  # type: ignore[arg-type]
                            **_common(event_id, when, site, "packing", recorder, "container_closed"))


def associate(event_id: str, when: datetime, site: str, parent: str, children: Iterable[QuantityElement], *,
              net_mass_kg: float, product: str | None = None, model: str | None = None,
              recorder: str | None = None) -> AssociationEvent:
    """Components assembled into a composite (cells into a battery pack)."""
    return AssociationEvent(action="ADD", parent_id=parent, child_quantity_list=list(children),
                            lot_content=[LotContent(lot=parent, product=product, net_mass_kg=net_mass_kg)],
                            chain_of_custody=model,  # type: ignore[arg-type]
                            **_common(event_id, when, site, "assembling", recorder, "active"))
