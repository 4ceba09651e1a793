"""indices: per-site programme counts (a rollup of the Better Mining tables), the index the import's refresh
of a few sites reads corrective actions by, and index disclosures stored zlib-compressed

Revision ID: 0021
Revises: 0020, 0002
Create Date: 2026-11-25

The rollup is derived data: it is filled here from whatever the store already holds, and kept current by the
Better Mining import from then on.
"""

import zlib

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
    from indices.evidence.programme import live_site_counts  # the columns written are this revision's own

    counts = live_site_counts(op.get_bind(), None)
    op.bulk_insert(table, [{"site_id": site, **{name: getattr(c, name) for name in _COUNTS}}
                           for site, c in sorted(counts.items())])


    _recode_disclosures(sa.LargeBinary(), lambda text: zlib.compress(text.encode("utf-8"), 1))


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
