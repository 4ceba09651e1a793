"""Step 5 analytics as pure functions over models: filter by period and site, group, report.

`report_from_records` is the reference the SQL path (`queries.report_from_store`) must agree with; tests hold
the two side by side on the 2022 data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from indices.bettermining.matrix import RiskMatrix
from indices.bettermining.models import CapStatusCounts, CapStatusSnapshot, CorrectiveAction, Incident
from indices.bettermining.report import ActionGroup, IncidentGroup, Step5Report, build_report
from indices.bettermining.taxonomy import RiskTaxonomy, default_taxonomy


def in_period(day: dt.date, period_from: dt.date | None, period_to: dt.date | None) -> bool:
    return (period_from is None or day >= period_from) and (period_to is None or day <= period_to)


def overlaps(start: dt.date | None, end: dt.date | None, period_from: dt.date | None,
             period_to: dt.date | None) -> bool:
    """Whether [start, end] meets the period; undated data meets every period."""
    if start is None or end is None:
        return True
    return (period_to is None or start <= period_to) and (period_from is None or end >= period_from)


def group_incidents(incidents: Iterable[Incident]) -> list[IncidentGroup]:
    """The Python twin of the report's GROUP BY."""
    counts = Counter((i.risk, i.risk_category, i.score_category, i.score, i.date.isoformat()[:7], i.major_breach)
                     for i in incidents)
    return [IncidentGroup(*key, count=n) for key, n in counts.items()]


def group_actions(actions: Iterable[CorrectiveAction]) -> list[ActionGroup]:
    counts = Counter((a.risk, a.status.value) for a in actions)
    return [ActionGroup(risk, status, n) for (risk, status), n in counts.items()]


def action_in_scope(action: CorrectiveAction, period: tuple[dt.date, dt.date] | None, period_from: dt.date | None,
                    period_to: dt.date | None, site_id: str | None) -> bool:
    """Dated actions by their assigned date; undated ones by the period they were imported for (or always)."""
    if site_id is not None and action.site_id != site_id:
        return False
    if action.assigned_on is not None:
        return in_period(action.assigned_on, period_from, period_to)
    return overlaps(*(period or (None, None)), period_from, period_to)


def status_counts(actions: Iterable[CorrectiveAction]) -> CapStatusCounts:
    """Status counts of a set of actions (e.g. one risk's), from which the rates follow."""
    counts = Counter(a.status.value for a in actions)
    return CapStatusCounts(**counts)


def report_from_records(incidents: Iterable[Incident], actions: Iterable[CorrectiveAction] = (),
                        snapshots: Iterable[CapStatusSnapshot] = (), *, period_from: dt.date | None = None,
                        period_to: dt.date | None = None, site_id: str | None = None,
                        action_periods: dict[str, tuple[dt.date, dt.date]] | None = None,
                        matrix: RiskMatrix | None = None, taxonomy: RiskTaxonomy | None = None) -> Step5Report:
    """The Step 5 report over in-memory records; published counts are programme-wide, so a site report skips them."""
    periods = action_periods or {}
    chosen = [i for i in incidents
              if in_period(i.date, period_from, period_to) and (site_id is None or i.site_id == site_id)]
    scoped = [a for a in actions if action_in_scope(a, periods.get(a.id), period_from, period_to, site_id)]
    snaps = [] if site_id is not None else [
        s for s in snapshots if overlaps(s.period_start, s.period_end, period_from, period_to)]
    return build_report(
        incident_groups=group_incidents(chosen), action_groups=group_actions(scoped), snapshots=snaps,
        major_breach_actions=[a for a in scoped if a.major_breach], matrix=matrix or RiskMatrix(),
        taxonomy=taxonomy or default_taxonomy(), period_from=period_from, period_to=period_to, site_id=site_id)
