"""Tables shared by every domain: the organisations that issue, contribute and read."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class OrganisationBase(SQLModel):
    name: str = Field(max_length=200, description="Legal or trade name.")
    role: str = Field(
        max_length=40,
        description="What the organisation does here: manufacturer, operator, contributor, "
        "notified_body, market_surveillance, commission, legitimate_interest.",
    )
    did: str | None = Field(default=None, max_length=500, description="Its decentralised identifier, if any.")


class Organisation(OrganisationBase, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
