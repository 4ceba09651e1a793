"""The Better Mining programme's per-site counts: what it recorded at one site, as counts that add up across
sites, and the reference computation from records (`indices.bettermining.rollup` is its SQL twin)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from indices.bettermining.models import ActionStatus, CorrectiveAction, Incident

RESPONSE_DAYS = 30
NEEDS_RESPONSE = ("high", "very_high", "major_breach")


class SiteCounts(BaseModel):
    """What the programme recorded at one site over the period, as counts that add up across sites."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site: str = Field(description="Site id (the programme's and the custody trace's).")
    incidents: int = Field(default=0, ge=0)
    needing_response: int = Field(default=0, ge=0, description="Incidents scored high, very high or major breach.")
    responded_in_time: int = Field(default=0, ge=0, description=f"Of those, with an action within {RESPONSE_DAYS} days.")
    response_days_total: int = Field(default=0, ge=0, description="Sum of days from incident to first action.")
    responded: int = Field(default=0, ge=0, description="Incidents needing response that got an action at all.")
    major_breaches: int = Field(default=0, ge=0)
    major_breaches_with_cap: int = Field(default=0, ge=0, description="Answered by an accelerated CAP action.")
    actions_assigned: int = Field(default=0, ge=0)
    actions_implemented: int = Field(default=0, ge=0)
    actions_in_progress: int = Field(default=0, ge=0)
    actions_cancelled: int = Field(default=0, ge=0)
    treated_risks: int = Field(default=0, ge=0, description="Risks with an implemented action at the site.")
    recurred_risks: int = Field(default=0, ge=0, description="Of those, with an incident in a later month.")


def _needs_response(incident: Incident) -> bool:
    return incident.score_category in NEEDS_RESPONSE


def site_counts_from_records(site: str, incidents: Iterable[Incident], actions: Iterable[CorrectiveAction],
                             *, period_from: dt.date | None = None, period_to: dt.date | None = None) -> SiteCounts:
    """Counts for one site from records (the reference the SQL in `indices.bettermining.rollup` agrees with)."""
    chosen = [i for i in incidents if i.site_id == site and (period_from is None or i.date >= period_from)
              and (period_to is None or i.date <= period_to)]
    site_actions = [a for a in actions if a.site_id == site]
    by_incident: dict[str, list[CorrectiveAction]] = defaultdict(list)
    for a in site_actions:
        if a.incident_id is not None:
            by_incident[a.incident_id].append(a)
    counts: dict[str, int] = defaultdict(int)
    for i in chosen:
        linked = by_incident.get(i.id, [])
        if i.major_breach:
            counts["major_breaches"] += 1
            counts["major_breaches_with_cap"] += any(a.major_breach for a in linked)
        if _needs_response(i):
            counts["needing_response"] += 1
            dates = [a.assigned_on for a in linked if a.assigned_on is not None]
            if dates:
                days = max(0, (min(dates) - i.date).days)
                counts["responded"] += 1
                counts["response_days_total"] += days
                counts["responded_in_time"] += days <= RESPONSE_DAYS
    scoped = [a for a in site_actions if a.assigned_on is None or
              ((period_from is None or a.assigned_on >= period_from) and (period_to is None or a.assigned_on <= period_to))]
    for a in scoped:
        counts["actions_assigned"] += 1
        if a.status is not ActionStatus.not_started:
            counts[f"actions_{a.status.value}"] += 1
    first_fix: dict[str, str] = {}
    for a in site_actions:
        if a.status is ActionStatus.implemented and a.implemented_month is not None:
            first_fix[a.risk] = min(first_fix.get(a.risk, a.implemented_month), a.implemented_month)
    counts["treated_risks"] = len(first_fix)
    counts["recurred_risks"] = sum(
        any(i.risk == risk and i.date.isoformat()[:7] > month for i in chosen) for risk, month in first_fix.items())
    return SiteCounts(site=site, incidents=len(chosen), **counts)


COUNT_FIELDS = tuple(name for name in SiteCounts.model_fields if name != "site")
