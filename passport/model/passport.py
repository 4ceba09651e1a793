"""The battery passport (Regulation (EU) 2023/1542, Art. 77 and Annex XIII): the root of the model.

`Passport` is a complete passport with its identifier; `PassportCreate` is what an API client sends before
the identifier is assigned. Both derive from `PassportBase`; neither derives from the other.
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from passport.jsonio import check_array_lengths
from passport.model.access import AccessGroup, annex_field
from passport.model.base import PassportModel
from passport.model.carbon import CarbonFootprint
from passport.model.circularity import Circularity
from passport.model.composition import MaterialComposition
from passport.model.conformity import LabelsAndConformity, TestReport
from passport.model.due_diligence import SupplyChainDueDiligence
from passport.model.general import BatteryCategory, BatteryStatus, GeneralProductInformation
from passport.model.performance import PerformanceAndDurability
from passport.model.types import Url

PUBLIC = AccessGroup.PUBLIC
ID_DESCRIPTION = "Web link of the passport: the URL its QR code encodes (Art. 77(3), Art. 3(66))."


#: Most items any one array of a passport may hold: bounds the work of validating, signing and rendering it.
MAX_ARRAY_ITEMS = 1_000


class PassportBase(PassportModel):
    """Annex XIII content, section by section."""

    @model_validator(mode="before")
    @classmethod
    def _bounded_arrays(cls, data: Any) -> Any:
        check_array_lengths(data, MAX_ARRAY_ITEMS)  # JSON_ARRAY_TOO_LONG with the array's pointer
        return data

    id: Url | None = annex_field(PUBLIC, reference="Art. 77(3), Art. 3(66)", description=ID_DESCRIPTION, default=None)
    general_product_information: GeneralProductInformation = annex_field(
        PUBLIC, "1(a)", description="Identification, manufacturer, manufacture, category, weight and status.")
    material_composition: MaterialComposition = annex_field(
        PUBLIC, "1(b)", description="Chemistry, hazardous substances, critical raw materials and detailed composition.")
    carbon_footprint: CarbonFootprint | None = annex_field(
        PUBLIC, "1(c)", description="Carbon footprint (Art. 7); required for original EV batteries, "
        "not applicable to re-used, repurposed or remanufactured ones (Art. 7(5)).", default=None)
    supply_chain_due_diligence: SupplyChainDueDiligence | None = annex_field(
        PUBLIC, "1(d)",
            description="Responsible sourcing information (Art. 52(3)); obligations apply from 18 Aug 2027.",
        default=None)
    circularity: Circularity = annex_field(
        PUBLIC, "1(e)", "1(f)",
            description="Recycled and renewable content, end of life, spare parts, dismantling, safety.")
    performance_and_durability: PerformanceAndDurability = annex_field(
        PUBLIC, "1(g)", description="Declared performance and durability, and the values of this battery.")
    labels_and_conformity: LabelsAndConformity = annex_field(
        PUBLIC, "1(q)", "1(r)", description="Labelling information and EU declaration of conformity.")
    test_reports: list[TestReport] = annex_field(
        AccessGroup.AUTHORITY, "3", description="Results of test reports proving compliance.", min_length=1)

    @model_validator(mode="after")
    def _carbon_footprint_for_original_ev(self) -> PassportBase:
        general = self.general_product_information
        if (self.carbon_footprint is None and general.battery_category is BatteryCategory.EV
                and general.battery_status is BatteryStatus.ORIGINAL):
            raise PydanticCustomError("passport_rule", "an original EV battery needs its carbon footprint (Art. 7)",
                                      {"field": "carbonFootprint"})
        return self


class Passport(PassportBase):
    """A battery passport with its identifier: the `credentialSubject` of a BatteryPassportCredential."""

    id: Url = annex_field(PUBLIC, reference="Art. 77(3), Art. 3(66)", description=ID_DESCRIPTION)


class PassportCreate(PassportBase):
    """A passport as submitted: the identifier may be left out and is then assigned from the unique identifier."""
