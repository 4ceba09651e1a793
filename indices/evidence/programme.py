"""Per-site programme counts from the Better Mining store tables, aggregated by the database.

The SQL twin of `performance.site_counts_from_records`: three grouped statements per chunk of sites (incidents
needing response with their first action, corrective-action statuses, treated and recurred risks). Only the
day difference differs between SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from indices.evidence.performance import NEEDS_RESPONSE, RESPONSE_DAYS, SiteCounts

_CHUNK = 900

_INCIDENTS = """
SELECT x.site_id, COUNT(*) AS needing, SUM(x.mb) AS mb, SUM(x.mb_cap) AS mb_cap,
       SUM(CASE WHEN x.first_action IS NULL THEN 0 ELSE 1 END) AS responded,
       SUM(CASE WHEN x.first_action IS NULL THEN 0 ELSE {days} END) AS days_total,
       SUM(CASE WHEN x.first_action IS NOT NULL AND {days} <= :limit THEN 1 ELSE 0 END) AS in_time
FROM (SELECT i.site_id, i.id, i.date,
             MAX(CASE WHEN i.major_breach THEN 1 ELSE 0 END) AS mb,
             MAX(CASE WHEN i.major_breach AND a.major_breach THEN 1 ELSE 0 END) AS mb_cap,
             MIN(a.assigned_on) AS first_action
      FROM bm_incident i LEFT JOIN bm_corrective_action a ON a.incident_id = i.id
      WHERE i.site_id IN :sites AND i.score_category IN :needs {period}
      GROUP BY i.site_id, i.id, i.date) x
GROUP BY x.site_id
"""

_TOTALS = "SELECT i.site_id, COUNT(*) FROM bm_incident i WHERE i.site_id IN :sites {period} GROUP BY i.site_id"

_ACTIONS = """
SELECT a.site_id, a.status, COUNT(*) FROM bm_corrective_action a
WHERE a.site_id IN :sites {period} GROUP BY a.site_id, a.status
"""

_RECURRENCE = """
SELECT t.site_id, COUNT(*) AS treated,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM bm_incident i WHERE i.site_id = t.site_id AND i.risk = t.risk
                             AND i.month > t.fixed {period}) THEN 1 ELSE 0 END) AS recurred
FROM (SELECT site_id, risk, MIN(implemented_month) AS fixed FROM bm_corrective_action
      WHERE site_id IN :sites AND status = 'implemented' AND implemented_month IS NOT NULL
      GROUP BY site_id, risk) t
GROUP BY t.site_id
"""


def _days(dialect: str) -> str:
    if dialect == "sqlite":
        return "CAST(julianday(x.first_action) - julianday(x.date) AS INTEGER)"
    return "(x.first_action - x.date)"


def _period(alias: str, column: str, period_from: dt.date | None, period_to: dt.date | None) -> str:
    clauses = []
    if period_from is not None:
        clauses.append(f"AND {alias}.{column} >= :period_from")
    if period_to is not None:
        clauses.append(f"AND {alias}.{column} <= :period_to")
    return " ".join(clauses)


def site_counts_from_store(conn: Connection, sites: Sequence[str], *, period_from: dt.date | None = None,
                           period_to: dt.date | None = None) -> dict[str, SiteCounts]:
    """Counts for each of `sites` that the programme has data for (sites it does not know are left out)."""
    dialect = conn.dialect.name
    base = {"limit": RESPONSE_DAYS, "needs": list(NEEDS_RESPONSE), "period_from": period_from, "period_to": period_to}
    actions_period = ("AND (a.assigned_on IS NULL OR (1 = 1 "
                      + _period("a", "assigned_on", period_from, period_to) + "))")
    statements = {
        "incidents": _INCIDENTS.format(days=_days(dialect), period=_period("i", "date", period_from, period_to)),
        "totals": _TOTALS.format(period=_period("i", "date", period_from, period_to)),
        "actions": _ACTIONS.format(period=actions_period),
        "recurrence": _RECURRENCE.format(period=_period("i", "date", period_from, period_to)),
    }
    compiled = {}
    for name, sql in statements.items():
        params = [bindparam("sites", expanding=True)]
        if ":needs" in sql:
            params.append(bindparam("needs", expanding=True))
        compiled[name] = text(sql).bindparams(*params)
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unique = sorted(set(sites))
    for start in range(0, len(unique), _CHUNK):
        chunk = unique[start:start + _CHUNK]
        values = {**base, "sites": chunk}

        def run(name: str):  # type: ignore[no-untyped-def]
            wanted = {k: v for k, v in values.items() if f":{k}" in statements[name]}
            return conn.execute(compiled[name], wanted)

        for site, needing, mb, mb_cap, responded, days_total, in_time in run("incidents"):
            f = found[site]
            f["needing_response"], f["major_breaches"], f["major_breaches_with_cap"] = needing, mb or 0, mb_cap or 0
            f["responded"], f["response_days_total"], f["responded_in_time"] = responded or 0, days_total or 0, in_time or 0
        for site, n in run("totals"):
            found[site]["incidents"] = n
        for site, status, n in run("actions"):
            found[site]["actions_assigned"] += n
            if status != "not_started":
                found[site][f"actions_{status}"] += n
        for site, treated, recurred in run("recurrence"):
            found[site]["treated_risks"], found[site]["recurred_risks"] = treated, recurred or 0
    return {site: SiteCounts(site=site, **{k: int(v) for k, v in f.items()}) for site, f in found.items()}
