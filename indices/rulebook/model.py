"""The rulebook format: what an index asks of a company, how much each answer weighs, which evidence counts,
where each indicator applies, and which certifications, audits or upstream mechanisms stand in for it.

Rulebooks are data (`rulebooks/<id>-<version>.json`), validated by these models; the JSON Schema in
`schemas/json/rulebook.schema.json` is generated from them. An organisation holding the official GBA rulebook
writes it in this same format and loads it with `indices.rulebook.load_path`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
Identifier = Annotated[str, Field(pattern=_ID)]


class IndexKind(StrEnum):
    """The index an indicator counts towards (the GBA names them child labour and human rights)."""

    child_labour = "child_labour"
    human_rights = "human_rights"


class Pillar(StrEnum):
    """The OECD due-diligence five steps, plus grievance and remediation as pillars of their own."""

    management_systems = "management_systems"        # OECD step 1
    risk_identification = "risk_identification"      # step 2
    risk_response = "risk_response"                  # step 3
    independent_audit = "independent_audit"          # step 4
    reporting = "reporting"                          # step 5
    grievance = "grievance"
    remediation = "remediation"


class Level(StrEnum):
    """Baseline compliance (what the law or ILO conventions require) or leading practice (beyond it)."""

    baseline = "baseline"
    leading_practice = "leading_practice"


class EvidenceType(StrEnum):
    """What may prove an indicator: who says so, and how."""

    self_assessment = "self_assessment"                  # the company about itself (verification level 1)
    second_party_assessment = "second_party_assessment"  # a customer's audit (level 2)
    third_party_assessment = "third_party_assessment"    # an independent assessor (level 3)
    programme_data = "programme_data"                    # monitoring data of a recognised upstream programme (3)
    equivalency = "equivalency"                          # a recognised certification, audit or mechanism (3)


class Operations(StrEnum):
    own_operations = "own_operations"
    business_relationships = "business_relationships"
    supply_chain = "supply_chain"


class Stage(StrEnum):
    """Where in the chain a company sits, as the custody trace shows it."""

    mine = "mine"
    midstream = "midstream"
    manufacturer = "manufacturer"


class Scope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    operations: tuple[Operations, ...] = Field(min_length=1, description="Whose conduct the indicator looks at.")
    stages: tuple[Stage, ...] = Field(min_length=1, description="Companies at these stages are asked it.")


class Questionnaire(BaseModel):
    """Met when an accepted assessment answers `true` (with evidence when `evidence_required`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["questionnaire"] = "questionnaire"
    question: str = Field(min_length=1, max_length=2000, description="The question as put to the company.")
    evidence_required: bool = Field(default=True, description="An answer counts only with an evidence link/digest.")


class Performance(BaseModel):
    """Met when a performance indicator computed from programme data reaches `threshold`.

    Applicable only when the metric has a value (e.g. the share of major breaches with an accelerated corrective
    action plan exists only where a major breach was found): finding an incident never counts against a company,
    only the response to it does."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["performance"] = "performance"
    metric: Literal["monitoring_coverage", "accelerated_cap_share", "cap_implementation_rate", "cap_progress_rate",
                    "timely_response_share", "non_recurrence_share", "suspension_handling",
                    "monitored_asm_share"] = Field(description="Performance indicator (see indices.evidence.performance).")
    threshold: float = Field(ge=0, le=1, description="Met when the metric is at least this (a share, 0 to 1).")


Criterion = Annotated[Questionnaire | Performance, Field(discriminator="type")]


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier = Field(description="Stable indicator id, unique in the rulebook (e.g. CL-01).")
    text: str = Field(min_length=1, max_length=2000, description="What good practice the indicator looks for.")
    index: IndexKind
    pillar: Pillar
    level: Level
    points: int = Field(ge=1, le=100, description="Weight of the indicator in the company score.")
    accepted_evidence: tuple[EvidenceType, ...] = Field(min_length=1)
    scope: Scope
    criteria: tuple[Criterion, ...] = Field(
        min_length=1, description="Ways to meet it; any one suffices. Questionnaire criteria make the indicator "
                                  "applicable to every company in scope; performance criteria only where data exist.")

    @cached_property
    def accepted(self) -> frozenset[str]:
        """The accepted evidence types as plain strings (looked up for every company)."""
        return frozenset(e.value for e in self.accepted_evidence)


class Equivalency(BaseModel):
    """A certification, audit or recognised upstream mechanism that satisfies named indicators."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier = Field(description="Id a credential cites in `certifications`, or a programme id on a site.")
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["certification", "audit", "upstream_mechanism"]
    satisfies: tuple[Identifier, ...] = Field(min_length=1, description="Indicator ids it satisfies.")
    materials: tuple[str, ...] = Field(min_length=1, description="Traced materials (ledger codes) it covers.")
    risks: tuple[str, ...] = Field(min_length=1, description="OECD Annex II risks it covers.")
    covers_asm: bool = Field(description="Whether it covers artisanal and small-scale mining (site certifications "
                                         "often exclude ASM; ASM needs a recognised upstream mechanism).")


class LabelBand(BaseModel):
    """A label awarded at or above `min_score` when coverage and baseline conditions hold (first match wins)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str = Field(min_length=1, max_length=60)
    min_score: float = Field(ge=0, le=100)
    min_coverage: float = Field(default=0, ge=0, le=1, description="Share of material mass assessed required.")
    all_baseline_met: bool = Field(default=False, description="Every applicable baseline indicator met.")


class Thresholds(BaseModel):
    """Share of mass traced to origin needed for traceability levels 3 and 2 (below: 1)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    traceability_level_3: float = Field(default=0.9, ge=0, le=1)
    traceability_level_2: float = Field(default=0.5, ge=0, le=1)


class Rulebook(BaseModel):
    """One index's rulebook, versioned; results cite its id, version and digest."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$", description="Semantic version of the rulebook text.")
    index: IndexKind
    title: str = Field(min_length=1, max_length=200)
    authorship: str = Field(min_length=1, max_length=1000, description="Who wrote it, and what it is not.")
    materials: tuple[str, ...] = Field(min_length=1, description="Traced materials (ledger codes) in scope.")
    labels: tuple[LabelBand, ...] = Field(min_length=1, description="From best to worst; the last is the fallback.")
    not_assessed_label: str = Field(default="not assessed", max_length=60)
    min_coverage_to_rate: float = Field(
        default=0, ge=0, le=1, description="Share of the in-scope material mass that must be traced to assessed "
        "companies for a score to be given as the battery's; below it the result says there is not enough traced "
        "material to rate the battery (the score stays in the disclosure, for authorities).")
    not_rated_label: str = Field(default="not enough traced material", max_length=60)
    data_quality: Thresholds = Thresholds()
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    equivalencies: tuple[Equivalency, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Rulebook:
        ids = [i.id for i in self.indicators]
        if len(ids) != len(set(ids)):
            raise ValueError("indicator ids must be unique")
        if any(i.index is not self.index for i in self.indicators):
            raise ValueError("every indicator must belong to the rulebook's index")
        known = set(ids)
        for e in self.equivalencies:
            unknown = [s for s in e.satisfies if s not in known]
            if unknown:
                raise ValueError(f"equivalency {e.id} names unknown indicator(s) {', '.join(unknown)}")
        if self.labels[-1].min_score != 0:
            raise ValueError("the last label band must start at 0 (the fallback)")
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        return next(i for i in self.indicators if i.id == indicator_id)
