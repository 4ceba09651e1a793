"""The Step 5 report over the store: the database groups (GROUP BY), Python only assembles a few hundred rows.

Filters: a period (`date` between the bounds) and optionally one site. The same scope rules as
`analytics.report_from_records` apply, written as SQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.engine import Engine, Row
from sqlalchemy.sql import ColumnElement

from indices.bettermining.matrix import MAJOR_BREACH, RiskMatrix
from indices.bettermining.models import CapStatusCounts, CapStatusSnapshot, CorrectiveAction, Incident
from indices.bettermining.report import ActionGroup, IncidentGroup, Step5Report, build_report
from indices.bettermining.rows import incident_from_row, site_from_row
from indices.bettermining.tables import BmCapStatusCount, BmCorrectiveAction, BmIncident, BmSite
from indices.bettermining.taxonomy import RiskTaxonomy, default_taxonomy
from passport.sites import MineSite

_I = BmIncident.__table__
_A = BmCorrectiveAction.__table__
_C = BmCapStatusCount.__table__


def _incident_scope(period_from: dt.date | None, period_to: dt.date | None,
                    site_id: str | None) -> list[ColumnElement[bool]]:
    where = []  # the month bounds let the report index be range-scanned; the dates make it exact
    if period_from is not None:
        where += [_I.c.month >= period_from.isoformat()[:7], _I.c.date >= period_from]
    if period_to is not None:
        where += [_I.c.month <= period_to.isoformat()[:7], _I.c.date <= period_to]
    if site_id is not None:
        where.append(_I.c.site_id == site_id)
    return where


def _overlap(start: ColumnElement[dt.date], end: ColumnElement[dt.date], period_from: dt.date | None,
             period_to: dt.date | None) -> ColumnElement[bool]:
    """[start, end] meets the period, or is undated (undated data meets every period)."""
    bounds = [c for c in ((start <= period_to) if period_to else None, (end >= period_from) if period_from else None)
              if c is not None]
    return or_(start.is_(None), and_(*bounds)) if bounds else true()


def _action_scope(period_from: dt.date | None, period_to: dt.date | None,
                  site_id: str | None) -> list[ColumnElement[bool]]:
    dated = [_A.c.assigned_on.is_not(None)]
    if period_from is not None:
        dated.append(_A.c.assigned_on >= period_from)
    if period_to is not None:
        dated.append(_A.c.assigned_on <= period_to)
    undated = and_(_A.c.assigned_on.is_(None), _overlap(_A.c.period_start, _A.c.period_end, period_from, period_to))
    where = [or_(and_(*dated), undated)]
    if site_id is not None:
        where.append(_A.c.site_id == site_id)
    return where


def incident_groups(engine: Engine, period_from: dt.date | None = None, period_to: dt.date | None = None,
                    site_id: str | None = None) -> list[IncidentGroup]:
    """Incident counts by month, risk, category and score: the one scan of the incident table a report makes.

    The keys are in the order of `ix_bm_incident_report`, so SQLite reads that covering index in order
    instead of sorting; `major_breach` follows from the score category (a model invariant).
    """
    keys = (_I.c.month, _I.c.risk, _I.c.risk_category, _I.c.score_category, _I.c.score)
    statement = select(*keys, func.count()).where(*_incident_scope(period_from, period_to, site_id)).group_by(*keys)
    with engine.connect() as connection:
        return [IncidentGroup(risk=risk, risk_category=category, score_category=score_category, score=score,
                              month=month, major_breach=score_category == MAJOR_BREACH, count=count)
                for month, risk, category, score_category, score, count in connection.execute(statement)]


def report_from_store(engine: Engine, *, period_from: dt.date | None = None, period_to: dt.date | None = None,
                      site_id: str | None = None, matrix: RiskMatrix | None = None,
                      taxonomy: RiskTaxonomy | None = None) -> Step5Report:
    """The Step 5 report for the programme (or one site) over a period, aggregated by the database."""
    groups = incident_groups(engine, period_from, period_to, site_id)
    scope = _action_scope(period_from, period_to, site_id)
    with engine.connect() as connection:
        actions = [ActionGroup(*row) for row in connection.execute(
            select(_A.c.risk, _A.c.status, func.count()).where(*scope).group_by(_A.c.risk, _A.c.status))]
        breach_rows = connection.execute(select(_A).where(_A.c.major_breach.is_(True), *scope)).all()
        snapshots = [] if site_id is not None else _snapshots(connection.execute(
            select(_C).where(_overlap(_C.c.period_start, _C.c.period_end, period_from, period_to))).all())
    breach_actions = [CorrectiveAction(id=r.id, risk=r.risk, action=r.action, status=r.status, site_id=r.site_id,
                                       incident_id=r.incident_id, major_breach=True, assigned_on=r.assigned_on,
                                       implemented_month=r.implemented_month, replaces=r.replaces)
                      for r in breach_rows]
    return build_report(incident_groups=groups, action_groups=actions, snapshots=snapshots,
                        major_breach_actions=breach_actions, matrix=matrix or RiskMatrix(),
                        taxonomy=taxonomy or default_taxonomy(), period_from=period_from, period_to=period_to,
                        site_id=site_id)


def _snapshots(rows: Sequence[Row[Any]]) -> list[CapStatusSnapshot]:
    grouped: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    periods: dict[tuple[str, str], tuple[dt.date | None, dt.date | None]] = {}
    for r in rows:
        grouped[(r.scope, r.risk)][r.status] = r.count
        periods[(r.scope, r.risk)] = (r.period_start, r.period_end)
    return [CapStatusSnapshot(risk=risk, counts=CapStatusCounts(**counts), period_start=periods[(scope, risk)][0],
                              period_end=periods[(scope, risk)][1]) for (scope, risk), counts in grouped.items()]


def incidents_by_site(engine: Engine, period_from: dt.date | None = None,
                      period_to: dt.date | None = None) -> dict[str | None, int]:
    """Incident counts per site over a period (None: incidents without a site)."""
    statement = (select(_I.c.site_id, func.count()).where(*_incident_scope(period_from, period_to, None))
                 .group_by(_I.c.site_id))
    with engine.connect() as connection:
        return dict(connection.execute(statement).all())


def load_sites(engine: Engine) -> dict[str, MineSite]:
    """Every stored mine site by id (e.g. for `passport.custody.programme.status_from_mine_sites`)."""
    with engine.connect() as connection:
        return {r.id: site_from_row(r) for r in connection.execute(select(BmSite.__table__).order_by("id"))}


def load_incidents(engine: Engine) -> list[Incident]:
    """Every stored incident as a model (for exports and checks; the report never loads them all)."""
    with engine.connect() as connection:
        return [incident_from_row(r) for r in connection.execute(select(_I).order_by(_I.c.id))]
