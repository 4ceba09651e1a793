"""Supply-chain due diligence, public (Annex XIII 1(d)): the Art. 52(3) report, its third-party verification,
and the GBA Child Labour and Human Rights index results with the evidence they were computed from.

The index results and the chain-of-custody summary are computed by `passport issue` from the store; a passport
written by hand leaves `indexResults` and `chainOfCustody` out. The custody summary is public by design: per
material the model applied, origin countries and two shares, never a supplier, a site, a lot, a mass or a price.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import model_validator
from pydantic_core import PydanticCustomError

from passport.model.access import AccessGroup, annex_field, value_field
from passport.model.base import PassportModel
from passport.model.types import CountryCode, MultibaseDigest, Percent, ShortStr, Url, WebLink

PUBLIC = AccessGroup.PUBLIC


class SustainabilityIndex(StrEnum):
    """The GBA indices a passport reports."""

    CHILD_LABOUR = "gba_child_labour_index"
    HUMAN_RIGHTS = "gba_human_rights_index"


class EvidenceReference(PassportModel):
    """A piece of evidence (usually a signed credential) and the digest of the bytes that were used (value type)."""

    evidence_id: Url = value_field(description="Identifier of the evidence document or credential.")
    evidence_digest: MultibaseDigest = value_field(description="Multibase-encoded multihash of the evidence.")


class IndexResult(PassportModel):
    """One GBA index result for this battery (value type)."""

    index_type: SustainabilityIndex = value_field(description="Which index.")
    rulebook_version: ShortStr = value_field(description="Version of the index rulebook applied.")
    score: Percent | None = value_field(
        description="Score on a 0 to 100 scale; absent when the battery is not rated because less of its material "
        "mass is traced to assessed companies than the rulebook's minimum (minimumCoveragePercent).", unit="P1",
        default=None)
    score_label: ShortStr | None = value_field(
        description="Label awarded for the score (e.g. safeguarded).", default=None)
    indicators_met: int = value_field(description="Indicators met across the assessed companies.", ge=0)
    indicators_applicable: int = value_field(description="Indicators applicable across the assessed companies.", ge=1)
    companies_assessed: int = value_field(description="Supply-chain companies assessed.", ge=1)
    coverage_percent: Percent = value_field(
        description="Share of the material mass in scope traced to assessed companies, in %.", unit="P1")
    minimum_coverage_percent: Percent | None = value_field(
        description="The rulebook's minimum coverage, in %: below it no score is given as the battery's.", unit="P1",
        default=None)
    traced_mass_percent: Percent | None = value_field(
        description="Share of the material mass traced through chain of custody to its origin, in %.", unit="P1",
        default=None)
    verification_level: int | None = value_field(
        description="Data quality: verification level, 1 to 3 as the index rulebook defines it.", default=None,
        ge=1, le=3)
    traceability_level: int | None = value_field(
        description="Data quality: traceability level, 1 to 3 as the index rulebook defines it.", default=None,
        ge=1, le=3)
    interoperability_level: int | None = value_field(
        description="Data quality: interoperability level, 1 to 3 as the index rulebook defines it.",
        default=None, ge=1, le=3)
    calculated_at: datetime = value_field(description="When the result was computed (ISO 8601 with offset).")
    source_evidence: list[EvidenceReference] = value_field(
        description="The evidence the result was computed from.", min_length=1)

    @model_validator(mode="after")
    def _met_within_applicable(self) -> IndexResult:
        if self.indicators_met > self.indicators_applicable:
            raise PydanticCustomError("passport_rule", "more indicators met than applicable",
                                      {"field": "indicatorsMet"})
        below = self.minimum_coverage_percent is not None and self.coverage_percent < self.minimum_coverage_percent
        if self.score is None and not below:
            raise PydanticCustomError("passport_rule", "a score is required unless the coverage is below the "
                                      "rulebook's minimum", {"field": "score"})
        if self.score is not None and below:
            raise PydanticCustomError("passport_rule", "no score may be given as the battery's below the rulebook's "
                                      "minimum coverage", {"field": "score"})
        return self


class TracedMaterial(StrEnum):
    """Materials whose chain of custody a passport summarises: the Art. 48 raw materials and the 3T."""

    COBALT = "cobalt"
    LITHIUM = "lithium"
    NICKEL = "nickel"
    NATURAL_GRAPHITE = "natural_graphite"
    TIN = "tin"
    TANTALUM = "tantalum"
    TUNGSTEN = "tungsten"


class ChainOfCustodyModel(StrEnum):
    """Chain-of-custody models of ISO 22095:2020, strongest first; a claim is as strong as its weakest link."""

    IDENTITY_PRESERVED = "identity_preserved"
    SEGREGATED = "segregated"
    MASS_BALANCE = "mass_balance"


class MaterialCustody(PassportModel):
    """The public chain-of-custody figures of one material in this battery (value type)."""

    material: TracedMaterial = value_field(description="The traced material.")
    chain_of_custody_model: ChainOfCustodyModel = value_field(
        description="Chain-of-custody model the claims on this material rest on (ISO 22095).")
    origin_countries: list[CountryCode] | None = value_field(
        description="Countries of the origin sites (ISO 3166-1 alpha-2), sorted; absent when none of the mass is "
        "traced to an origin.", default=None, min_length=1)
    monitored_origin_percent: Percent = value_field(
        description="Share of the material mass from sites under a recognised monitoring programme, in %.",
        unit="P1")
    traced_percent: Percent = value_field(
        description="Share of the material mass traced through chain of custody to its origin sites, in %.",
        unit="P1")


class ThirdPartyVerification(PassportModel):
    """Third-party verification of the due-diligence policies by a notified body (Art. 51) (value type)."""

    verifier_identifier: ShortStr = value_field(description="Identifier of the notified body (NANDO number).")
    verifier_name: ShortStr = value_field(description="Name of the notified body.")
    verification_date: date = value_field(description="Date of the verification.")
    verification_report_url: WebLink | None = value_field(description="Link to the verification report.", default=None)


class SupplyChainDueDiligence(PassportModel):
    """Responsible sourcing information from the public due-diligence report (Art. 52(3))."""

    due_diligence_report_url: WebLink = annex_field(
        PUBLIC, "1(d)", description="Web link to the public supply-chain due-diligence report.")
    third_party_verification: ThirdPartyVerification | None = annex_field(
        PUBLIC, "1(d)", description="Third-party verification of the due-diligence policies.", default=None)
    index_results: list[IndexResult] | None = annex_field(
        PUBLIC, "1(d)", description="GBA index results with their evidence; computed at issuance.",
        default=None, min_length=1)
    chain_of_custody: list[MaterialCustody] | None = annex_field(
        PUBLIC, "1(d)", description="Chain-of-custody summary per traced material; computed at issuance from the "
        "signed upstream events.", default=None, min_length=1)

    @model_validator(mode="after")
    def _one_entry_per_material(self) -> SupplyChainDueDiligence:
        materials = [entry.material for entry in self.chain_of_custody or []]
        if len(set(materials)) != len(materials):
            raise PydanticCustomError("passport_rule", "each material appears once in the chain-of-custody summary",
                                      {"field": "chainOfCustody"})
        return self
