"""The four life-cycle stages of Annex II(4) as breakdown trees (the use stage is excluded).

Each builder returns the stage's node in kg CO2e per battery plus the nodes a quality summary needs: for every
contribution, its emissions, the part of them from primary data, and its data-quality rating.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indices.carbon.allocation import Allocation, allocate
from indices.carbon.breakdown import Node, difference, leaf, product, quotient, total
from indices.carbon.factors import FactorSet
from indices.carbon.inputs import BomLine, CarbonInput, TransportLeg
from indices.carbon.supplier import SupplierEvidence

KG = "kg CO2e"
ONE = leaf("whole line", 1.0, "1", "constant")
KG_PER_TONNE = leaf("kg per tonne", 1000.0, "kg/t", "constant")
TWO = leaf("two ratings", 2.0, "1", "constant")


@dataclass(frozen=True)
class Contribution:
    """One contribution to a stage: its emissions, the primary-data part, and its data-quality rating."""

    emissions: Node
    primary: Node | None
    rating: Node


@dataclass
class StageBuild:
    """What a stage builder collects: the stage's node (set last) and what the summary needs."""

    node: Node | None = None
    contributions: list[Contribution] = field(default_factory=list)
    allocations: list[tuple[str, Allocation]] = field(default_factory=list)
    factor_refs: set[str] = field(default_factory=set)


def _rating(name: str, value: float, source: str) -> Node:
    return leaf(f"{name} data quality rating", value, "DQR", source)


def bom_line(line: BomLine, i: int, evidence: SupplierEvidence, factors: FactorSet,
             build: StageBuild) -> Node:
    """mass × effective factor, where effective = Σ share_i × supplier_i + (1 − Σ share_i) × secondary."""
    pointer = f"/billOfMaterials/{i}"
    mass = leaf(f"{line.id} mass", line.mass_kg, "kg", f"{pointer}/massKg")
    if line.process is not None:
        allocation = allocate(line.process, f"{pointer}/process")
        build.allocations.append((line.id, allocation))
        secondary = allocation.per_kg
        secondary_rating = _rating(line.id, line.process.data_quality_rating, f"{pointer}/process/dataQualityRating")
    else:
        factor = factors.resolve("material", line.factor or "", f"{pointer}/factor")
        build.factor_refs.add(factor.ref)
        secondary, secondary_rating = factor.node, factor.rating_node
    used = evidence.by_line.get(line.id, ())
    if not used:
        emissions = product(f"{line.id} emissions", KG, mass, secondary)
        build.contributions.append(Contribution(emissions, None, secondary_rating))
        return emissions
    parts: list[Node] = []
    shares: list[Node] = []
    for a in used:
        cite = f"credential:{a.digest}"
        share = leaf(f"{line.id} share of {a.issuer}", a.share, "1", f"custody:{a.pointer}/credentialSubject/lots")
        supplier = leaf(f"{line.id} supplier factor ({a.issuer})", a.kg_co2e_per_kg, "kg CO2e/kg", cite)
        shares.append(share)
        parts.append(product(f"{line.id} supplier-weighted factor ({a.issuer})", "kg CO2e/kg", share, supplier))
        part_emissions = product(f"{line.id} emissions from {a.issuer}", KG, mass, share, supplier)
        build.contributions.append(Contribution(part_emissions, part_emissions,
                                                _rating(f"{line.id} {a.issuer}", a.data_quality_rating, cite)))
    rest = difference(f"{line.id} share without supplier data", "1", ONE, *shares)
    rest_emissions = product(f"{line.id} emissions on secondary data", KG, mass, rest, secondary)
    build.contributions.append(Contribution(rest_emissions, None, secondary_rating))
    parts.append(product(f"{line.id} secondary-weighted factor", "kg CO2e/kg", rest, secondary))
    effective = total(f"{line.id} effective factor", "kg CO2e/kg", parts)
    return product(f"{line.id} emissions", KG, mass, effective)


def raw_material_acquisition(inp: CarbonInput, evidence: SupplierEvidence, factors: FactorSet) -> StageBuild:
    build = StageBuild()
    lines = [bom_line(line, i, evidence, factors, build) for i, line in enumerate(inp.bill_of_materials)]
    build.node = total("raw material acquisition and pre-processing", KG, lines)
    return build


def main_product_production(inp: CarbonInput, factors: FactorSet) -> StageBuild:
    """Primary activity data × factors: electricity by source, heat by fuel, process emissions × GWP."""
    build = StageBuild()
    mp = inp.main_production
    activity_rating = mp.data_quality_rating
    items: list[Node] = []

    def add(kind: str, key: str, key_field: str, amount: float, amount_field: str, unit: str, pointer: str,
            label: str) -> None:
        factor = factors.resolve(kind, key, f"{pointer}/{key_field}")
        build.factor_refs.add(factor.ref)
        amount_node = leaf(f"{label} amount", amount, unit, f"{pointer}/{amount_field}")
        emissions = product(f"{label} emissions", KG, amount_node,
                            factor.node)
        ratings = total(f"{label} ratings", "DQR", [
            leaf(f"{label} activity data quality rating", activity_rating, "DQR", "/mainProduction/dataQualityRating"),
            factor.rating_node])
        rating = quotient(f"{label} data quality rating", "DQR", ratings, TWO)
        build.contributions.append(Contribution(emissions, emissions, rating))
        items.append(emissions)

    for i, e in enumerate(mp.electricity):
        add("electricity", e.factor, "factor", e.kwh, "kwh", "kWh", f"/mainProduction/electricity/{i}",
            f"electricity {e.factor}")
    for i, h in enumerate(mp.heat):
        add("fuel", h.fuel, "fuel", h.mj, "mj", "MJ", f"/mainProduction/heat/{i}", f"heat {h.fuel}")
    for i, p in enumerate(mp.process_emissions):
        add("gas", p.gas, "gas", p.kg, "kg", "kg", f"/mainProduction/processEmissions/{i}", f"process {p.gas}")
    build.node = total("main product production", KG, items)
    return build


def _leg(leg: TransportLeg, pointer: str, battery_mass: Node, factors: FactorSet, build: StageBuild,
         label: str) -> Node:
    factor = factors.resolve("transport", leg.mode, f"{pointer}/mode")
    build.factor_refs.add(factor.ref)
    mass = battery_mass if leg.mass_kg is None else leaf(f"{label} mass", leg.mass_kg, "kg", f"{pointer}/massKg")
    tkm = quotient(f"{label} tonne-km", "tkm",
                   product(f"{label} kg-km", "kg·km", mass,
                           leaf(f"{label} distance", leg.distance_km, "km", f"{pointer}/distanceKm")), KG_PER_TONNE)
    emissions = product(f"{label} emissions", KG, tkm, factor.node)
    build.contributions.append(Contribution(emissions, None, factor.rating_node))
    return emissions


def distribution(inp: CarbonInput, factors: FactorSet) -> StageBuild:
    """Legs to the point of sale or vehicle assembly: mass (t) × distance (km) × factor per tkm."""
    build = StageBuild()
    mass = leaf("battery mass", inp.battery.mass_kg, "kg", "/battery/massKg")
    legs = [_leg(leg, f"/distribution/{i}", mass, factors, build, f"distribution leg {i} ({leg.mode})")
            for i, leg in enumerate(inp.distribution)]
    build.node = total("distribution", KG, legs)
    return build


def end_of_life(inp: CarbonInput, factors: FactorSet) -> StageBuild:
    """Cut-off: collection transport and treatment up to secondary material are charged; no recycling credit."""
    build = StageBuild()
    eol = inp.end_of_life
    mass = leaf("battery mass", inp.battery.mass_kg, "kg", "/battery/massKg")
    items = [_leg(leg, f"/endOfLife/transport/{i}", mass, factors, build, f"end-of-life transport {i} ({leg.mode})")
             for i, leg in enumerate(eol.transport)]
    for i, a in enumerate(eol.activities):
        pointer = f"/endOfLife/activities/{i}"
        factor = factors.resolve("end_of_life", a.activity, f"{pointer}/activity")
        build.factor_refs.add(factor.ref)
        treated = mass if a.mass_kg is None else leaf(f"{a.activity} mass", a.mass_kg, "kg", f"{pointer}/massKg")
        emissions = product(f"{a.activity} emissions", KG, treated,
                            factor.node)
        build.contributions.append(Contribution(emissions, None, factor.rating_node))
        items.append(emissions)
    build.node = total("end of life and recycling (cut-off)", KG, items)
    return build
