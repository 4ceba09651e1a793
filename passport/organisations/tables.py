"""Identifier prefixes bound to organisations: whose GTINs (GS1 company prefixes) and ISO/IEC 15459 item
identifiers (issuing agency code + company identification number) an organisation may issue passports under."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class OrganisationPrefix(SQLModel, table=True):
    """One prefix of one scheme, held by one organisation (a prefix is never held twice, nor nested in another's)."""

    __tablename__ = "organisation_prefix"
    __table_args__ = (UniqueConstraint("scheme", "prefix", name="uq_organisation_prefix"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    scheme: str = Field(max_length=10, description="gs1 (GS1 company prefix) or iso15459 (IAC + CIN).")
    prefix: str = Field(max_length=40, description="The prefix as issued by the agency.")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
