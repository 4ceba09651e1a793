"""Compute a battery's carbon footprint from its input: a pure function from data to a frozen result.

    evidence = accept_supplier_footprints(inp, links)        # signatures and custody links, once per input
    result = compute_footprint(inp, evidence)                # the arithmetic, with its breakdown
    footprint(inp, links=...)                                # both

Primary data: supplier-specific footprints with a proven link and main-production activity data; everything
else is secondary. The data-quality rating is the emission-weighted mean of each contribution's rating.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from indices.carbon.breakdown import Node, product, quotient, total
from indices.carbon.factors import ClassTable, FactorSet, default_classes, default_factors
from indices.carbon.functional_unit import FUNCTIONAL_UNIT, lifetime_energy
from indices.carbon.inputs import SUPPLIER_MANDATORY, CarbonInput
from indices.carbon.links import CustodyLinks
from indices.carbon.result import (
    AllocationUsed,
    CarbonResult,
    FactorTableUsed,
    Finding,
    StageResult,
    SupplierFootprintRejected,
    SupplierFootprintUsed,
)
from indices.carbon.stages import (
    Contribution,
    StageBuild,
    distribution,
    end_of_life,
    main_product_production,
    raw_material_acquisition,
)
from indices.carbon.supplier import SupplierEvidence, Verifier, accept_supplier_footprints, default_verifier
from indices.gc_pause import paused_gc
from passport.model.carbon import LifeCycleStage

#: PEF data-quality levels by rating (upper bounds, inclusive).
DQR_LEVELS = ((1.5, "excellent"), (2.0, "very good"), (3.0, "good"), (4.0, "fair"), (5.0, "poor"))
NO_EVIDENCE = SupplierEvidence()


def quality_level(rating: float) -> str:
    return next((label for bound, label in DQR_LEVELS if rating <= bound), "poor")


def _quality(contributions: Iterable[Contribution], total_kg: Node) -> tuple[Node, Node]:
    items = list(contributions)
    primary = total("emissions from primary data", "kg CO2e", [c.primary for c in items if c.primary is not None])
    weighted = total("rating-weighted emissions", "kg CO2e·DQR",
                     [product(f"{c.emissions.name} × rating", "kg CO2e·DQR", c.emissions, c.rating) for c in items])
    return (quotient("primary data share", "1", primary, total_kg),
            quotient("data quality rating", "DQR", weighted, total_kg))


def _findings(inp: CarbonInput, evidence: SupplierEvidence, factors: FactorSet, refs: frozenset[str],
              classes: ClassTable) -> list[Finding]:
    findings = []
    for i, line in enumerate(inp.bill_of_materials):
        if line.category not in SUPPLIER_MANDATORY or line.mass_kg == 0:
            continue
        covered = sum(a.share for a in evidence.by_line.get(line.id, ()))
        if covered < 1.0 - 1e-9:
            findings.append(Finding(
                code="SUPPLIER_DATA_MISSING", pointer=f"/billOfMaterials/{i}",
                message=f"{(1 - covered) * 100:.1f} % of line '{line.id}' ({line.category.value}) has no linked "
                        "supplier-specific footprint, which the GBA GHG Rulebook requires; its secondary factor "
                        "was used"))
    illustrative = factors.memo(("illustrative", refs), lambda: sum(
        1 for ref in refs if factors.by_ref(ref).status == "illustrative"))
    if illustrative:
        findings.append(Finding(code="ILLUSTRATIVE_FACTORS",
                                message=f"{illustrative} illustrative emission factors were used; replace "
                                        "them with EF-compliant data before declaring"))
    if "illustrative" in classes.id or "ILLUSTRATIVE" in classes.title:
        findings.append(Finding(code="ILLUSTRATIVE_CLASSES",
                                message="the performance class comes from an illustrative table, not the "
                                        "delegated act's"))
    return findings


def _tables_used(factors: FactorSet, refs: frozenset[str]) -> tuple[FactorTableUsed, ...]:
    def build() -> tuple[FactorTableUsed, ...]:
        used = {factors.by_ref(ref).table for ref in refs}
        return tuple(FactorTableUsed(**t) for t in factors.cited() if f"{t['id']}@{t['version']}" in used)
    return factors.memo(("tables", refs), build)


def compute_footprint(inp: CarbonInput, evidence: SupplierEvidence = NO_EVIDENCE, *,
                      factors: FactorSet | None = None, classes: ClassTable | None = None) -> CarbonResult:
    """The footprint of one battery. Raises InputError (naming the pointer) for an unknown factor key."""
    factors = factors or default_factors()
    classes = classes or default_classes()
    energy, formula = lifetime_energy(inp.functional_unit)
    builds: list[tuple[LifeCycleStage, StageBuild]] = [
        (LifeCycleStage.RAW_MATERIAL_ACQUISITION, raw_material_acquisition(inp, evidence, factors)),
        (LifeCycleStage.MAIN_PRODUCT_PRODUCTION, main_product_production(inp, factors)),
        (LifeCycleStage.DISTRIBUTION, distribution(inp, factors)),
        (LifeCycleStage.END_OF_LIFE, end_of_life(inp, factors)),
    ]
    nodes = [(stage, cast(Node, build.node)) for stage, build in builds]   # every builder sets its node
    stages = tuple(StageResult(life_cycle_stage=stage, kg_co2e=node,
                               kg_co2e_per_kwh=quotient(f"{node.name} per kWh", "kg CO2e/kWh", node, energy))
                   for stage, node in nodes)
    total_kg = total("absolute footprint", "kg CO2e", [s.kg_co2e for s in stages])
    per_kwh = quotient("footprint per kWh", "kg CO2e/kWh", total_kg, energy)
    primary_share, rating = _quality((c for _, b in builds for c in b.contributions), total_kg)
    refs = frozenset().union(*(b.factor_refs for _, b in builds))
    return CarbonResult(
        battery_id=inp.battery.id, battery_category=inp.battery.category, functional_unit=FUNCTIONAL_UNIT,
        functional_unit_formula=formula, lifetime_energy_kwh=energy, stages=stages, total_kg_co2e=total_kg,
        total_kg_co2e_per_kwh=per_kwh, performance_class=classes.classify(inp.battery.category, per_kwh.value),
        class_table=classes, primary_data_share=primary_share, data_quality_rating=rating,
        data_quality_level=quality_level(rating.value), end_of_life_approach=inp.end_of_life.approach,
        allocations=tuple(AllocationUsed(line=line, method=a.method, price_ratio=a.price_ratio)
                          for _, b in builds for line, a in b.allocations),
        supplier_footprints=tuple(SupplierFootprintUsed(
            pointer=a.pointer, digest_sri=a.digest, issuer=a.issuer, line=a.line, product=a.product,
            kg_co2e_per_kg=a.kg_co2e_per_kg, share=a.share, lots=a.lots, reporting_period=a.reporting_period)
            for a in evidence.accepted),
        rejected_supplier_footprints=tuple(SupplierFootprintRejected(
            pointer=r.pointer, digest_sri=r.digest, code=r.code, reason=r.reason) for r in evidence.rejected),
        findings=tuple(_findings(inp, evidence, factors, refs, classes)),
        factor_tables=_tables_used(factors, refs),
        factors_used=factors.memo(("sorted", refs), lambda: tuple(sorted(refs))),
    )


def compute_batch(items: Iterable[tuple[CarbonInput, SupplierEvidence]], *, factors: FactorSet | None = None,
                  classes: ClassTable | None = None) -> list[CarbonResult]:
    """Footprints of many batteries whose evidence was checked at loading.

    Breakdown trees are acyclic, so the cyclic garbage collector is paused for the batch: with thousands of
    retained results it would otherwise rescan all of them every few hundred allocations (measured: about
    three times slower at 10,000 batteries)."""
    factors = factors or default_factors()
    classes = classes or default_classes()
    with paused_gc():
        return [compute_footprint(inp, evidence, factors=factors, classes=classes) for inp, evidence in items]


def footprint(inp: CarbonInput, *, links: CustodyLinks | None = None, factors: FactorSet | None = None,
              classes: ClassTable | None = None, verifier: Verifier = default_verifier) -> CarbonResult:
    """Check the supplier credentials against the custody links, then compute."""
    evidence = accept_supplier_footprints(inp, links, verifier=verifier) if inp.supplier_footprints else NO_EVIDENCE
    return compute_footprint(inp, evidence, factors=factors, classes=classes)
