"""The chain as the rules see it: lots with their material ledger, tags, sites, mass-balance credits;
the findings the rules raise and the effects they ask the store to apply.

Everything here is plain data. `passport.custody.rules.apply_event` reads and updates a `ChainState`;
the store builds one from its tables (intake) or from a replay of all events (`passport custody check`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: A site's standing in its monitoring programme at an instant: "active", "suspended", "exited" or None (unknown).
SiteStatus = Callable[[str, datetime], "str | None"]


def no_status(_site: str, _when: datetime) -> str | None:
    """The default when no monitoring programme data is wired in: nothing is known."""
    return None


class Finding(BaseModel):
    """One integrity finding: a stable code, how bad it is, and which event and lots it concerns.

    `error`: the event contradicts the chain and is refused at intake; `warning`: the event is accepted and
    recorded, and needs due-diligence follow-up (e.g. a suspended site still shipping).
    """

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable code, e.g. TAG_REUSED.")
    severity: Literal["error", "warning"] = Field(description="error: refused at intake; warning: recorded.")
    message: str = Field(description="What is wrong, in words (ids only, never volumes or prices).")
    event_id: str | None = Field(default=None, description="The event the finding is about.")
    lot_ids: tuple[str, ...] = Field(default=(), description="The lots concerned.")


@dataclass
class MaterialState:
    """One line of the mass-balance ledger: a material in a lot, how much of it is monitored-origin, under
    which chain-of-custody model that claim was made."""

    mass_mg: int
    monitored_mg: int
    model: str


@dataclass
class LotState:
    id: str
    mass_mg: int
    remaining_mg: int
    custodian: str
    created_at: datetime
    created_by: str
    site: str | None = None
    origin_site: str | None = None
    product: str | None = None
    tag: str | None = None
    unit_mg: int | None = None
    status: str = "active"
    kind: str = "lot"  # origin (tagged at a mine), lot, or composite (assembled: a battery)
    materials: dict[str, MaterialState] = field(default_factory=dict)
    #: material -> {origin site id: share of this lot's material mass}; what the shares miss is unknown origin.
    origins: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteInfo:
    id: str
    party: str
    country: str
    origin: bool = False
    programme: str | None = None


@dataclass
class TagState:
    id: str
    site: str
    used_by: str | None = None


@dataclass
class ChainState:
    sites: dict[str, SiteInfo] = field(default_factory=dict)
    lots: dict[str, LotState] = field(default_factory=dict)
    tags: dict[str, TagState] = field(default_factory=dict)
    #: (party, material, period) -> monitored-origin milligrams available to claim in that period.
    credits: dict[tuple[str, str, str], int] = field(default_factory=dict)
    site_status: SiteStatus = no_status


# --- effects: what the store must write, each guarded there by a conditional UPDATE -------------------------

@dataclass(frozen=True)
class Edge:
    parent: str
    material: str
    share: float


@dataclass(frozen=True)
class CreateLot:
    lot: LotState
    parents: tuple[Edge, ...] = ()


@dataclass(frozen=True)
class Consume:
    lot: str
    grams: int
    party: str


@dataclass(frozen=True)
class Transfer:
    lot: str
    source: str
    destination: str


@dataclass(frozen=True)
class UseTag:
    tag: str
    site: str
    lot: str


@dataclass(frozen=True)
class Deposit:
    party: str
    material: str
    period: str
    grams: int


@dataclass(frozen=True)
class Withdraw:
    party: str
    material: str
    period: str
    grams: int


@dataclass(frozen=True)
class Decommission:
    lot: str
    party: str


@dataclass(frozen=True)
class Demonitor:
    """Material shipped by a suspended site loses its monitored-origin claim."""

    lot: str


Effect = CreateLot | Consume | Transfer | UseTag | Deposit | Withdraw | Decommission | Demonitor


@dataclass
class Outcome:
    """What one event did: its findings, the effects to write, and the lots it touched (role per lot)."""

    findings: list[Finding] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    lots: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]
