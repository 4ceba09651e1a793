"""Circularity and resource efficiency: recycled and renewable content, extinguishing agent and end-of-life
information (public), and spare parts, dismantling and safety information (legitimate interest, Annex XIII 2)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.general import Party
from passport.model.types import NonEmptyStr, Percent, ShortStr, WebLink

PUBLIC = AccessGroup.PUBLIC
LEGITIMATE = AccessGroup.LEGITIMATE_INTEREST


class RecycledMaterial(StrEnum):
    """Materials whose recycled share is declared (Art. 8)."""

    COBALT = "cobalt"
    LITHIUM = "lithium"
    NICKEL = "nickel"
    LEAD = "lead"


class RecycledContent(PassportModel):
    """Recycled share of one material, split by origin of the waste (value type)."""

    material: RecycledMaterial = value_field(description="cobalt, lithium, nickel or lead.")
    pre_consumer_share_percent: Percent = value_field(
        description="Share recovered from manufacturing waste, in % of the material.", unit="P1")
    post_consumer_share_percent: Percent = value_field(
        description="Share recovered from post-consumer waste, in % of the material.", unit="P1")

    @model_validator(mode="after")
    def _at_most_100(self) -> RecycledContent:
        if self.pre_consumer_share_percent + self.post_consumer_share_percent > 100:
            raise PydanticCustomError("passport_rule", "pre- and post-consumer shares add up to more than 100 %",
                                      {"field": "postConsumerSharePercent"})
        return self


class DocumentReference(PassportModel):
    """A document published on the web (value type)."""

    title: ShortStr = value_field(description="Title of the document.")
    document_url: WebLink = value_field(description="Web link to the document.")


class Fastener(PassportModel):
    """A type of fastener and how many there are (value type)."""

    fastener_type: ShortStr = value_field(description="Type of fastener (e.g. M6 screw, clip, adhesive bond).")
    quantity: int = value_field(description="Number of fasteners of this type.", ge=1)


class DisassemblyStep(PassportModel):
    """One step of the disassembly sequence (value type)."""

    step_number: int = value_field(description="Position in the sequence, from 1.", ge=1)
    instruction: NonEmptyStr = value_field(description="What to do.")


class DismantlingInformation(PassportModel):
    """Information for dismantling the battery (Annex XIII 2(c))."""

    exploded_diagrams: list[DocumentReference] = annex_field(
        LEGITIMATE, "2(c)", description="Exploded diagrams of the battery system showing the location of the cells.",
        min_length=1)
    disassembly_sequence: list[DisassemblyStep] = annex_field(
        LEGITIMATE, "2(c)", description="Disassembly sequence.", min_length=1)
    fasteners: list[Fastener] = annex_field(LEGITIMATE, "2(c)", description="Type and number of fastening techniques.",
                                            min_length=1)
    tools: list[ShortStr] = annex_field(LEGITIMATE, "2(c)", description="Tools required for disassembly.", min_length=1)
    damage_warnings: list[NonEmptyStr] = annex_field(
        LEGITIMATE, "2(c)", description="Warnings where there is a risk of damaging parts.", min_length=1)
    number_of_cells: int = annex_field(LEGITIMATE, "2(c)", description="Number of cells.", ge=1)
    cell_layout: NonEmptyStr = annex_field(LEGITIMATE, "2(c)",
        description="Layout of the cells (e.g. 108s4p in 9 modules).")


class SparePart(PassportModel):
    """A replaceable component and its part number (value type)."""

    part_description: ShortStr = value_field(description="What the component is.")
    part_number: ShortStr = value_field(description="Part number of the component.")


class SpareParts(PassportModel):
    """Part numbers of components and contact details of sources for spare parts (Annex XIII 2(b))."""

    parts: list[SparePart] = annex_field(LEGITIMATE, "2(b)", description="Part numbers for components.", min_length=1)
    sources: list[Party] = annex_field(LEGITIMATE, "2(b)", description="Sources of spare parts with contact details.",
                                       min_length=1)


class SafetyMeasures(PassportModel):
    """Safety measures for handling the battery (Annex XIII 2(d))."""

    safety_instructions: list[NonEmptyStr] = annex_field(LEGITIMATE, "2(d)", description="Safety instructions.",
                                                         min_length=1)
    safety_documents: list[DocumentReference] | None = annex_field(
        LEGITIMATE, "2(d)", description="Safety data sheets and handling guides.", default=None, min_length=1)
    personal_protective_equipment: list[ShortStr] | None = annex_field(
        LEGITIMATE, "2(d)", description="Protective equipment to wear.", default=None, min_length=1)


class EndOfLifeInformation(PassportModel):
    """Waste prevention and end-of-life information for end users (Art. 74(1)(a)-(f), Annex XIII 1(s))."""

    waste_prevention: NonEmptyStr = annex_field(
        PUBLIC, "1(s)", reference="Art. 74(1)(a)",
            description="How end users help prevent waste, extend use and enable re-use.")
    separate_collection: NonEmptyStr = annex_field(
        PUBLIC, "1(s)", reference="Art. 74(1)(b)-(c)",
            description="The role of end users in separate collection; take-back and collection.")
    collection_points_url: WebLink = annex_field(
        PUBLIC, "1(s)", reference="Art. 74(1)(c)", description="Where the collection points are.")
    label_meaning: NonEmptyStr = annex_field(
        PUBLIC, "1(s)", reference="Art. 74(1)(d)", description="Meaning of the labels and symbols on the battery.")
    recycling_and_treatment: NonEmptyStr = annex_field(
        PUBLIC, "1(s)", reference="Art. 74(1)(e)", description="Treatment and recycling of waste batteries.")
    hazardous_substance_effects: NonEmptyStr = annex_field(
        PUBLIC, "1(s)", reference="Art. 74(1)(f)",
        description="Effects on human health and the environment of the substances in the battery.")


class Circularity(PassportModel):
    """Circularity and resource efficiency of the battery."""

    recycled_content: list[RecycledContent] | None = annex_field(
        PUBLIC, "1(e)", description="Recycled content per material (cobalt, lithium, nickel, lead), each at most once; "
        "absent when none of them is recycled.", default=None, min_length=1)
    renewable_content_percent: Percent = annex_field(PUBLIC, "1(f)", unit="P1",
        description="Share of renewable content in %.")
    extinguishing_agents: list[ShortStr] = annex_field(
        PUBLIC, "1(a)", description="Usable extinguishing agents.", min_length=1)
    end_of_life_information: EndOfLifeInformation = annex_field(
        PUBLIC, "1(s)", description="Waste prevention and end-of-life information.")
    spare_parts: SpareParts = annex_field(LEGITIMATE, "2(b)", description="Spare parts and their sources.")
    dismantling_information: DismantlingInformation = annex_field(LEGITIMATE, "2(c)",
        description="Dismantling information.")
    safety_measures: SafetyMeasures = annex_field(LEGITIMATE, "2(d)", description="Safety measures.")

    @model_validator(mode="after")
    def _one_entry_per_material(self) -> Circularity:
        materials = [entry.material for entry in self.recycled_content or ()]
        if len(materials) != len(set(materials)):
            raise PydanticCustomError("passport_rule", "a material appears twice in the recycled content",
                                      {"field": "recycledContent"})
        return self
