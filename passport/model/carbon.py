"""Carbon footprint of Art. 7(1)-(2), public (Annex XIII 1(c)).

Unit choice: the total and every life-cycle stage are in kg CO2e per kWh of total energy provided over the
expected service life (the functional unit of Art. 7(1)(d) and DIN DKE SPEC 99100); the absolute footprint
of one battery is optional, in kg CO2e. The four stages of Annex II(4) are each declared once.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.types import PositiveQuantity, Quantity, ShortStr, WebLink

PUBLIC = AccessGroup.PUBLIC
#: A declared total may differ from the sum of its rounded stages by this share of the total.
STAGE_SUM_TOLERANCE = Decimal("0.01")
UNIT_TEXT = "kg CO2e/kWh"


class LifeCycleStage(StrEnum):
    """Life-cycle stages of Annex II(4); the use stage is excluded."""

    RAW_MATERIAL_ACQUISITION = "raw_material_acquisition"
    MAIN_PRODUCT_PRODUCTION = "main_product_production"
    DISTRIBUTION = "distribution"
    END_OF_LIFE = "end_of_life_and_recycling"


class StageFootprint(PassportModel):
    """The footprint of one life-cycle stage (value type)."""

    life_cycle_stage: LifeCycleStage = value_field(description="The life-cycle stage.")
    kg_co2e_per_kwh: Quantity = value_field(
        alias="kgCo2ePerKwh", unit_text=UNIT_TEXT,
            description="Contribution of the stage in kg CO2e per kWh (negative for recycling credits).")


class CarbonFootprint(PassportModel):
    """The carbon footprint declaration of the battery model and plant."""

    total_kg_co2e_per_kwh: PositiveQuantity = annex_field(
        PUBLIC, "1(c)", alias="totalKgCo2ePerKwh", unit_text=UNIT_TEXT,
            description="Carbon footprint in kg CO2e per kWh of total energy over the service life.")
    life_cycle_stages: list[StageFootprint] = annex_field(
        PUBLIC, "1(c)", description="Footprint per life-cycle stage, each of the four stages once.",
        min_length=4, max_length=4)
    absolute_kg_co2e: PositiveQuantity | None = annex_field(
        PUBLIC, "1(c)", alias="absoluteKgCo2e",
            description="Absolute footprint of one battery in kg CO2e.", unit_text="kg CO2e", default=None)
    performance_class: Annotated[str, StringConstraints(pattern=r"^[A-G]$")] | None = annex_field(
        PUBLIC, "1(c)", description="Carbon footprint performance class (A is best).", default=None)
    study_url: WebLink = annex_field(PUBLIC, "1(c)", description="Web link to the public version of the supporting study.")
    declaration_id: ShortStr = annex_field(PUBLIC, "1(c)",
        description="Identifier of the carbon footprint declaration.")
    methodology: ShortStr | None = annex_field(
        PUBLIC, "1(c)",
            description="Calculation rules applied (e.g. the delegated act, PEFCR or GBA GHG Rulebook version).",
        default=None)

    @model_validator(mode="after")
    def _stages(self) -> CarbonFootprint:
        stages = [stage.life_cycle_stage for stage in self.life_cycle_stages]
        if sorted(stages) != sorted(LifeCycleStage):
            raise PydanticCustomError("passport_rule", "each of the four life-cycle stages must be declared once",
                                      {"field": "lifeCycleStages"})
        total = sum((stage.kg_co2e_per_kwh for stage in self.life_cycle_stages), Decimal(0))
        if abs(total - self.total_kg_co2e_per_kwh) > STAGE_SUM_TOLERANCE * self.total_kg_co2e_per_kwh:
            raise PydanticCustomError("passport_rule", "the life-cycle stages do not add up to the total footprint",
                                      {"field": "totalKgCo2ePerKwh"})
        return self
