"""Hypothesis strategies for random valid passports, generated from the pydantic models themselves.

Each model becomes a `fixed_dictionaries` strategy over its JSON names (optional fields may be absent);
scalar strategies follow the field's type and constraints. Cross-field rules that a per-field generator
cannot know (voltage order, four life-cycle stages, shares <= 100 %) are restored by small fix-ups per model.
"""

from __future__ import annotations

import string
import types
import typing
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import annotated_types as at
from hypothesis import strategies as st
from pydantic import AfterValidator, AnyUrl, BaseModel, StringConstraints

from passport.model.carbon import CarbonFootprint, LifeCycleStage
from passport.model.circularity import Circularity, RecycledContent
from passport.model.composition import ComponentComposition, MaterialComposition, REQUIRED_COMPONENTS
from passport.model.due_diligence import IndexResult, SupplyChainDueDiligence
from passport.model.general import GeneralProductInformation
from passport.model.passport import Passport
from passport.model.performance import PerformanceAndDurability, TemperatureRange

VALID_CAS = ("7440-48-4", "7440-02-0", "7439-93-2", "7782-42-5", "21324-40-3", "96-49-1", "15365-14-7", "50-00-0")
TEXT = st.text(alphabet=string.ascii_letters + string.digits + " -.,()", min_size=1, max_size=24).map(str.strip).filter(bool)
URLS = st.builds(lambda host, path: f"https://{host}.example/{path}",
                 st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
                 st.text(alphabet=string.ascii_lowercase + string.digits, max_size=10))
DECIMAL_PLACES = 4
DEFAULT_MAX = Decimal(10**6)


def _decimal(constraints: list[Any]) -> st.SearchStrategy[Decimal]:
    low, high = Decimal(-DEFAULT_MAX), DEFAULT_MAX
    step = Decimal(1).scaleb(-DECIMAL_PLACES)
    for c in constraints:
        if isinstance(c, at.Ge):
            low = max(low, Decimal(str(c.ge)))
        elif isinstance(c, at.Gt):
            low = max(low, Decimal(str(c.gt)) + step)
        elif isinstance(c, at.Le):
            high = min(high, Decimal(str(c.le)))
    return st.decimals(min_value=low, max_value=high, places=DECIMAL_PLACES, allow_nan=False, allow_infinity=False)


def _integer(constraints: list[Any]) -> st.SearchStrategy[int]:
    low = next((c.ge for c in constraints if isinstance(c, at.Ge)), 0)
    high = next((c.le for c in constraints if isinstance(c, at.Le)), 100_000)
    return st.integers(min_value=low, max_value=high)


def _string(constraints: list[Any]) -> st.SearchStrategy[str]:
    for c in constraints:
        if isinstance(c, AfterValidator):
            return st.sampled_from(VALID_CAS)
        if isinstance(c, StringConstraints) and c.pattern:
            return st.from_regex(c.pattern, fullmatch=True).filter(lambda s: s == s.strip())
    return TEXT


def _flatten(annotation: Any, constraints: list[Any]) -> tuple[Any, list[Any]]:
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            constraints = [*constraints, *extra]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, constraints


def value_strategy(annotation: Any, constraints: list[Any]) -> st.SearchStrategy[Any]:
    """A strategy for one field value."""
    annotation, constraints = _flatten(annotation, constraints)
    if typing.get_origin(annotation) is list:
        item = value_strategy(typing.get_args(annotation)[0], [])
        low = next((c.min_length for c in constraints if isinstance(c, at.MinLen)), 0)
        high = next((c.max_length for c in constraints if isinstance(c, at.MaxLen)), 2)
        return st.lists(item, min_size=low, max_size=max(low, min(high, 2)))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return model_strategy(annotation)
        if issubclass(annotation, Enum):
            return st.sampled_from([member.value for member in annotation])
        if issubclass(annotation, bool):
            return st.booleans()
        if issubclass(annotation, int):
            return _integer(constraints)
        if issubclass(annotation, Decimal):
            return _decimal(constraints)
        if issubclass(annotation, datetime):
            return st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
        if issubclass(annotation, date):
            return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
        if issubclass(annotation, AnyUrl):
            return URLS
        if issubclass(annotation, str):
            return _string(constraints)
    raise TypeError(f"no strategy for {annotation!r}")


def _fix_general(d: dict) -> dict:
    if "batchNumber" not in d and "serialNumber" not in d:
        d["serialNumber"] = "SN-1"
    return d


def _fix_component(d: dict) -> dict:
    share = (Decimal(100) / len(d["materials"])).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    for material in d["materials"]:
        material["massFractionPercent"] = min(material["massFractionPercent"], share)
    return d


def _fix_composition(d: dict) -> dict:
    parts = d["detailedComposition"]
    for required in sorted(REQUIRED_COMPONENTS - {p["component"] for p in parts}):
        parts.append({"component": required.value, "materials": [{"materialName": "x", "massFractionPercent": Decimal(1)}]})
    return d


def _fix_carbon(d: dict) -> dict:
    for stage, entry in zip(LifeCycleStage, d["lifeCycleStages"], strict=True):
        entry["lifeCycleStage"] = stage.value
    total = sum(entry["kgCo2ePerKwh"] for entry in d["lifeCycleStages"])
    if total <= 0:
        d["lifeCycleStages"][0]["kgCo2ePerKwh"] += 1 - total
        total = Decimal(1)
    d["totalKgCo2ePerKwh"] = total
    return d


def _fix_index(d: dict) -> dict:
    d["indicatorsMet"] = min(d["indicatorsMet"], d["indicatorsApplicable"])
    # a score is given exactly when the coverage reaches the rulebook's minimum (when one is stated)
    minimum = d.get("minimumCoveragePercent")
    below = minimum is not None and Decimal(str(d["coveragePercent"])) < Decimal(str(minimum))
    if below:
        d.pop("score", None)
    elif d.get("score") is None:
        d["score"] = "50"
    return d


def _fix_due_diligence(d: dict) -> dict:
    if "chainOfCustody" in d:
        d["chainOfCustody"] = list({entry["material"]: entry for entry in d["chainOfCustody"]}.values())
    return d


def _fix_recycled(d: dict) -> dict:
    d["postConsumerSharePercent"] = min(d["postConsumerSharePercent"], 100 - d["preConsumerSharePercent"])
    return d


def _fix_circularity(d: dict) -> dict:
    if "recycledContent" in d:
        d["recycledContent"] = list({entry["material"]: entry for entry in d["recycledContent"]}.values())
    return d


def _fix_range(d: dict) -> dict:
    if d["lowerCelsius"] >= d["upperCelsius"]:
        d["upperCelsius"] = d["lowerCelsius"] + 1
    return d


def _fix_performance(d: dict) -> dict:
    keys = ("minimumVoltageV", "nominalVoltageV", "maximumVoltageV")
    for key, value in zip(keys, sorted(d[key] for key in keys), strict=True):
        d[key] = value
    return d


def _fix_passport(d: dict) -> dict:
    if "carbonFootprint" not in d and d["generalProductInformation"]["batteryCategory"] == "ev":
        d["generalProductInformation"]["batteryCategory"] = "industrial"
    return d


FIXUPS = {
    GeneralProductInformation: _fix_general, ComponentComposition: _fix_component, MaterialComposition: _fix_composition,
    CarbonFootprint: _fix_carbon, IndexResult: _fix_index, SupplyChainDueDiligence: _fix_due_diligence,
    RecycledContent: _fix_recycled, Circularity: _fix_circularity,
    TemperatureRange: _fix_range, PerformanceAndDurability: _fix_performance, Passport: _fix_passport,
}


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Dicts (JSON names, Python scalar values) that `model.model_validate` accepts."""
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        strategy = value_strategy(info.annotation, list(info.metadata))
        (required if info.is_required() else optional)[info.alias or name] = strategy
    fixup = FIXUPS.get(model, lambda d: d)
    return st.fixed_dictionaries(required, optional=optional).map(fixup)


passports = model_strategy(Passport).map(Passport.model_validate)
