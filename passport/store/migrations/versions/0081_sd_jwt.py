"""sd-jwt: the SD-JWT VC of each stored passport version (all disclosures; cut per reader when served)

Revision ID: 0081
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0081"
down_revision = "0005"  # passport_version
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passport_sd_jwt",
        sa.Column("version_id", sa.Integer(), sa.ForeignKey("passport_version.id"), primary_key=True,
                  autoincrement=False),
        sa.Column("sd_jwt", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("passport_sd_jwt")
