"""The footprint result: frozen, carrying its breakdown trees, the tables it used and what it refused.

`recompute(result)` re-derives every computed node from its leaves, checks that the totals, the per-kWh
figures and the performance class follow from them, and answers True only if all agree.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, with_config
from pydantic.fields import FieldInfo
from pydantic.alias_generators import to_camel

from indices.carbon.breakdown import Node, check, close
from indices.carbon.factors import ClassTable
from passport.model.carbon import LifeCycleStage


_CONFIG = ConfigDict(alias_generator=to_camel, validate_by_alias=True, validate_by_name=True,
                     serialize_by_alias=True, extra="forbid")


def _f(description: str, **kw: Any) -> Any:
    return Field(description=description, **kw)


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class StageResult:
    life_cycle_stage: LifeCycleStage
    kg_co2e: Annotated[Node, _f("The stage's emissions for one battery.", alias="kgCo2e")]
    kg_co2e_per_kwh: Annotated[Node, _f("kgCo2e ÷ lifetime energy.", alias="kgCo2ePerKwh")]


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class AllocationUsed:
    line: Annotated[str, _f("Bill-of-materials line id.")]
    method: Annotated[str, _f("economic or mass.")]
    price_ratio: Annotated[float, _f("Highest over lowest 10-year average price of the outputs.")]


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class SupplierFootprintUsed:
    pointer: str
    digest_sri: Annotated[str, _f("sha384 SRI of the credential's RFC 8785 bytes.", alias="digestSRI")]
    issuer: str
    line: str
    product: str
    kg_co2e_per_kg: Annotated[float, Field(alias="kgCo2ePerKg")]
    share: Annotated[float, _f("Share of the line's traced material that came through the named lots.")]
    lots: tuple[str, ...]
    reporting_period: str


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class SupplierFootprintRejected:
    pointer: str
    digest_sri: Annotated[str | None, Field(alias="digestSRI")]
    code: str
    reason: str


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    pointer: str | None = None


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class FactorTableUsed:
    id: str
    version: str
    kind: str
    title: str
    licence: str
    url: str


@with_config(_CONFIG)
@dataclass(frozen=True, slots=True)
class CarbonResult:
    """The carbon footprint of one battery with every number's inputs and formula."""

    battery_id: str
    battery_category: str
    functional_unit: Annotated[str, _f("What one unit of the footprint is per.")]
    functional_unit_formula: Annotated[str, _f("How the lifetime energy was obtained.")]
    lifetime_energy_kwh: Node
    stages: Annotated[tuple[StageResult, ...], _f("The four life-cycle stages of Annex II(4).",
                                                   min_length=4, max_length=4)]
    total_kg_co2e: Annotated[Node, _f("Absolute footprint of one battery: the sum of the stages.",
                                      alias="totalKgCo2e")]
    total_kg_co2e_per_kwh: Annotated[Node, _f("totalKgCo2e ÷ lifetime energy.", alias="totalKgCo2ePerKwh")]
    performance_class: str | None
    class_table: Annotated[ClassTable, _f("The class table used (embedded so the class can be re-derived).")]
    primary_data_share: Annotated[Node, _f("Emissions computed from primary data ÷ total emissions.")]
    data_quality_rating: Annotated[Node, _f("Emission-weighted data-quality rating (1 best, 5 worst).")]
    data_quality_level: str
    end_of_life_approach: str
    allocations: tuple[AllocationUsed, ...] = ()
    supplier_footprints: tuple[SupplierFootprintUsed, ...] = ()
    rejected_supplier_footprints: tuple[SupplierFootprintRejected, ...] = ()
    findings: tuple[Finding, ...] = ()
    factor_tables: tuple[FactorTableUsed, ...] = ()
    factors_used: Annotated[tuple[str, ...], _f("Every factor cited, as factor:<table>@<version>#<key>.")] = ()

    def stage(self, stage: LifeCycleStage) -> StageResult:
        return next(s for s in self.stages if s.life_cycle_stage == stage)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data (camelCase names), as the CLI prints and `from_json` reads; equal to
        `result_adapter().dump_python(result, mode="json")` (a test holds them together), about ten times faster."""
        return _plain(self)

    @staticmethod
    def from_json(data: Any) -> CarbonResult:
        """Validate stored result data (raises pydantic.ValidationError)."""
        return result_adapter().validate_python(data)


@lru_cache(maxsize=None)
def _aliases(cls: type) -> tuple[tuple[str, str], ...]:
    hints = get_type_hints(cls, include_extras=True)
    out = []
    for f in fields(cls):
        alias = next((m.alias for m in getattr(hints[f.name], "__metadata__", ()) if isinstance(m, FieldInfo)
                      and m.alias), None)
        out.append((f.name, alias or to_camel(f.name)))
    return tuple(out)


def _plain(value: Any) -> Any:
    if isinstance(value, Node):
        return {"name": value.name, "value": value.value, "unit": value.unit, "formula": value.formula,
                "source": value.source, "inputs": [_plain(v) for v in value.inputs]}
    if isinstance(value, (str, int, float)) or value is None:
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if is_dataclass(value):
        return {alias: _plain(getattr(value, name)) for name, alias in _aliases(type(value))}
    raise TypeError(f"cannot serialise {type(value).__name__}")


@lru_cache(maxsize=1)
def result_adapter() -> TypeAdapter[CarbonResult]:
    return TypeAdapter(CarbonResult)


def problems(result: CarbonResult) -> list[str]:
    """Where a result does not follow from its own leaves (empty when it recomputes)."""
    bad: list[str] = []
    trees: dict[str, Node] = {"/lifetimeEnergyKwh": result.lifetime_energy_kwh, "/totalKgCo2e": result.total_kg_co2e,
                              "/totalKgCo2ePerKwh": result.total_kg_co2e_per_kwh,
                              "/primaryDataShare": result.primary_data_share,
                              "/dataQualityRating": result.data_quality_rating}
    for i, stage in enumerate(result.stages):
        trees[f"/stages/{i}/kgCo2e"] = stage.kg_co2e
        trees[f"/stages/{i}/kgCo2ePerKwh"] = stage.kg_co2e_per_kwh
    for where, node in trees.items():
        bad += [where + p if p != "/" else where for p in check(node)]
    if sorted(s.life_cycle_stage for s in result.stages) != sorted(LifeCycleStage):
        bad.append("/stages")
    if result.total_kg_co2e.inputs != tuple(s.kg_co2e for s in result.stages):
        bad.append("/totalKgCo2e/inputs")
    energy = result.lifetime_energy_kwh
    for i, stage in enumerate(result.stages):
        if stage.kg_co2e_per_kwh.inputs != (stage.kg_co2e, energy) or stage.kg_co2e_per_kwh.formula != "quotient":
            bad.append(f"/stages/{i}/kgCo2ePerKwh/inputs")
    per_kwh = result.total_kg_co2e_per_kwh
    if per_kwh.inputs != (result.total_kg_co2e, energy) or per_kwh.formula != "quotient":
        bad.append("/totalKgCo2ePerKwh/inputs")
    if result.primary_data_share.inputs[1:] != (result.total_kg_co2e,):
        bad.append("/primaryDataShare/inputs/1")
    if result.class_table.classify(result.battery_category, per_kwh.value) != result.performance_class:
        bad.append("/performanceClass")
    if not close(sum(s.kg_co2e.value for s in result.stages), result.total_kg_co2e.value):
        bad.append("/totalKgCo2e")
    return bad


def recompute(result: CarbonResult) -> bool:
    """True when every number of `result` follows from its leaves and the class from its class table."""
    return not problems(result)
