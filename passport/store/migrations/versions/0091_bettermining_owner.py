"""hardening: Better Mining rows belong to the organisation whose upload created them (NULL: the operator's CLI)

Revision ID: 0091
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0091"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("bm_site", "bm_incident", "bm_corrective_action", "bm_cap_status_count")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("owner_organisation_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("owner_organisation_id")
