"""The per-site programme counts rollup (`bm_site_counts`) and the SQL that computes counts from the Better Mining
store tables.

Over the whole record (no period) the indices read `bm_site_counts`, a rollup the Better Mining import keeps
current in its own transaction (`refresh_site_counts` for the sites it touched): a battery whose trace reaches
10,000 sites reads 10,000 small rows, however many incidents the programme holds. A period reads the raw
tables (`live_site_counts`).

`live_site_counts` is the SQL twin of `site_counts.site_counts_from_records`: four grouped statements
(incidents needing a response with their first action, incident totals, corrective-action statuses, treated
and recurred risks), per chunk of sites for a few, or in one pass over every site for many. Only the day
difference differs between SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import bindparam, delete, select, text
from sqlalchemy.engine import Connection

from indices.bettermining.site_counts import COUNT_FIELDS, NEEDS_RESPONSE, RESPONSE_DAYS, SiteCounts
from indices.bettermining.tables import BmSiteCounts
from indices.bettermining.writer import bulk_insert

_CHUNK = 900
_SITE_COUNTS = TypeAdapter(list[SiteCounts])          # one validation call for thousands of rows

# {sites_i}/{sites_a}: `IN :sites` for a few sites, or every site (one pass, filtered in Python) for many;
# {scan}: in one pass SQLite reads the table in order (NOT INDEXED) rather than through the (site, date) index
# with a row lookup per incident, which costs it 2-3 times more
_INCIDENTS = """
SELECT i.site_id, COUNT(*) AS needing, SUM(CASE WHEN i.major_breach THEN 1 ELSE 0 END) AS mb,
       SUM(CASE WHEN i.major_breach AND f.cap = 1 THEN 1 ELSE 0 END) AS mb_cap,
       SUM(CASE WHEN f.first_action IS NULL THEN 0 ELSE 1 END) AS responded,
       SUM(CASE WHEN f.first_action IS NULL THEN 0 ELSE {days} END) AS days_total,
       SUM(CASE WHEN f.first_action IS NOT NULL AND {days} <= :limit THEN 1 ELSE 0 END) AS in_time
FROM bm_incident i {scan}
LEFT JOIN (SELECT a.incident_id, a.site_id, MIN(a.assigned_on) AS first_action,
                  MAX(CASE WHEN a.major_breach THEN 1 ELSE 0 END) AS cap
           FROM bm_corrective_action a WHERE a.incident_id IS NOT NULL AND {sites_a}
           GROUP BY a.incident_id, a.site_id) f ON f.incident_id = i.id AND f.site_id = i.site_id
WHERE {sites_i} AND i.score_category IN :needs {period}
GROUP BY i.site_id
"""

_TOTALS = "SELECT i.site_id, COUNT(*) FROM bm_incident i WHERE {sites_i} {period} GROUP BY i.site_id"

_ACTIONS = """
SELECT a.site_id, a.status, COUNT(*) FROM bm_corrective_action a
WHERE {sites_a} {period} GROUP BY a.site_id, a.status
"""

# a treated risk recurred when the site's last incident of that risk (in the period) is in a later month
_RECURRENCE = """
SELECT t.site_id, COUNT(*) AS treated, SUM(CASE WHEN r.last_month > t.fixed THEN 1 ELSE 0 END) AS recurred
FROM (SELECT a.site_id, a.risk, MIN(a.implemented_month) AS fixed FROM bm_corrective_action a
      WHERE {sites_a} AND a.status = 'implemented' AND a.implemented_month IS NOT NULL
      GROUP BY a.site_id, a.risk) t
LEFT JOIN (SELECT i.site_id, i.risk, MAX(i.month) AS last_month FROM bm_incident i {scan} WHERE {sites_i} {period}
           GROUP BY i.site_id, i.risk) r ON r.site_id = t.site_id AND r.risk = t.risk
GROUP BY t.site_id
"""


def _days(dialect: str) -> str:
    """Whole days from incident to first action, never negative (as `site_counts_from_records` counts them)."""
    raw = ("CAST(julianday(f.first_action) - julianday(i.date) AS INTEGER)" if dialect == "sqlite"
           else "(f.first_action - i.date)")
    return f"(CASE WHEN {raw} < 0 THEN 0 ELSE {raw} END)"


def _period(alias: str, column: str, period_from: dt.date | None, period_to: dt.date | None) -> str:
    clauses = []
    if period_from is not None:
        clauses.append(f"AND {alias}.{column} >= :period_from")
    if period_to is not None:
        clauses.append(f"AND {alias}.{column} <= :period_to")
    return " ".join(clauses)


def live_site_counts(conn: Connection, sites: Sequence[str] | None, *, period_from: dt.date | None = None,
                     period_to: dt.date | None = None) -> dict[str, SiteCounts]:
    """Counts for each of `sites` (every site when None) that the programme has data for, from the raw tables."""
    dialect = conn.dialect.name
    base = {"limit": RESPONSE_DAYS, "needs": list(NEEDS_RESPONSE), "period_from": period_from, "period_to": period_to}
    actions_period = ("AND (a.assigned_on IS NULL OR (1 = 1 "
                      + _period("a", "assigned_on", period_from, period_to) + "))")
    unique = None if sites is None else sorted(set(sites))
    one_pass = unique is None or len(unique) > _CHUNK
    where = {"sites_i": "i.site_id IS NOT NULL" if one_pass else "i.site_id IN :sites",
             "sites_a": "a.site_id IS NOT NULL" if one_pass else "a.site_id IN :sites",
             "scan": "NOT INDEXED" if one_pass and dialect == "sqlite" else ""}
    incident_period = _period("i", "date", period_from, period_to)
    statements = {
        "incidents": _INCIDENTS.format(days=_days(dialect), period=incident_period, **where),
        "totals": _TOTALS.format(period=incident_period, **{**where, "scan": ""}),
        "actions": _ACTIONS.format(period=actions_period, **where),
        "recurrence": _RECURRENCE.format(period=incident_period, **where),
    }
    compiled = {}
    for name, sql in statements.items():
        params = [bindparam(p, expanding=True) for p in ("sites", "needs") if f":{p}" in sql]
        compiled[name] = text(sql).bindparams(*params)
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    chunks = [unique] if one_pass else [unique[i:i + _CHUNK] for i in range(0, len(unique or ()), _CHUNK)]

    def run(name: str, values: dict[str, Any]):  # type: ignore[no-untyped-def]
        return conn.execute(compiled[name], {k: v for k, v in values.items() if f":{k}" in statements[name]})

    for chunk in chunks:
        values = {**base, "sites": chunk}
        for site, needing, mb, mb_cap, responded, days_total, in_time in run("incidents", values):
            f = found[site]
            f["needing_response"], f["major_breaches"], f["major_breaches_with_cap"] = needing, mb or 0, mb_cap or 0
            f["responded"], f["response_days_total"], f["responded_in_time"] = responded or 0, days_total or 0, in_time or 0
        for site, n in run("totals", values):
            found[site]["incidents"] = n
        for site, status, n in run("actions", values):
            found[site]["actions_assigned"] += n
            if status != "not_started":
                found[site][f"actions_{status}"] += n
        for site, treated, recurred in run("recurrence", values):
            found[site]["treated_risks"], found[site]["recurred_risks"] = treated, recurred or 0
    wanted = None if unique is None else set(unique)
    return {site: SiteCounts(site=site, **{k: int(v) for k, v in f.items()})
            for site, f in found.items() if wanted is None or site in wanted}


def refresh_site_counts(conn: Connection, sites: Iterable[str] | None = None) -> int:
    """Recompute the rollup rows of `sites` (of every site when None) from the raw tables, inside the caller's
    transaction; a site left with no data loses its row. Returns the number of rows written.

    Whatever writes incidents or corrective actions calls this with the sites it touched (the old and the new
    site of a row that moved): the Better Mining import does."""
    table = BmSiteCounts
    chosen = None if sites is None else sorted({s for s in sites if s})
    if chosen is not None and len(chosen) > _CHUNK:
        chosen = None                                   # one pass over everything costs less than many chunks
    if chosen is None:
        conn.execute(delete(table))
    else:
        for start in range(0, len(chosen), _CHUNK):
            conn.execute(delete(table).where(table.c.site_id.in_(chosen[start:start + _CHUNK])))
    if chosen == []:
        return 0
    counts = live_site_counts(conn, chosen)
    rows = [{"site_id": c.site, **c.model_dump(exclude={"site"})} for _, c in sorted(counts.items())]
    bulk_insert(conn, table, rows)
    return len(rows)


def site_counts_from_store(conn: Connection, sites: Sequence[str], *, period_from: dt.date | None = None,
                           period_to: dt.date | None = None) -> dict[str, SiteCounts]:
    """Counts for each of `sites` that the programme has data for (sites it does not know are left out): from
    the rollup over the whole record, from the raw tables for a period."""
    if period_from is not None or period_to is not None:
        return live_site_counts(conn, sites, period_from=period_from, period_to=period_to)
    table = BmSiteCounts
    unique = sorted(set(sites))
    columns = [table.c.site_id, *(table.c[name] for name in COUNT_FIELDS)]
    if len(unique) > _CHUNK:                            # many: read the whole rollup, keep the wanted rows
        wanted = set(unique)
        rows = [r for r in conn.execute(select(*columns)).all() if r[0] in wanted]
    else:
        rows = conn.execute(select(*columns).where(table.c.site_id.in_(unique))).all() if unique else []
    names = ("site", *COUNT_FIELDS)
    return {c.site: c for c in _SITE_COUNTS.validate_python([dict(zip(names, r, strict=True)) for r in rows])}
