"""indices: per-site programme counts (a rollup of the Better Mining tables), the index the import's refresh
of a few sites reads corrective actions by, and index disclosures stored zlib-compressed

Revision ID: 0021
Revises: 0020, 0002
Create Date: 2026-11-25

The rollup is derived data: it is filled here from whatever the store already holds, and kept current by the
Better Mining import from then on.
"""

import zlib
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = ("0020", "0002")  # reads the Better Mining tables
branch_labels = None
depends_on = None

_COUNTS = ("incidents", "needing_response", "responded_in_time", "response_days_total", "responded",
           "major_breaches", "major_breaches_with_cap", "actions_assigned", "actions_implemented",
           "actions_in_progress", "actions_cancelled", "treated_risks", "recurred_risks")


def upgrade() -> None:
    table = op.create_table(
        "bm_site_counts",
        sa.Column("site_id", sa.String(length=64), primary_key=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _COUNTS),
    )
    op.create_index("ix_bm_corrective_action_site", "bm_corrective_action", ["site_id", "incident_id"])
    counts = _site_counts(op.get_bind())
    op.bulk_insert(table, [{"site_id": site, **{name: c.get(name, 0) for name in _COUNTS}}
                           for site, c in sorted(counts.items())])

    _recode_disclosures(sa.LargeBinary(), lambda text: zlib.compress(text.encode("utf-8"), 1))


# The rollup as this revision defines it, frozen here (a migration never imports live domain code): every site,
# the whole record; an incident of these score categories needs a response within 30 days.
_NEEDS_RESPONSE = ("high", "very_high", "major_breach")
_RESPONSE_DAYS = 30

_INCIDENTS = """
SELECT i.site_id, COUNT(*), SUM(CASE WHEN i.major_breach THEN 1 ELSE 0 END),
       SUM(CASE WHEN i.major_breach AND f.cap = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.first_action IS NULL THEN 0 ELSE 1 END),
       SUM(CASE WHEN f.first_action IS NULL THEN 0 ELSE {days} END),
       SUM(CASE WHEN f.first_action IS NOT NULL AND {days} <= :limit THEN 1 ELSE 0 END)
FROM bm_incident i
LEFT JOIN (SELECT a.incident_id, a.site_id, MIN(a.assigned_on) AS first_action,
                  MAX(CASE WHEN a.major_breach THEN 1 ELSE 0 END) AS cap
           FROM bm_corrective_action a WHERE a.incident_id IS NOT NULL AND a.site_id IS NOT NULL
           GROUP BY a.incident_id, a.site_id) f ON f.incident_id = i.id AND f.site_id = i.site_id
WHERE i.site_id IS NOT NULL AND i.score_category IN :needs
GROUP BY i.site_id
"""
_TOTALS = "SELECT i.site_id, COUNT(*) FROM bm_incident i WHERE i.site_id IS NOT NULL GROUP BY i.site_id"
_ACTIONS = """
SELECT a.site_id, a.status, COUNT(*) FROM bm_corrective_action a WHERE a.site_id IS NOT NULL
GROUP BY a.site_id, a.status
"""
_RECURRENCE = """
SELECT t.site_id, COUNT(*), SUM(CASE WHEN r.last_month > t.fixed THEN 1 ELSE 0 END)
FROM (SELECT a.site_id, a.risk, MIN(a.implemented_month) AS fixed FROM bm_corrective_action a
      WHERE a.site_id IS NOT NULL AND a.status = 'implemented' AND a.implemented_month IS NOT NULL
      GROUP BY a.site_id, a.risk) t
LEFT JOIN (SELECT i.site_id, i.risk, MAX(i.month) AS last_month FROM bm_incident i WHERE i.site_id IS NOT NULL
           GROUP BY i.site_id, i.risk) r ON r.site_id = t.site_id AND r.risk = t.risk
GROUP BY t.site_id
"""


def _site_counts(conn: sa.engine.Connection) -> dict[str, dict[str, int]]:
    """Per-site counts from the raw Better Mining tables (whole days from incident to first action, never
    negative; only the day difference differs between SQLite and PostgreSQL)."""
    raw = ("CAST(julianday(f.first_action) - julianday(i.date) AS INTEGER)" if conn.dialect.name == "sqlite"
           else "(f.first_action - i.date)")
    days = f"(CASE WHEN {raw} < 0 THEN 0 ELSE {raw} END)"
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    incidents = sa.text(_INCIDENTS.format(days=days)).bindparams(sa.bindparam("needs", expanding=True))
    for site, needing, mb, mb_cap, responded, days_total, in_time in conn.execute(
            incidents, {"needs": list(_NEEDS_RESPONSE), "limit": _RESPONSE_DAYS}):
        f = found[site]
        f["needing_response"], f["major_breaches"], f["major_breaches_with_cap"] = needing, mb or 0, mb_cap or 0
        f["responded"], f["response_days_total"], f["responded_in_time"] = responded or 0, days_total or 0, in_time or 0
    for site, n in conn.execute(sa.text(_TOTALS)):
        found[site]["incidents"] = n
    for site, status, n in conn.execute(sa.text(_ACTIONS)):
        found[site]["actions_assigned"] += n
        if status != "not_started":
            found[site][f"actions_{status}"] += n
    for site, treated, recurred in conn.execute(sa.text(_RECURRENCE)):
        found[site]["treated_risks"], found[site]["recurred_risks"] = treated, recurred or 0
    return {site: {k: int(v) for k, v in f.items()} for site, f in found.items()}


def _recode_disclosures(kind: sa.types.TypeEngine, recode) -> None:  # type: ignore[no-untyped-def]
    """`inputs` and `result` of every stored disclosure rewritten into columns of `kind`."""
    with op.batch_alter_table("index_disclosure") as batch:
        batch.add_column(sa.Column("inputs_new", kind, nullable=True))
        batch.add_column(sa.Column("result_new", kind, nullable=True))
    table = sa.table("index_disclosure", sa.column("id", sa.Integer()), sa.column("inputs"), sa.column("result"),
                     sa.column("inputs_new", kind), sa.column("result_new", kind))
    conn = op.get_bind()
    for row in conn.execute(sa.select(table.c.id, table.c.inputs, table.c.result)).all():
        conn.execute(table.update().where(table.c.id == row.id).values(
            inputs_new=recode(row.inputs), result_new=recode(row.result)))
    with op.batch_alter_table("index_disclosure") as batch:
        batch.drop_column("inputs")
        batch.drop_column("result")
        batch.alter_column("inputs_new", new_column_name="inputs", existing_type=kind, nullable=False)
        batch.alter_column("result_new", new_column_name="result", existing_type=kind, nullable=False)


def downgrade() -> None:
    _recode_disclosures(sa.Text(), lambda data: zlib.decompress(data).decode("utf-8"))
    op.drop_index("ix_bm_corrective_action_site", table_name="bm_corrective_action")
    op.drop_table("bm_site_counts")
