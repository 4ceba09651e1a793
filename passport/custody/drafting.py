"""Event drafts from what a person types or a spreadsheet holds: `LOT=KG[:MATERIAL=GRADE,...]` specs or a CSV of
lots, turned into EPCIS events (`passport.custody.compose`) and an unsigned UNTP DTE credential that
`passport sign` then signs (`passport custody event new`).

    lot spec   urn:epc:class:lgtin:9520003.0400001.RF-1=1250.5:Co=0.21,Ni=0.02
    CSV        columns lot, kg, and optionally role (input|output|child), product, and one column per material
               grade (Co, Ni, Li, ...); one row per lot
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import ValidationError

from passport.custody import compose
from passport.custody.credential import event_credential
from passport.custody.vocab import MATERIALS
from passport.errors import InputError

EventType = Literal["object", "aggregation", "transformation", "transaction"]
_BASE = ("lot", "kg", "role", "product")


@dataclass(frozen=True)
class LotSpec:
    lot: str
    kg: float
    grades: dict[str, float] = field(default_factory=dict)
    role: str | None = None
    product: str | None = None


def parse_lot_spec(text: str, *, field_name: str) -> LotSpec:
    """`LOT=KG[:MATERIAL=GRADE,...]`; the lot id may itself hold ':' (URNs), so the mass is after its last '='."""
    head, _, rest = text.partition("=")
    mass_text, _, grades_text = rest.partition(":")
    lot = head.strip()
    grades: dict[str, float] = {}
    try:
        kg = float(mass_text)
        for item in filter(None, grades_text.split(",")):
            material, _, grade = item.partition("=")
            grades[material.strip()] = float(grade)
    except ValueError as exc:
        raise InputError("a lot is LOT=KG[:MATERIAL=GRADE,...], e.g. urn:epc:class:lgtin:1.2.3=100:Co=0.2",
                         code="INVALID_LOT_SPEC", details={"field": field_name}) from exc
    _check(lot, kg, grades, field_name)
    return LotSpec(lot=lot, kg=kg, grades=grades)


def _check(lot: str, kg: float, grades: dict[str, float], where: str) -> None:
    if ":" not in lot:
        raise InputError("a lot id is a URI (urn:epc:class:lgtin:..., https://id.gs1.org/...)",
                         code="INVALID_LOT_SPEC", details={"field": where})
    if not kg > 0:
        raise InputError("a lot's mass is a positive number of kg", code="INVALID_LOT_SPEC", details={"field": where})
    for material, grade in grades.items():
        if material not in MATERIALS or not 0 <= grade <= 1:
            raise InputError(f"grades are fractions 0..1 of known materials ({', '.join(sorted(MATERIALS))})",
                             code="INVALID_LOT_SPEC", details={"field": where, "material": material})


def read_lots_csv(text: str, *, source: str) -> list[LotSpec]:
    """Every row of a lots CSV; all problems are named (file, row, column) before anything is returned."""
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    if "lot" not in columns or "kg" not in columns:
        raise InputError("a lots CSV needs the columns lot and kg", code="INVALID_LOTS_CSV",
                         details={"file": source, "columns": columns})
    unknown = [c for c in columns if c not in _BASE and c not in MATERIALS]
    if unknown:
        raise InputError("unknown columns (use lot, kg, role, product and material codes)", code="INVALID_LOTS_CSV",
                         details={"file": source, "columns": unknown})
    lots, problems = [], []
    for number, row in enumerate(reader, start=2):
        try:
            grades = {m: float(row[m]) for m in columns if m in MATERIALS and (row.get(m) or "").strip()}
            kg = float(row["kg"])
            _check(row["lot"].strip(), kg, grades, f"row {number}")
            role = (row.get("role") or "").strip() or None
            if role not in (None, "input", "output", "child"):
                raise InputError("role is input, output or child", code="INVALID_LOTS_CSV")
            lots.append(LotSpec(lot=row["lot"].strip(), kg=kg, grades=grades, role=role,
                                product=(row.get("product") or "").strip() or None))
        except (InputError, ValueError, TypeError) as exc:
            problems.append({"row": number, "reason": getattr(exc, "message", "not a number")})
    if problems:
        raise InputError(f"{len(problems)} bad row(s) in the lots CSV", code="INVALID_LOTS_CSV",
                         details={"file": source, "row": problems[0]["row"], "problems": problems})
    return lots


@dataclass(frozen=True)
class EventDraft:
    type: EventType
    site: str | None
    when: datetime
    lots: list[LotSpec] = field(default_factory=list)
    outputs: list[LotSpec] = field(default_factory=list)
    action: Literal["add", "observe"] = "add"
    parent: str | None = None
    source: str | None = None
    destination: str | None = None
    transaction: str | None = None
    model: str | None = None
    recorder: str | None = None
    event_id: str | None = None


def _need(value: Any, option: str, event_type: str) -> Any:
    if value in (None, [], ""):
        raise InputError(f"a {event_type} event needs {option}", code="INVALID_EVENT_DRAFT",
                         details={"option": option})
    return value


def _content(spec: LotSpec) -> Any:
    return compose.content(spec.lot, spec.grades, product=spec.product)


def build_event(draft: EventDraft) -> Any:
    """The EPCIS event a draft describes (validated by the event models)."""
    event_id = draft.event_id or f"urn:uuid:{uuid.uuid4()}"
    t = draft.type
    inputs = [s for s in draft.lots if s.role in (None, "input", "child")]
    if t == "object":
        site = _need(draft.site, "--site", t)
        lots = _need(inputs, "--lot", t)
        if draft.action == "observe":
            return compose.observe(event_id, draft.when, site, [(s.lot, s.kg) for s in lots], recorder=draft.recorder)
        return compose.commission(event_id, draft.when, site, [(s.lot, s.kg, _content(s)) for s in lots],
                                  recorder=draft.recorder)
    if t == "aggregation":
        return compose.aggregate(event_id, draft.when, _need(draft.site, "--site", t), _need(draft.parent, "--parent", t),
                                 [(s.lot, s.kg) for s in _need(inputs, "--lot", t)], model=draft.model,
                                 recorder=draft.recorder)
    if t == "transformation":
        outputs = draft.outputs + [s for s in draft.lots if s.role == "output"]
        return compose.transform(event_id, draft.when, _need(draft.site, "--site", t),
                                 [compose.kg(s.lot, s.kg) for s in _need(inputs, "--input", t)],
                                 [(compose.kg(s.lot, s.kg), _content(s)) for s in _need(outputs, "--output", t)],
                                 model=draft.model, recorder=draft.recorder)
    return compose.ship(event_id, draft.when, [(s.lot, s.kg) for s in _need(inputs, "--lot", t)],
                        source=_need(draft.source, "--source", t), destination=_need(draft.destination, "--destination", t),
                        transaction=draft.transaction or f"urn:uuid:{uuid.uuid4()}", site=draft.site,
                        recorder=draft.recorder)


def draft_credential(drafts: list[EventDraft], *, issuer: str, issuer_name: str | None) -> dict[str, Any]:
    """The unsigned UNTP DTE credential carrying the drafted events (sign it with `passport sign`)."""
    try:
        events = [build_event(d) for d in drafts]
    except ValidationError as exc:
        problems = [{"pointer": "/" + "/".join(str(p) for p in e["loc"]), "message": e["msg"]}
                    for e in exc.errors(include_input=False)]
        raise InputError("the event is not valid EPCIS", code="INVALID_EVENT_DRAFT",
                         details={"problems": problems}) from exc
    return event_credential(events, issuer=issuer, issuer_name=issuer_name)
