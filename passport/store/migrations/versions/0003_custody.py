"""custody: parties, sites, tags, signed credentials, events, lots, ledger, lineage, origins, credits, findings

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

URI = sa.String(length=500)


def _when() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "custody_party",
        sa.Column("id", URI, primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("did", URI, nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
    )
    op.create_index("ix_custody_party_did", "custody_party", ["did"])
    op.create_table(
        "custody_delegation",
        sa.Column("agent", URI, primary_key=True),
        sa.Column("principal", URI, primary_key=True),
    )
    op.create_table(
        "custody_site",
        sa.Column("id", URI, primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("party_id", URI, nullable=False),
        sa.Column("origin", sa.Boolean(), nullable=False),
        sa.Column("programme", sa.String(length=100), nullable=True),
    )
    op.create_index("ix_custody_site_party_id", "custody_site", ["party_id"])
    op.create_table(
        "custody_tag",
        sa.Column("id", URI, primary_key=True),
        sa.Column("site_id", URI, nullable=False),
        sa.Column("allocated_at", _when(), nullable=False),
        sa.Column("used_by_lot", URI, nullable=True),
    )
    op.create_index("ix_custody_tag_site_id", "custody_tag", ["site_id"])
    op.create_table(
        "custody_credential",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("credential_id", URI, nullable=True),
        sa.Column("digest_sri", sa.String(length=100), nullable=False, unique=True),
        sa.Column("issuer", URI, nullable=False),
        sa.Column("received_at", _when(), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_custody_credential_credential_id", "custody_credential", ["credential_id"])
    op.create_index("ix_custody_credential_issuer", "custody_credential", ["issuer"])
    op.create_table(
        "custody_event",
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("event_id", URI, nullable=False, unique=True),
        sa.Column("credential_seq", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("event_time", _when(), nullable=False),
        sa.Column("party", URI, nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
    )
    op.create_index("ix_custody_event_credential_seq", "custody_event", ["credential_seq"])
    op.create_table(
        "custody_event_lot",
        sa.Column("event_seq", sa.Integer(), primary_key=True),
        sa.Column("lot_id", URI, primary_key=True),
        sa.Column("role", sa.String(length=20), primary_key=True),
    )
    op.create_index("ix_custody_event_lot_lot", "custody_event_lot", ["lot_id"])
    op.create_table(
        "custody_lot",
        sa.Column("id", URI, primary_key=True),
        sa.Column("product", sa.String(length=200), nullable=True),
        sa.Column("mass_mg", sa.BigInteger(), nullable=False),
        sa.Column("remaining_mg", sa.BigInteger(), nullable=False),
        sa.Column("unit_mg", sa.BigInteger(), nullable=True),
        sa.Column("custodian", URI, nullable=False),
        sa.Column("site_id", URI, nullable=True),
        sa.Column("origin_site", URI, nullable=True),
        sa.Column("tag_id", URI, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("created_by", URI, nullable=False),
    )
    op.create_index("ix_custody_lot_custodian", "custody_lot", ["custodian"])
    op.create_index("ix_custody_lot_origin_site", "custody_lot", ["origin_site"])
    op.create_table(
        "custody_ledger",
        sa.Column("lot_id", URI, primary_key=True),
        sa.Column("material", sa.String(length=20), primary_key=True),
        sa.Column("mass_mg", sa.BigInteger(), nullable=False),
        sa.Column("monitored_mg", sa.BigInteger(), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
    )
    op.create_table(
        "custody_lineage",
        sa.Column("child_lot", URI, primary_key=True),
        sa.Column("material", sa.String(length=20), primary_key=True),
        sa.Column("parent_lot", URI, primary_key=True),
        sa.Column("share", sa.Float(), nullable=False),
    )
    op.create_index("ix_custody_lineage_parent", "custody_lineage", ["parent_lot", "material"])
    op.create_table(
        "custody_origin",
        sa.Column("lot_id", URI, primary_key=True),
        sa.Column("material", sa.String(length=20), primary_key=True),
        sa.Column("site_id", URI, primary_key=True),
        sa.Column("share", sa.Float(), nullable=False),
    )
    op.create_index("ix_custody_origin_site", "custody_origin", ["site_id", "material"])
    op.create_table(
        "custody_credit",
        sa.Column("party", URI, primary_key=True),
        sa.Column("material", sa.String(length=20), primary_key=True),
        sa.Column("period", sa.String(length=10), primary_key=True),
        sa.Column("balance_mg", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "custody_finding",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("event_id", URI, nullable=True),
        sa.Column("lot_ids", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
    )
    op.create_index("ix_custody_finding_code", "custody_finding", ["code"])


def downgrade() -> None:
    for table in ("custody_finding", "custody_credit", "custody_origin", "custody_lineage", "custody_ledger",
                  "custody_lot", "custody_event_lot", "custody_event", "custody_credential", "custody_tag",
                  "custody_site", "custody_delegation", "custody_party"):
        op.drop_table(table)
