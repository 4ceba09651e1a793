"""The calculation input: what one battery's footprint is computed from (activity data, never results).

    battery            id, category, mass, and the custody lot that links supplier footprints to it
    functionalUnit     how the lifetime energy is obtained (rated energy × cycles × DoD × fade, or declared)
    billOfMaterials    mass per material per battery, each with its secondary factor or a multi-output process
    mainProduction     electricity by source, heat by fuel, process emissions by gas (primary activity data)
    distribution       legs (mode, distance, mass) to the point of sale or vehicle assembly
    endOfLife          treatment activities under the cut-off approach
    supplierFootprints signed supplier credentials (used only where the custody trace proves the link)

Bad input raises InputError whose details name the JSON pointer of the first offending value (and list all).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from passport.errors import InputError
from passport.jsonio import read_json_file


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_alias=True, validate_by_name=True,
                              serialize_by_alias=True, extra="forbid", frozen=True)


class MaterialCategory(StrEnum):
    """Where a material sits in the battery; pCAM, CAM and anode need supplier-specific footprints."""

    PCAM = "pcam"
    CAM = "cam"
    ANODE = "anode"
    ELECTROLYTE = "electrolyte"
    SEPARATOR = "separator"
    CURRENT_COLLECTOR = "current_collector"
    CASING = "casing"
    ELECTRONICS = "electronics"
    OTHER = "other"


#: GBA GHG Rulebook: downstream must use supplier-specific footprints for these (recommended for the others).
SUPPLIER_MANDATORY = frozenset({MaterialCategory.PCAM, MaterialCategory.CAM, MaterialCategory.ANODE})


class Battery(_Model):
    id: str = Field(min_length=1, description="The battery (model or item) identifier, e.g. its passport path.")
    category: Literal["ev", "industrial", "lmt"] = Field(description="Battery category (selects the class table).")
    model: str | None = Field(default=None, description="Battery model name.")
    mass_kg: float = Field(gt=0, description="Mass of one battery in kg.")
    custody_lot: str | None = Field(default=None, description="The battery's lot in the custody store; supplier "
                                    "footprints count only for lots the trace from here reaches.")


class CyclesFunctionalUnit(_Model):
    """Lifetime energy = rated energy × expected cycles × average depth of discharge × capacity-fade factor."""

    method: Literal["cycles"]
    rated_energy_kwh: float = Field(gt=0)
    expected_cycles: int = Field(gt=0, description="Expected lifetime in full cycles (Annex XIII 1(j)).")
    depth_of_discharge: float = Field(gt=0, le=1, description="Average depth of discharge per cycle.")
    capacity_fade_factor: float = Field(gt=0, le=1, description="Average available capacity over life as a "
                                        "share of rated (linear fade to 80 % gives 0.9).")


class DeclaredFunctionalUnit(_Model):
    """Lifetime energy declared directly (e.g. from a duty-cycle model), with its justification."""

    method: Literal["declared"]
    lifetime_energy_kwh: float = Field(gt=0)
    justification: str = Field(min_length=1)


FunctionalUnitInput = Annotated[CyclesFunctionalUnit | DeclaredFunctionalUnit, Field(discriminator="method")]


class CoProduct(_Model):
    product: str = Field(min_length=1)
    mass_kg: float = Field(gt=0, description="Output per reference amount of the process.")
    price_eur_per_kg: float = Field(gt=0, description="10-year average price (GBA GHG Rulebook).")


class MultiOutputProcess(_Model):
    """A process with co-products whose emissions are shared between them (allocation)."""

    name: str = Field(min_length=1)
    kg_co2e: float = Field(alias="kgCo2e", ge=0,
                           description="Emissions of the process per reference amount, all outputs.")
    outputs: list[CoProduct] = Field(min_length=1)
    product: str = Field(description="Which output is the material of this line.")
    data_quality_rating: float = Field(default=3.0, ge=1, le=5)

    @model_validator(mode="after")
    def _product_is_an_output(self) -> MultiOutputProcess:
        if self.product not in {o.product for o in self.outputs}:
            raise ValueError("product must name one of the outputs")
        return self


class BomLine(_Model):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9._-]+$")
    material: str = Field(min_length=1)
    category: MaterialCategory
    mass_kg: float = Field(ge=0, description="Mass of this material in one battery.")
    factor: str | None = Field(default=None, description="Key of its secondary factor in a material table.")
    process: MultiOutputProcess | None = Field(default=None, description="Or: the multi-output process it "
                                               "comes from, its emissions allocated to it.")
    traced_material: str | None = Field(default=None, description="Custody ledger material whose lineage links "
                                        "supplier lots to the battery (e.g. Ni for CAM, graphite for anode).")

    @model_validator(mode="after")
    def _one_source(self) -> BomLine:
        if (self.factor is None) == (self.process is None):
            raise ValueError("give exactly one of factor and process")
        return self


class ElectricityUse(_Model):
    kwh: float = Field(ge=0)
    factor: str = Field(description="Electricity factor key: 'grid:DE' or a technology ('wind_onshore').")


class HeatUse(_Model):
    mj: float = Field(ge=0)
    fuel: str


class ProcessEmission(_Model):
    gas: str
    kg: float = Field(ge=0)


class MainProduction(_Model):
    """Primary activity data of main product production (active materials to pack), per battery."""

    site: str | None = None
    electricity: list[ElectricityUse] = Field(default_factory=list)
    heat: list[HeatUse] = Field(default_factory=list)
    process_emissions: list[ProcessEmission] = Field(default_factory=list)
    data_quality_rating: float = Field(default=2.0, ge=1, le=5)


class TransportLeg(_Model):
    mode: str
    distance_km: float = Field(ge=0)
    mass_kg: float | None = Field(default=None, gt=0, description="Mass carried (default: the battery's).")


class EndOfLifeActivity(_Model):
    activity: str = Field(description="End-of-life factor key (dismantling, pretreatment_shredding...).")
    mass_kg: float | None = Field(default=None, ge=0, description="Mass treated (default: the battery's).")


class EndOfLife(_Model):
    approach: Literal["cut-off"] = "cut-off"
    transport: list[TransportLeg] = Field(default_factory=list)
    activities: list[EndOfLifeActivity] = Field(default_factory=list)


class Declaration(_Model):
    """What the passport's carbonFootprint needs beyond the numbers."""

    study_url: str
    declaration_id: str
    methodology: str | None = None


class CarbonInput(_Model):
    """Everything one battery's footprint is computed from."""

    battery: Battery
    functional_unit: FunctionalUnitInput
    bill_of_materials: list[BomLine] = Field(min_length=1)
    main_production: MainProduction
    distribution: list[TransportLeg] = Field(default_factory=list)
    end_of_life: EndOfLife = Field(default_factory=EndOfLife)
    supplier_footprints: list[dict[str, Any]] = Field(default_factory=list,
                                                      description="Signed supplier footprint credentials.")
    declaration: Declaration | None = None

    @model_validator(mode="after")
    def _unique_lines(self) -> CarbonInput:
        ids = [line.id for line in self.bill_of_materials]
        if len(ids) != len(set(ids)):
            raise ValueError("bill of materials line ids must be unique")
        return self


def pointer_of(loc: tuple[Any, ...], data: Any) -> str:
    """JSON pointer of a pydantic error location in `data`, skipping discriminated-union tags."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(node, dict):
            if item in node:
                node = node[item]
            elif isinstance(item, str) and node.get("method") == item:
                continue  # the tag pydantic adds for a discriminated union
            else:
                node = None  # a missing key: the pointer ends here
        elif isinstance(node, list) and isinstance(item, int) and 0 <= item < len(node):
            node = node[item]
        else:
            continue
        parts.append(str(item).replace("~", "~0").replace("/", "~1"))
    return "/" + "/".join(parts) if parts else ""


def invalid(exc: ValidationError, code: str, data: Any = None, **where: str) -> InputError:
    """InputError naming the JSON pointer (and the pydantic type) of each problem, never the values."""
    problems = [{"pointer": pointer_of(tuple(e["loc"]), data), "type": e["type"], "message": e["msg"]}
                for e in exc.errors(include_input=False, include_url=False)]
    first = problems[0] if problems else {"pointer": "", "message": "invalid"}
    return InputError(f"invalid input at {first['pointer'] or '/'}: {first['message']}", code=code,
                      details={**where, "pointer": first["pointer"], "errors": problems})


def parse_input(data: Any, *, source: str | None = None) -> CarbonInput:
    """Validate a calculation input; InputError(code=INVALID_CARBON_INPUT) names the JSON pointer."""
    where = {"file": source} if source else {}
    try:
        return CarbonInput.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, "INVALID_CARBON_INPUT", data, **where) from exc


def load_input(path: Path | str) -> CarbonInput:
    path = Path(path)
    data = read_json_file(path)
    return parse_input(data, source=str(path))
