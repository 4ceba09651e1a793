"""The risk-scoring matrix: score = severity × likelihood (1–5 each) → band, with major breach as a designation.

A band (low, medium, high, very_high) follows from the score alone. `major_breach` is not a band: it is a
designation raised by the incident type (children working underground, armed forces mining, ...) or by a score
at or above a threshold, and it replaces the band as the incident's score category. The defaults reproduce every
score and category of the Better Mining 2022 data (scores 25 → major breach, 20 → very high, 16 and 12 → high,
9 → medium, 4 → low).
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ScoreBand(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"
    very_high = "very_high"


MAJOR_BREACH = "major_breach"
SCORE_CATEGORIES: tuple[str, ...] = (*(b.value for b in ScoreBand), MAJOR_BREACH)


class BandThreshold(BaseModel):
    """The lowest score that falls in `band`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    band: ScoreBand
    min_score: int = Field(ge=1, le=25)


class RiskMatrix(BaseModel):
    """Configurable matrix. Bands are given by their lowest score, in increasing order, starting at 1."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bands: tuple[BandThreshold, ...] = Field(
        default=(
            BandThreshold(band=ScoreBand.low, min_score=1),
            BandThreshold(band=ScoreBand.medium, min_score=5),
            BandThreshold(band=ScoreBand.high, min_score=10),
            BandThreshold(band=ScoreBand.very_high, min_score=17),
        ),
        description="Lowest score of each band, increasing; the first must start at 1.",
    )
    major_breach_min_score: int | None = Field(
        default=25, ge=1, le=25, description="Scores at or above this are major breaches; null: only by incident type."
    )

    @model_validator(mode="after")
    def _bands_increase(self) -> RiskMatrix:
        mins = [b.min_score for b in self.bands]
        if not mins or mins[0] != 1 or mins != sorted(set(mins)):
            raise ValueError("band thresholds must start at 1 and strictly increase")
        return self

    def band(self, score: int) -> ScoreBand:
        """The band of a score (1–25)."""
        if score not in POSSIBLE_SCORES:
            raise ValueError(f"{score} is not severity × likelihood with both in 1..5")
        chosen = self.bands[0].band
        for threshold in self.bands:
            if score >= threshold.min_score:
                chosen = threshold.band
        return chosen

    def assess(self, score: int | None, *, major_breach_type: bool = False) -> RiskAssessment:
        """Band and score category of an incident; `score` None keeps both open except a type-driven breach."""
        band = self.band(score) if score is not None else None
        threshold = self.major_breach_min_score
        by_score = score is not None and threshold is not None and score >= threshold
        major = major_breach_type or by_score
        category = MAJOR_BREACH if major else (band.value if band is not None else None)
        return RiskAssessment(score=score, band=band, score_category=category, major_breach=major,
                              major_breach_by_type=major_breach_type, major_breach_by_score=by_score)


class RiskAssessment(BaseModel):
    """What the matrix made of one incident, with the reasons for a major-breach designation."""

    model_config = ConfigDict(frozen=True)

    score: int | None
    band: ScoreBand | None
    score_category: str | None = Field(description="The band, or `major_breach`; None when unscored and not a breach.")
    major_breach: bool
    major_breach_by_type: bool
    major_breach_by_score: bool


POSSIBLE_SCORES: frozenset[int] = frozenset(s * l for s in range(1, 6) for l in range(1, 6))


def risk_score(severity: int, likelihood: int) -> int:
    """severity × likelihood, both on the 1–5 scale."""
    for name, value in (("severity", severity), ("likelihood", likelihood)):
        if not 1 <= value <= 5:
            raise ValueError(f"{name} must be 1..5, got {value}")
    return severity * likelihood
