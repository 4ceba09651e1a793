"""bettermining: sites, incidents, corrective actions, CAP reviews, CAP status counts

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bm_site",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("minerals", sa.String(length=200), nullable=False),
        sa.Column("site_type", sa.String(length=20), nullable=False),
        sa.Column("programme_status", sa.String(length=20), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
    )
    op.create_table(
        "bm_incident",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("site_id", sa.String(length=64), sa.ForeignKey("bm_site.id"), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("incident_type", sa.String(length=200), nullable=False),
        sa.Column("incident_type_code", sa.String(length=64), nullable=True),
        sa.Column("incident_type_zh", sa.String(length=200), nullable=True),
        sa.Column("description_zh", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("severity", sa.Integer(), nullable=True),
        sa.Column("likelihood", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("score_category", sa.String(length=20), nullable=False),
        sa.Column("risk_category", sa.String(length=64), nullable=False),
        sa.Column("risk", sa.String(length=64), nullable=False),
        sa.Column("major_breach", sa.Boolean(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_file", sa.String(length=300), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
    )
    op.create_index("ix_bm_incident_site_date", "bm_incident", ["site_id", "date"])
    op.create_index("ix_bm_incident_report", "bm_incident",
                    ["month", "risk", "risk_category", "score_category", "score", "date"])
    op.create_table(
        "bm_corrective_action",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("risk", sa.String(length=64), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("site_id", sa.String(length=64), sa.ForeignKey("bm_site.id"), nullable=True),
        sa.Column("incident_id", sa.String(length=64), nullable=True),
        sa.Column("major_breach", sa.Boolean(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=True),
        sa.Column("implemented_month", sa.String(length=7), nullable=True),
        sa.Column("replaces", sa.String(length=64), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_file", sa.String(length=300), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
    )
    op.create_table(
        "bm_cap_review",
        sa.Column("action_id", sa.String(length=64), sa.ForeignKey("bm_corrective_action.id"), primary_key=True),
        sa.Column("month", sa.String(length=7), primary_key=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_table(
        "bm_cap_status_count",
        sa.Column("scope", sa.String(length=32), primary_key=True),
        sa.Column("risk", sa.String(length=64), primary_key=True),
        sa.Column("status", sa.String(length=20), primary_key=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("source_file", sa.String(length=300), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("bm_cap_status_count")
    op.drop_table("bm_cap_review")
    op.drop_table("bm_corrective_action")
    op.drop_index("ix_bm_incident_report", table_name="bm_incident")
    op.drop_index("ix_bm_incident_site_date", table_name="bm_incident")
    op.drop_table("bm_incident")
    op.drop_table("bm_site")
