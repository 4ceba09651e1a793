"""dpp: the EN 18222 DPP identifier of each passport, when (and why) a passport ended, and its EU registry
registration (Implementing Regulation (EU) 2026/1778)

Revision ID: 0050
Revises: 0005, 0006
Create Date: 2026-12-04

`dpp_passport` maps the stable DPP id (a name-based UUID of the passport's canonical path, so a back-up
instance computes the same id) to the passport; existing passports get theirs here. The UUID namespace is
repeated from `passport.dpp.identity` on purpose: migrations carry their own code.
"""

import uuid
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = ("0005", "0006")  # reads passport_version; the audit chain records a passport's end
branch_labels = None
depends_on = None

_NAMESPACE = uuid.UUID("6f1d3c2a-8e0b-5d7e-9a41-b7c2e5f0d418")


def upgrade() -> None:
    table = op.create_table(
        "dpp_passport",
        sa.Column("dpp_id", sa.String(length=36), primary_key=True),
        sa.Column("identifier", sa.String(length=300), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
    )
    rows = op.get_bind().execute(sa.text(
        "SELECT identifier, min(created_at) FROM passport_version GROUP BY identifier")).all()
    if rows:
        op.bulk_insert(table, [{"dpp_id": str(uuid.uuid5(_NAMESPACE, identifier)), "identifier": identifier,
                                "created_at": datetime.fromisoformat(created) if isinstance(created, str)
                                else created} for identifier, created in rows])
    op.create_table(
        "dpp_registration",
        sa.Column("identifier", sa.String(length=300), primary_key=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("registry_url", sa.String(length=600), nullable=False),
        sa.Column("registration_id", sa.String(length=200), nullable=True),
        sa.Column("proof", sa.Text(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dpp_registration")
    op.drop_table("dpp_passport")
