"""Material composition: chemistry, hazardous substances and critical raw materials (public, Annex XIII 1(a)-(b))
and the detailed composition of cathode, anode and electrolyte (legitimate interest, Annex XIII 2(a))."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from annotated_types import Gt
from typing import Annotated

from pydantic import field_validator
from pydantic_core import PydanticCustomError

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.types import CasNumber, NonEmptyStr, PositiveQuantity, Percent, Quantity, ShortStr

PUBLIC = AccessGroup.PUBLIC
CRM_THRESHOLD_PERCENT = Decimal("0.1")


class BatteryComponent(StrEnum):
    """Parts of a battery whose materials are declared in the detailed composition."""

    CATHODE = "cathode"
    ANODE = "anode"
    ELECTROLYTE = "electrolyte"
    SEPARATOR = "separator"
    CURRENT_COLLECTOR = "current_collector"
    CASING = "casing"
    OTHER = "other"


class HazardousSubstance(PassportModel):
    """A hazardous substance (other than Hg, Cd, Pb) contained in the battery (value type)."""

    substance_name: ShortStr = value_field(description="Name of the substance.")
    cas_number: CasNumber = value_field(description="CAS Registry Number, check digit validated.")
    hazard_classes: list[ShortStr] | None = value_field(
        description="CLP hazard statements or classes (e.g. H317).", default=None, min_length=1)
    location: BatteryComponent | None = value_field(description="Component that contains it.", default=None)
    concentration_percent: Percent | None = value_field(
        description="Concentration in % w/w of the battery.", unit="P1", default=None)


class CriticalRawMaterial(PassportModel):
    """A critical raw material present above 0.1 % weight by weight (value type)."""

    material_name: ShortStr = value_field(
        description="Name of the critical raw material (Reg. (EU) 2024/1252 Annex II).")
    cas_number: CasNumber | None = value_field(description="CAS Registry Number.", default=None)
    mass_fraction_percent: Annotated[Percent, Gt(CRM_THRESHOLD_PERCENT)] = value_field(
        description="Share of the battery weight in % w/w; only materials above 0.1 % are declared.", unit="P1")


class ComponentMaterial(PassportModel):
    """One material of a component (value type)."""

    material_name: ShortStr = value_field(description="Name of the material.")
    cas_number: CasNumber | None = value_field(description="CAS Registry Number.", default=None)
    mass_fraction_percent: Percent = value_field(description="Share of the component weight in % w/w.", unit="P1")
    mass_kg: PositiveQuantity | None = value_field(description="Mass in the battery in kg.", unit="KGM", default=None)


class ComponentComposition(PassportModel):
    """The materials of one battery component (value type)."""

    component: BatteryComponent = value_field(description="The component: cathode, anode, electrolyte, ...")
    materials: list[ComponentMaterial] = value_field(description="Its materials.", min_length=1)

    @field_validator("materials")
    @classmethod
    def _shares_at_most_100(cls, materials: list[ComponentMaterial]) -> list[ComponentMaterial]:
        if sum((m.mass_fraction_percent for m in materials), Quantity(0)) > 100:
            raise PydanticCustomError("passport_rule", "the mass fractions of a component add up to more than 100 %")
        return materials


REQUIRED_COMPONENTS = frozenset({BatteryComponent.CATHODE, BatteryComponent.ANODE, BatteryComponent.ELECTROLYTE})


class MaterialComposition(PassportModel):
    """What the battery is made of."""

    chemistry: ShortStr = annex_field(PUBLIC, "1(a)", "1(b)", description="Battery chemistry (e.g. NMC811, LFP).")
    hazardous_substances: list[HazardousSubstance] | None = annex_field(
        PUBLIC, "1(a)", "1(b)",
            description="Hazardous substances other than mercury, cadmium or lead; absent when none.",
        default=None, min_length=1)
    critical_raw_materials: list[CriticalRawMaterial] | None = annex_field(
        PUBLIC, "1(a)", "1(b)", description="Critical raw materials present above 0.1 % w/w; absent when none.",
        default=None, min_length=1)
    detailed_composition: list[ComponentComposition] = annex_field(
        AccessGroup.LEGITIMATE_INTEREST, "2(a)",
        description="Detailed composition, including the materials of cathode, anode and electrolyte.", min_length=1)

    @field_validator("detailed_composition")
    @classmethod
    def _cathode_anode_electrolyte(cls, parts: list[ComponentComposition]) -> list[ComponentComposition]:
        missing = REQUIRED_COMPONENTS - {part.component for part in parts}
        if missing:
            raise PydanticCustomError("passport_rule", "the detailed composition needs cathode, anode and electrolyte; "
                                      "missing: {missing}", {"missing": ", ".join(sorted(missing))})
        return parts
