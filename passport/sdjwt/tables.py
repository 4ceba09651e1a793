"""The SD-JWT VC of a stored passport version, made once (its salts are random) and cut per reader on each read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class PassportSdJwt(SQLModel, table=True):
    __tablename__ = "passport_sd_jwt"

    version_id: int = Field(primary_key=True, foreign_key="passport_version.id",
                            sa_column_kwargs={"autoincrement": False})
    sd_jwt: str = Field(sa_column=Column(Text, nullable=False), description="Issuer-signed JWT and every disclosure.")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
