"""Tables of the EN 18222 layer: each passport's EU registry registration (its DPP record: `passport.dpp_record`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class DppRegistration(SQLModel, table=True):
    """A passport's registration in the EU DPP registry (Implementing Regulation (EU) 2026/1778)."""

    __tablename__ = "dpp_registration"

    identifier: str = Field(primary_key=True, max_length=300)
    state: str = Field(max_length=20, description="registered, pending or failed.")
    version: int = Field(description="The passport version the proof of registration hashes.")
    registry_url: str = Field(max_length=600)
    registration_id: str | None = Field(default=None, max_length=200)
    proof: str | None = Field(default=None, sa_column=Column(Text, nullable=True),
                              description="The registry's proof of registration (JSON).")
    error: str | None = Field(default=None, max_length=500, description="Why the last attempt failed.")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
