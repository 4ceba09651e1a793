"""lifecycle: audit chain, status lists and allocations, status transitions, version reasons, transfers

Revision ID: 0006
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "entry_hash": GENESIS}])
    op.create_table(
        "audit_entry",
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
    op.create_index("ix_audit_entry_action", "audit_entry", ["action"])
    op.create_index("ix_audit_entry_subject", "audit_entry", ["subject"])
    op.create_table(
        "status_list",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("issuer_slug", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=600), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("allocated", sa.Integer(), nullable=False),
        sa.Column("bits", sa.LargeBinary(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("credential", sa.Text(), nullable=True),
        sa.Column("signed_revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("issuer_slug", "purpose", "number", name="uq_status_list_slug_purpose_n"),
    )
    op.create_index("ix_status_list_issuer", "status_list", ["issuer"])
    op.create_table(
        "status_allocation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("list_id", sa.Integer(), sa.ForeignKey("status_list.id"), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.UniqueConstraint("list_id", "index", name="uq_status_allocation_list_index"),
    )
    op.create_index("ix_status_allocation_list_id", "status_allocation", ["list_id"])
    op.create_table(
        "status_transition",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identifier", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=40), nullable=True),
        sa.Column("to_status", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_status_transition_identifier", "status_transition", ["identifier"])
    op.create_table(
        "version_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("identifier", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("static_pointers", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.UniqueConstraint("identifier", "version", name="uq_version_change_identifier_version"),
    )
    op.create_index("ix_version_change_identifier", "version_change", ["identifier"])
    op.create_table(
        "responsibility_transfer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("predecessor", sa.String(length=300), nullable=False),
        sa.Column("successor", sa.String(length=300), nullable=False),
        sa.Column("new_status", sa.String(length=40), nullable=False),
        sa.Column("outgoing", sa.String(length=500), nullable=False),
        sa.Column("incoming", sa.String(length=500), nullable=False),
        sa.Column("credential", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("predecessor", "successor", name="uq_transfer_predecessor_successor"),
    )
    op.create_index("ix_responsibility_transfer_predecessor", "responsibility_transfer", ["predecessor"])
    op.create_index("ix_responsibility_transfer_successor", "responsibility_transfer", ["successor"])


def downgrade() -> None:
    for table in ("responsibility_transfer", "version_change", "status_transition", "status_allocation",
                  "status_list", "audit_entry", "audit_head"):
        op.drop_table(table)
