"""audit: each entry names the format it was hashed in (1: sorted-keys JSON, 2: RFC 8785 JCS), in the chain and
in the chains replicated from other instances

Revision ID: 0100
Revises: 0006, 0051
Create Date: 2026-12-04

Entries already written keep format 1 and verify as they were hashed; entries appended from now on are hashed
over JCS (format 2). Nothing is rewritten: an existing store's chain, and every replicated one, still verifies.
"""

import sqlalchemy as sa
from alembic import op

revision = "0100"
down_revision = ("0006", "0051")  # the audit chain's tables; the replicated chains' table
branch_labels = None
depends_on = None

TABLES = ("audit_entry", "archive_audit_entry")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("format", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("format")
