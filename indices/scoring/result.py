"""Company-level results: one outcome per indicator, each naming the evidence (by digest) it came from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class IndicatorOutcome(BaseModel):
    model_config = _FROZEN

    indicator: str
    pillar: str
    level: str
    points: int
    applicable: bool
    met: bool
    via: str | None = Field(default=None, description="questionnaire, performance, equivalency:<id>, or None.")
    value: float | None = Field(default=None, description="The metric value, for performance criteria.")
    threshold: float | None = None
    verification_level: int | None = Field(default=None, description="1 self, 2 second party, 3 third party.")
    evidence: tuple[str, ...] = Field(default=(), description="Digests of the evidence it came from.")
    reason: str = Field(default="", description="Why it is (not) met or not applicable, in a few words.")


class CompanyScore(BaseModel):
    model_config = _FROZEN

    company: str
    stage: str
    assessed: bool = Field(description="An accepted assessment or equivalency exists for the company.")
    score: float | None = Field(description="100 × points met / points applicable; None when not assessed.")
    met: int
    applicable: int
    points_met: int
    points_applicable: int
    baseline_met: bool = Field(description="Every applicable baseline indicator is met.")
    verification_level: int | None
    weight: float = Field(description="Share of the battery's in-scope material mass that passed through it.")
    items: tuple[IndicatorOutcome, ...] = ()
