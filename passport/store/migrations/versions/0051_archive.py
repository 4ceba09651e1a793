"""archive: the audit chains replicated from other instances of this service (EN 18221 back-up provider)

Revision ID: 0051
Revises: 0050
Create Date: 2026-12-04

A back-up keeps each source's chain apart from its own (its own writes have their own chain), entry for entry
with the source's sequence numbers and hashes, so the copy can be re-verified on its own.
"""

import sqlalchemy as sa
from alembic import op

revision = "0051"
down_revision = "0050"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_audit_entry",
        sa.Column("source", sa.String(length=300), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_digest", sa.String(length=64), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("archive_audit_entry")
