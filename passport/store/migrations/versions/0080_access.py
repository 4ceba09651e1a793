"""access: trust list of role issuers, login challenges, legitimate-interest grants, delegations

Revision ID: 0080
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0080"
down_revision = "0001"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "trusted_role_issuer",
        sa.Column("did", sa.String(length=500), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("purposes", sa.String(length=200), nullable=True),
        _at("valid_from"), _at("valid_until"), _at("created_at"),
    )
    op.create_table(
        "auth_challenge",
        sa.Column("nonce", sa.String(length=64), primary_key=True),
        sa.Column("domain", sa.String(length=300), nullable=False),
        _at("created_at"), _at("expires_at"), _at("used_at", True),
    )
    op.create_index("ix_auth_challenge_expires_at", "auth_challenge", ["expires_at"])
    op.create_table(
        "access_grant",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("requester", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("scope_kind", sa.String(length=20), nullable=False),
        sa.Column("scope_value", sa.String(length=500), nullable=False),
        sa.Column("maker", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        _at("requested_at"), _at("expires_at"),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        _at("decided_at", True), _at("revoked_at", True),
    )
    op.create_index("ix_access_grant_requester", "access_grant", ["requester"])
    op.create_index("ix_access_grant_maker", "access_grant", ["maker"])
    op.create_table(
        "access_delegation",
        sa.Column("id", sa.String(length=40), primary_key=True),
        sa.Column("delegator", sa.String(length=200), nullable=False),
        sa.Column("delegate", sa.String(length=200), nullable=False),
        _at("valid_from"), _at("valid_until"), _at("revoked_at", True),
    )
    op.create_index("ix_access_delegation_delegator", "access_delegation", ["delegator"])
    op.create_index("ix_access_delegation_delegate", "access_delegation", ["delegate"])


def downgrade() -> None:
    op.drop_table("access_delegation")
    op.drop_table("access_grant")
    op.drop_index("ix_auth_challenge_expires_at", table_name="auth_challenge")
    op.drop_table("auth_challenge")
    op.drop_table("trusted_role_issuer")
