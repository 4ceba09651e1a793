"""The carbon result a passport version was issued with, kept for authorities (`/carbon/breakdown`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class PassportCarbonResult(SQLModel, table=True):
    """The full `CarbonResult` (every number's inputs and formula) behind one passport version's carbonFootprint."""

    __tablename__ = "passport_carbon_result"
    __table_args__ = (UniqueConstraint("identifier", "version", name="uq_passport_carbon_result"),)

    id: int | None = Field(default=None, primary_key=True)
    identifier: str = Field(max_length=300, index=True, description="The passport's canonical path.")
    version: int = Field(description="The passport version it was issued with.")
    result: str = Field(sa_column=Column(Text, nullable=False), description="CarbonResult JSON.")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
