"""hardening: the owner of each passport identifier, claimed atomically (primary key) at its first version

Revision ID: 0090
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0090"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passport_owner",
        sa.Column("identifier", sa.String(length=300), primary_key=True),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Passports stored before: owned by their newest version's organisation (what the API checked until now).
    op.execute(
        "INSERT INTO passport_owner (identifier, organisation_id, claimed_at) "
        "SELECT v.identifier, v.organisation_id, v.created_at FROM passport_version v "
        "WHERE v.version = (SELECT MAX(w.version) FROM passport_version w WHERE w.identifier = v.identifier)"
    )


def downgrade() -> None:
    op.drop_table("passport_owner")
