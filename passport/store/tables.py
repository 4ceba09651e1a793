"""Tables shared by every domain: the organisations that issue, contribute and read."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

#: What an organisation's slug may be: it names the organisation in every command and URL (and in its default
#: did:web path), so lower-case letters, digits and inner hyphens only.
SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def slugify(name: str) -> str:
    """A slug derived from a name (`Maker A` -> `maker-a`); `org` when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63].strip("-") or "org"


def _slug_default(context: Any) -> str:
    """Rows inserted without a slug (older callers) get one from their name."""
    return slugify(context.get_current_parameters()["name"])


class OrganisationBase(SQLModel):
    name: str = Field(max_length=200, description="Legal name: what credentials show as the issuer's `name`.")
    role: str = Field(
        max_length=40,
        description="What the organisation does here: manufacturer, operator, contributor, "
        "notified_body, market_surveillance, commission, legitimate_interest.",
    )
    did: str | None = Field(default=None, max_length=500, description="Its decentralised identifier, if any.")


class Organisation(OrganisationBase, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    slug: str | None = Field(default=None, sa_column=Column(String(63), nullable=False, unique=True,
                                                            default=_slug_default),
                             description="The organisation's name in commands and URLs.")
    did_method: str | None = Field(default=None, max_length=10,
                                   description="web or key: how its DID is made (key: from its active issuer key).")
    created_at: datetime = Field(default_factory=utcnow)
