"""api: stored passport versions and views, idempotency keys, API tokens

Revision ID: 0005
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passport_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identifier", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=True),
        sa.Column("gtin", sa.String(length=14), nullable=True),
        sa.Column("serial", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("identifier", "version", name="uq_passport_version_identifier_version"),
    )
    op.create_index("ix_passport_version_identifier", "passport_version", ["identifier"])
    op.create_index("ix_passport_version_organisation_id", "passport_version", ["organisation_id"])
    op.create_index("ix_passport_version_gtin", "passport_version", ["gtin"])
    op.create_table(
        "passport_view",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("passport_version.id"), nullable=False),
        sa.Column("access_group", sa.String(length=40), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("version_id", "access_group", name="uq_passport_view_version_group"),
    )
    op.create_index("ix_passport_view_version_id", "passport_view", ["version_id"])
    op.create_table(
        "idempotency_record",
        sa.Column("organisation", sa.String(length=200), primary_key=True),
        sa.Column("key", sa.String(length=200), primary_key=True),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_token",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=True),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_token_organisation", "api_token", ["organisation"])


def downgrade() -> None:
    op.drop_table("api_token")
    op.drop_table("idempotency_record")
    op.drop_index("ix_passport_view_version_id", table_name="passport_view")
    op.drop_table("passport_view")
    op.drop_table("passport_version")
