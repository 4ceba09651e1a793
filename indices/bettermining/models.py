"""Better Mining records: incidents, corrective actions with their monthly CAP reviews, and CAP status counts.

Field names follow the programme's exports (`incident_type`, `score_category`, `risk`); the codes are the
taxonomy's (`indices.bettermining.taxonomy`). Cross-record rules that need the taxonomy or the store (known risk
codes, replacements) are checked by the importer; these models check what one record can check alone.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from indices.bettermining.matrix import POSSIBLE_SCORES, SCORE_CATEGORIES

_CODE = r"^[a-z][a-z0-9_]*$"
_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


class ActionStatus(str, Enum):
    """Status of a corrective action at a monthly review."""

    implemented = "implemented"
    in_progress = "in_progress"
    not_started = "not_started"
    cancelled = "cancelled"


class Incident(BaseModel):
    """An incident recorded by a field agent, with the risk it evidences and its score."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, description="Stable incident id (e.g. `BM22-3T-001`).")
    site_id: str | None = Field(
        default=None, max_length=64, description="Mine site it happened at; absent in anonymised public data."
    )
    date: dt.date = Field(description="Date the incident was recorded (ISO 8601).")
    incident_type: str = Field(min_length=1, max_length=200, description="Incident type, English label.")
    incident_type_code: str | None = Field(
        default=None, pattern=_CODE, description="Code of the programme risk area the type resolved to, if known."
    )
    incident_type_zh: str | None = Field(default=None, max_length=200, description="Incident type, report wording.")
    description_zh: str | None = Field(default=None, max_length=4000, description="Description, report wording.")
    description: str | None = Field(default=None, max_length=4000, description="Description in English, if any.")
    severity: int | None = Field(default=None, ge=1, le=5, description="Severity on the 1–5 scale, if recorded.")
    likelihood: int | None = Field(default=None, ge=1, le=5, description="Likelihood on the 1–5 scale, if recorded.")
    score: int | None = Field(
        default=None, ge=1, le=25, description="Risk score, severity × likelihood; null when the source has none."
    )
    score_category: str = Field(description="low, medium, high, very_high, or major_breach (a designation).")
    risk_category: str = Field(pattern=_CODE, description="Risk category code (human_rights, legality, security).")
    risk: str = Field(pattern=_CODE, description="OECD Annex II risk code.")
    major_breach: bool = Field(default=False, description="Designated a major breach (by type or by score).")

    @model_validator(mode="after")
    def _score_is_consistent(self) -> Incident:
        if self.score_category not in SCORE_CATEGORIES:
            raise ValueError(f"score_category must be one of {', '.join(SCORE_CATEGORIES)}")
        if self.score is not None and self.score not in POSSIBLE_SCORES:
            raise ValueError("score is not severity × likelihood with both in 1..5")
        if self.severity is not None and self.likelihood is not None:
            if self.score is not None and self.score != self.severity * self.likelihood:
                raise ValueError("score differs from severity × likelihood")
        if (self.score_category == "major_breach") != self.major_breach:
            raise ValueError("major_breach must be set exactly when score_category is major_breach")
        return self


class CapReview(BaseModel):
    """One monthly review of a corrective action: its status that month."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    month: str = Field(pattern=_MONTH, description="Month reviewed, `YYYY-MM`.")
    status: ActionStatus
    note: str | None = Field(default=None, max_length=2000, description="What the monitor observed.")


class CorrectiveAction(BaseModel):
    """An action of a corrective action plan (CAP), assigned to a local stakeholder against one risk."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, description="Stable action id (e.g. `BM22-CA-MB-01`).")
    risk: str = Field(pattern=_CODE, description="OECD Annex II risk code the action responds to.")
    action: str = Field(min_length=1, max_length=4000, description="What is to be done.")
    status: ActionStatus = Field(description="Status at the latest review.")
    site_id: str | None = Field(default=None, max_length=64, description="Mine site, when known.")
    incident_id: str | None = Field(default=None, max_length=64, description="Incident that prompted it, if known.")
    major_breach: bool = Field(default=False, description="Part of an accelerated CAP answering a major breach.")
    assigned_on: dt.date | None = Field(default=None, description="Date the action was assigned, if known.")
    implemented_month: str | None = Field(default=None, pattern=_MONTH, description="Month implemented, `YYYY-MM`.")
    replaces: str | None = Field(
        default=None, max_length=64, description="Id of the cancelled action this one replaces."
    )
    reviews: tuple[CapReview, ...] = Field(default=(), description="Monthly CAP reviews, oldest first.")

    @model_validator(mode="after")
    def _history_is_consistent(self) -> CorrectiveAction:
        if self.implemented_month is not None and self.status is not ActionStatus.implemented:
            raise ValueError("implemented_month is set but status is not implemented")
        months = [r.month for r in self.reviews]
        if months != sorted(set(months)):
            raise ValueError("reviews must be one per month, oldest first")
        if self.reviews and self.reviews[-1].status is not self.status:
            raise ValueError("status differs from the latest review")
        if self.replaces == self.id:
            raise ValueError("replaces: an action cannot replace itself")
        return self


class CapStatusCounts(BaseModel):
    """How many actions are in each status; the rates the Step 5 report quotes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    implemented: int = Field(default=0, ge=0)
    in_progress: int = Field(default=0, ge=0)
    not_started: int = Field(default=0, ge=0)
    cancelled: int = Field(default=0, ge=0)

    @property
    def assigned(self) -> int:
        return self.implemented + self.in_progress + self.not_started + self.cancelled

    @property
    def implementation_rate(self) -> float | None:
        """implemented / (assigned − cancelled): a cancelled action was replaced, so it is not owed."""
        owed = self.assigned - self.cancelled
        return self.implemented / owed if owed else None

    @property
    def progress_rate(self) -> float | None:
        """(implemented + in progress) / assigned."""
        return (self.implemented + self.in_progress) / self.assigned if self.assigned else None

    def __add__(self, other: CapStatusCounts) -> CapStatusCounts:
        return CapStatusCounts(**{s.value: getattr(self, s.value) + getattr(other, s.value) for s in ActionStatus})


class CapStatusSnapshot(BaseModel):
    """Published status counts of the actions recommended against one risk (no per-action rows)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    risk: str = Field(pattern=_CODE, description="OECD Annex II risk code.")
    counts: CapStatusCounts
    period_start: dt.date | None = Field(default=None, description="First day of the period the counts cover.")
    period_end: dt.date | None = Field(default=None, description="Last day of the period (status as of then).")

    @model_validator(mode="after")
    def _period_is_ordered(self) -> CapStatusSnapshot:
        if (self.period_start is None) != (self.period_end is None):
            raise ValueError("period_end: give both period_start and period_end, or neither")
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise ValueError("period_start is after period_end")
        return self
