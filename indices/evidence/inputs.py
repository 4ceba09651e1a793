"""Everything an index result is derived from, in one disclosable document (`IndexInputs`).

An authority given this document (and the rulebooks it names by digest) re-derives the published result with
`indices.aggregation.derive_indices`: the custody flows (which companies each traced share of material passed
through, from which origin site), the companies and their DIDs, the assessment credentials exactly as received
(re-verified on every derivation) and the programme's per-site counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from indices.bettermining.site_counts import SiteCounts
from indices.evidence.canonical import programme_jcs, traces_jcs
from indices.evidence.digest import multibase_digest

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Flow(BaseModel):
    """A share of the battery's material that came from one origin site through a sequence of companies."""

    model_config = _FROZEN

    site: str = Field(description="Origin (mine) site.")
    programme: str | None = Field(default=None, description="Monitoring programme the site is in, if any.")
    monitored: bool = Field(default=False, description="In good standing with its programme when traced.")
    companies: tuple[str, ...] = Field(min_length=1, description="Companies from the mine operator to the maker.")
    share: float = Field(gt=0, le=1, description="Share of the material's mass in the battery.")


class MaterialTrace(BaseModel):
    model_config = _FROZEN

    material: str = Field(description="Ledger material code (Co, Ni, Li, graphite, Sn, Ta, W...).")
    mass_mg: int = Field(ge=0, description="Mass of the material in the battery, milligrams.")
    flows: tuple[Flow, ...] = ()

    @model_validator(mode="after")
    def _shares_fit(self) -> MaterialTrace:
        if sum(f.share for f in self.flows) > 1 + 1e-6:
            raise ValueError(f"flows of {self.material} add up to more than the whole")
        return self

    @property
    def traced_share(self) -> float:
        return min(1.0, sum(f.share for f in self.flows))


class Company(BaseModel):
    model_config = _FROZEN

    id: str = Field(description="Party id in the custody store.")
    did: str | None = Field(default=None, description="DID that signs for it.")


class RulebookRef(BaseModel):
    model_config = _FROZEN

    id: str
    version: str
    digest: str


class ProgrammeData(BaseModel):
    """Per-site counts of the upstream monitoring programme over a period (computed, so cited by digest)."""

    model_config = _FROZEN

    source: str = Field(default="better-mining", description="The programme whose data these are.")
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    sites: tuple[SiteCounts, ...] = ()

    @property
    def digest(self) -> str:
        return multibase_digest(programme_jcs(self))


class IndexInputs(BaseModel):
    """The disclosure from which both indices are derived."""

    model_config = _FROZEN

    subject: str = Field(description="The battery (or lot) id the indices are for.")
    computed_at: dt.datetime = Field(description="When the result was computed; credentials are judged as of then.")
    rulebooks: tuple[RulebookRef, ...] = Field(min_length=1)
    materials: tuple[MaterialTrace, ...] = ()
    companies: tuple[Company, ...] = ()
    assessments: tuple[dict[str, Any], ...] = Field(default=(), description="Credentials exactly as received.")
    programme: ProgrammeData = ProgrammeData()

    @property
    def trace_digest(self) -> str:
        """Digest of the list of material traces."""
        return multibase_digest(traces_jcs(self.materials))
