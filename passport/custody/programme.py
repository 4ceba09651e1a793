"""Site standing in an upstream monitoring programme, as the custody rules consume it: a callable
`(site id, instant) -> "active" | "suspended" | "exited" | None`.

The Better Mining domain keeps its own site records (`passport.sites.MineSite`); these adapters turn them, or
dated suspensions, into that callable, so custody does not depend on another domain's tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from passport.custody.state import SiteStatus


@dataclass(frozen=True)
class Suspension:
    """A site suspended by its programme from `start` until `end` (None: still suspended)."""

    site: str
    start: datetime
    end: datetime | None = None
    status: str = "suspended"


def status_from_suspensions(suspensions: Iterable[Suspension], *, default: str | None = "active") -> SiteStatus:
    """A site is `default` except during its suspensions."""
    by_site: dict[str, list[Suspension]] = {}
    for s in suspensions:
        by_site.setdefault(s.site, []).append(s)

    def status(site: str, when: datetime) -> str | None:
        for s in by_site.get(site, []):
            if s.start <= when and (s.end is None or when < s.end):
                return s.status
        return default

    return status


def status_from_mine_sites(sites: Mapping[str, object]) -> SiteStatus:
    """Current programme status of Better Mining `MineSite` records, keyed by custody site URI (no history)."""

    def status(site: str, _when: datetime) -> str | None:
        found = sites.get(site)
        value = getattr(found, "programme_status", None)
        return getattr(value, "value", value)

    return status
