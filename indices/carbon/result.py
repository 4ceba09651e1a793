"""The footprint result: frozen, carrying its breakdown trees, the tables it used and what it refused.

`recompute(result)` re-derives every computed node from its leaves, checks that the totals, the per-kWh
figures and the performance class follow from them, and answers True only if all agree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from indices.carbon.breakdown import Node, check, close
from indices.carbon.factors import ClassTable
from passport.model.carbon import LifeCycleStage


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_alias=True, validate_by_name=True,
                              serialize_by_alias=True, extra="forbid", frozen=True)


class StageResult(_Model):
    life_cycle_stage: LifeCycleStage
    kg_co2e: Node = Field(alias="kgCo2e", description="The stage's emissions for one battery.")
    kg_co2e_per_kwh: Node = Field(alias="kgCo2ePerKwh", description="kg_co2e ÷ lifetime energy.")


class AllocationUsed(_Model):
    line: str = Field(description="Bill-of-materials line id.")
    method: str = Field(description="economic or mass.")
    price_ratio: float = Field(description="Highest over lowest 10-year average price of the outputs.")


class SupplierFootprintUsed(_Model):
    pointer: str
    digest_sri: str = Field(description="sha384 SRI of the credential's RFC 8785 bytes.")
    issuer: str
    line: str
    product: str
    kg_co2e_per_kg: float = Field(alias="kgCo2ePerKg")
    share: float = Field(description="Share of the line's traced material that came through the named lots.")
    lots: tuple[str, ...]
    reporting_period: str


class SupplierFootprintRejected(_Model):
    pointer: str
    digest_sri: str | None
    code: str
    reason: str


class Finding(_Model):
    code: str
    message: str
    pointer: str | None = None


class FactorTableUsed(_Model):
    id: str
    version: str
    kind: str
    title: str
    licence: str
    url: str


class CarbonResult(_Model):
    """The carbon footprint of one battery with every number's inputs and formula."""

    battery_id: str
    battery_category: str
    functional_unit: str = Field(description="What one unit of the footprint is per.")
    functional_unit_formula: str = Field(description="How the lifetime energy was obtained.")
    lifetime_energy_kwh: Node
    stages: tuple[StageResult, ...] = Field(min_length=4, max_length=4)
    total_kg_co2e: Node = Field(alias="totalKgCo2e", description="Absolute footprint of one battery: the sum of the stages.")
    total_kg_co2e_per_kwh: Node = Field(alias="totalKgCo2ePerKwh", description="total_kg_co2e ÷ lifetime energy.")
    performance_class: str | None
    class_table: ClassTable = Field(description="The class table used (embedded so the class can be re-derived).")
    primary_data_share: Node = Field(description="Emissions computed from primary data ÷ total emissions.")
    data_quality_rating: Node = Field(description="Emission-weighted data-quality rating (1 best, 5 worst).")
    data_quality_level: str
    end_of_life_approach: str
    allocations: tuple[AllocationUsed, ...] = ()
    supplier_footprints: tuple[SupplierFootprintUsed, ...] = ()
    rejected_supplier_footprints: tuple[SupplierFootprintRejected, ...] = ()
    findings: tuple[Finding, ...] = ()
    factor_tables: tuple[FactorTableUsed, ...] = ()
    factors_used: tuple[str, ...] = Field(default=(), description="Every factor cited, as factor:<table>@<v>#<key>.")

    def stage(self, stage: LifeCycleStage) -> StageResult:
        return next(s for s in self.stages if s.life_cycle_stage == stage)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


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
