"""organisations: slugs, DID method, identifier prefixes; tokens bound to a custody party

Revision ID: 0040
Revises: 0005
Create Date: 2026-12-04

Existing organisations get a slug from their name (lower-case, runs of other characters as one hyphen; a
number appended when two names give the same slug).
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0040"
down_revision = "0005"
branch_labels = None
depends_on = None


def _slug(name: str) -> str:  # frozen copy of passport.store.tables.slugify
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-") or "org"


def upgrade() -> None:
    op.add_column("organisation", sa.Column("slug", sa.String(length=63), nullable=True))
    op.add_column("organisation", sa.Column("did_method", sa.String(length=10), nullable=True))
    connection = op.get_bind()
    taken: set[str] = set()
    for org_id, name, did in connection.execute(sa.text("SELECT id, name, did FROM organisation ORDER BY id")):
        slug = base = _slug(name)
        number = 2
        while slug in taken:
            slug = f"{base[:58]}-{number}"
            number += 1
        taken.add(slug)
        method = "web" if (did or "").startswith("did:web:") else "key" if (did or "").startswith("did:key:") else None
        connection.execute(sa.text("UPDATE organisation SET slug = :slug, did_method = :method WHERE id = :id"),
                           {"slug": slug, "method": method, "id": org_id})
    with op.batch_alter_table("organisation") as batch:
        batch.alter_column("slug", existing_type=sa.String(length=63), nullable=False)
        batch.create_unique_constraint("uq_organisation_slug", ["slug"])
    op.create_table(
        "organisation_prefix",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisation.id"), nullable=False),
        sa.Column("scheme", sa.String(length=10), nullable=False),
        sa.Column("prefix", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("scheme", "prefix", name="uq_organisation_prefix"),
    )
    op.create_index("ix_organisation_prefix_organisation_id", "organisation_prefix", ["organisation_id"])
    op.add_column("api_token", sa.Column("party_id", sa.String(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column("api_token", "party_id")
    op.drop_index("ix_organisation_prefix_organisation_id", table_name="organisation_prefix")
    op.drop_table("organisation_prefix")
    with op.batch_alter_table("organisation") as batch:
        batch.drop_constraint("uq_organisation_slug", type_="unique")
        batch.drop_column("did_method")
        batch.drop_column("slug")
