"""Performance indicators from upstream programme data: per-company metrics over the Better Mining per-site
counts (`indices.bettermining.site_counts`).

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

import math
from collections.abc import Iterable, Mapping
from operator import attrgetter

from indices.bettermining.site_counts import COUNT_FIELDS, SiteCounts

METRICS = ("monitoring_coverage", "monitored_asm_share", "suspension_handling", "accelerated_cap_share",
           "cap_implementation_rate", "cap_progress_rate", "timely_response_share", "non_recurrence_share")
_INDEX = {name: i for i, name in enumerate(COUNT_FIELDS)}


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


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
