"""carbon results: the full footprint result behind each passport version issued with a computed footprint

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passport_carbon_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identifier", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("identifier", "version", name="uq_passport_carbon_result"),
    )
    op.create_index("ix_passport_carbon_result_identifier", "passport_carbon_result", ["identifier"])


def downgrade() -> None:
    op.drop_index("ix_passport_carbon_result_identifier", table_name="passport_carbon_result")
    op.drop_table("passport_carbon_result")
