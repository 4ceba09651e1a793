"""The table of each passport's DPP record: its DPP id (EN 18222 `dppId`) and, once it ended, when and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class DppPassport(SQLModel, table=True):
    """The DPP id of a passport (EN 18222 `dppId`) and, once it ended (Art. 77(9)), when and why."""

    __tablename__ = "dpp_passport"

    dpp_id: str = Field(primary_key=True, max_length=36, description="Name-based UUID of the canonical path.")
    identifier: str = Field(max_length=300, unique=True, description="Canonical Digital Link or scheme path.")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    end_reason: str | None = Field(default=None, max_length=500)
