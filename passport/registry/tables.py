"""Tables of stored passports: versions, their per-access-group views, and issuer idempotency keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class PassportVersion(SQLModel, table=True):
    """One immutable, signed version of a passport (the full credential, every access group's fields)."""

    __tablename__ = "passport_version"
    __table_args__ = (UniqueConstraint("identifier", "version", name="uq_passport_version_identifier_version"),)

    id: int | None = Field(default=None, primary_key=True)
    identifier: str = Field(max_length=300, index=True, description="Canonical Digital Link or scheme path.")
    version: int = Field(ge=1, description="1, 2, ... per identifier; never reused.")
    credential: str = Field(sa_column=Column(Text, nullable=False), description="Signed credential, exact JSON text.")
    etag: str = Field(max_length=64, description="SHA-256 (hex) of the credential's UTF-8 bytes.")
    issuer: str = Field(max_length=500, description="The credential's issuer (a DID).")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    gtin: str | None = Field(default=None, max_length=14, index=True)
    serial: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class PassportView(SQLModel, table=True):
    """The credential an access group receives for one version, signed on its own by the same issuer."""

    __tablename__ = "passport_view"
    __table_args__ = (UniqueConstraint("version_id", "access_group", name="uq_passport_view_version_group"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="passport_version.id", index=True)
    access_group: str = Field(max_length=40)
    credential: str = Field(sa_column=Column(Text, nullable=False))
    etag: str = Field(max_length=64)


class IdempotencyRecord(SQLModel, table=True):
    """What a POST with an `Idempotency-Key` produced, so a retry returns it instead of issuing twice."""

    __tablename__ = "idempotency_record"

    organisation: str = Field(primary_key=True, max_length=200)
    key: str = Field(primary_key=True, max_length=200)
    request_hash: str = Field(max_length=64, description="SHA-256 of the request body: a reuse with another body "
                              "is a conflict.")
    response: str = Field(sa_column=Column(Text, nullable=False), description="JSON of the response body.")
    status: int = Field(description="HTTP status of the first response.")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class PassportOwner(SQLModel, table=True):
    """Which organisation a passport identifier belongs to: claimed once, by the first version's writer.

    The primary key makes the claim atomic: of two organisations issuing the same new identifier at the same
    moment, one inserts this row and the other finds it (and is refused), on SQLite and PostgreSQL alike.
    """

    __tablename__ = "passport_owner"

    identifier: str = Field(primary_key=True, max_length=300, description="Canonical Digital Link or scheme path.")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id",
                                        description="The owner; NULL for passports issued outside the API.")
    claimed_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
