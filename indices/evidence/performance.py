"""Performance indicators from upstream programme data (Better Mining): per-site counts, then per-company metrics.

Site counts are additive, so a company's metrics are sums over the sites it sources from in this battery. Each
metric is a response-quality ratio that exists only when there is something to respond to (`None` otherwise):

    monitoring_coverage      traced origin mass from programme-monitored (or certified) sites / traced origin mass
    monitored_asm_share      traced origin mass from programme-monitored ASM sites / traced origin mass
    suspension_handling      1 − mass from suspended or exited programme sites / mass from programme sites
    accelerated_cap_share    major breaches answered by an accelerated CAP action / major breaches
    cap_implementation_rate  implemented / (assigned − cancelled)          (a cancelled action was replaced)
    cap_progress_rate        (implemented + in progress) / assigned
    timely_response_share    incidents needing action with one assigned within `RESPONSE_DAYS` / incidents needing action
    non_recurrence_share     1 − site risks that recurred after an implemented action / site risks so treated

Finding an incident never lowers a metric by itself: it only makes the response metrics applicable.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from operator import attrgetter

from pydantic import BaseModel, ConfigDict, Field

from indices.bettermining.models import ActionStatus, CorrectiveAction, Incident

RESPONSE_DAYS = 30
NEEDS_RESPONSE = ("high", "very_high", "major_breach")
METRICS = ("monitoring_coverage", "monitored_asm_share", "suspension_handling", "accelerated_cap_share",
           "cap_implementation_rate", "cap_progress_rate", "timely_response_share", "non_recurrence_share")


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
    """Counts for one site from records (the reference the SQL in `indices.evidence.programme` agrees with)."""
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


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


COUNT_FIELDS = tuple(name for name in SiteCounts.model_fields if name != "site")
_INDEX = {name: i for i, name in enumerate(COUNT_FIELDS)}


def count_vectors(sites: Iterable[SiteCounts]) -> dict[str, tuple[int, ...]]:
    """Site -> its counts as a tuple (in `SiteCounts` field order), for fast sums over many sites."""
    get = attrgetter(*COUNT_FIELDS)
    return {s.site: get(s) for s in sites}


def company_metrics(origin_shares: Mapping[str, float], *, monitored: Mapping[str, bool],
                    programme_sites: set[str], certified_sites: set[str],
                    counts: Mapping[str, tuple[int, ...]]) -> dict[str, float | None]:
    """The metrics of a company that sources `origin_shares` (site -> share of its traced material mass);
    `counts` from `count_vectors`. Set operations and `math.fsum` (exact, whatever the order): a refiner's
    trace may reach ten thousand sites."""
    sites = origin_shares.keys()
    share = origin_shares.__getitem__
    programme = sites & programme_sites
    active = {s for s in programme if monitored.get(s)}
    traced = math.fsum(origin_shares.values())
    asm = math.fsum(map(share, active))
    in_programme = math.fsum(map(share, programme))
    suspended = math.fsum(map(share, programme - active))
    watched = math.fsum(map(share, active | (sites & certified_sites)))
    known = sites & counts.keys()
    totals = [sum(column) for column in zip(*map(counts.__getitem__, known), strict=True)] if known \
        else [0] * len(COUNT_FIELDS)
    t = {name: totals[i] for name, i in _INDEX.items()}
    return {
        "monitoring_coverage": _ratio(watched, traced),
        "monitored_asm_share": _ratio(asm, traced),
        "suspension_handling": None if not programme else 1 - suspended / in_programme,
        "accelerated_cap_share": _ratio(t["major_breaches_with_cap"], t["major_breaches"]),
        "cap_implementation_rate": _ratio(t["actions_implemented"], t["actions_assigned"] - t["actions_cancelled"]),
        "cap_progress_rate": _ratio(t["actions_implemented"] + t["actions_in_progress"], t["actions_assigned"]),
        "timely_response_share": _ratio(t["responded_in_time"], t["needing_response"]),
        "non_recurrence_share": None if t["treated_risks"] == 0 else 1 - t["recurred_risks"] / t["treated_risks"],
    }
