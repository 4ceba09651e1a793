"""indices: assessment credentials as received, computed index results with their disclosed inputs

Revision ID: 0020
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "index_evidence",
        sa.Column("digest", sa.String(length=100), primary_key=True),
        sa.Column("company", sa.String(length=500), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("assessment_type", sa.String(length=40), nullable=False),
        sa.Column("rulebook", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
    )
    op.create_index("ix_index_evidence_company", "index_evidence", ["company"])
    op.create_table(
        "index_disclosure",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("inputs_digest", sa.String(length=100), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
    )
    op.create_index("ix_index_disclosure_subject", "index_disclosure", ["subject"])


def downgrade() -> None:
    op.drop_index("ix_index_disclosure_subject", table_name="index_disclosure")
    op.drop_table("index_disclosure")
    op.drop_index("ix_index_evidence_company", table_name="index_evidence")
    op.drop_table("index_evidence")
