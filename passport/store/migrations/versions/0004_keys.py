"""keys: the service's issuer keys (sealed secrets, active/retired, one active per organisation and suite)

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issuer_key",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("verification_method", sa.String(length=600), nullable=False),
        sa.Column("controller", sa.String(length=500), nullable=False),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False),
        sa.Column("algorithm", sa.String(length=10), nullable=False),
        sa.Column("suite", sa.String(length=40), nullable=False),
        sa.Column("public_key_multibase", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sealed_secret", sa.Text(), nullable=False),
        sa.UniqueConstraint("verification_method", name="uq_issuer_key_verification_method"),
    )
    op.create_index("ix_issuer_key_controller", "issuer_key", ["controller"])
    op.create_index("ix_issuer_key_organisation_id", "issuer_key", ["organisation_id"])
    active = sa.text("status = 'active'")
    op.create_index("uq_issuer_key_active", "issuer_key", ["organisation_id", "suite"], unique=True,
                    sqlite_where=active, postgresql_where=active)


def downgrade() -> None:
    op.drop_index("uq_issuer_key_active", table_name="issuer_key")
    op.drop_index("ix_issuer_key_organisation_id", table_name="issuer_key")
    op.drop_index("ix_issuer_key_controller", table_name="issuer_key")
    op.drop_table("issuer_key")
