"""Mine sites: the upstream places (mines, processing plants, smelters) that data about minerals refers to.

Shared by every domain that speaks of where material comes from (Better Mining, custody events, indices).
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class SiteType(str, Enum):
    """What happens at the site."""

    mine = "mine"
    processing = "processing"
    smelter = "smelter"


class ProgrammeStatus(str, Enum):
    """A site's standing in an upstream monitoring programme (a major breach can suspend it)."""

    active = "active"
    suspended = "suspended"
    exited = "exited"


class Coordinates(BaseModel):
    """WGS 84 position of the site."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    latitude: float = Field(ge=-90, le=90, description="Decimal degrees north (WGS 84).")
    longitude: float = Field(ge=-180, le=180, description="Decimal degrees east (WGS 84).")


class MineSite(BaseModel):
    """A monitored site: identity, place, minerals and programme standing."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64, description="Stable site identifier given by the programme.")
    name: str | None = Field(default=None, max_length=200, description="Site name; often withheld in public reports.")
    country: str = Field(
        pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code of the country the site is in (e.g. CD, RW)."
    )
    coordinates: Coordinates | None = Field(default=None, description="Position of the site, when disclosed.")
    minerals: tuple[str, ...] = Field(
        default=(), description="Minerals produced or handled, lower case (tin, tantalum, tungsten, cobalt, ...)."
    )
    site_type: SiteType = Field(default=SiteType.mine, description="mine, processing or smelter.")
    programme_status: ProgrammeStatus = Field(
        default=ProgrammeStatus.active, description="active, suspended or exited from the monitoring programme."
    )
