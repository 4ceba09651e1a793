"""API tokens: only a keyed hash of the secret is stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class ApiToken(SQLModel, table=True):
    """A bearer token scoped to an organisation and a role; the role gives the access level."""

    __tablename__ = "api_token"

    id: str = Field(primary_key=True, max_length=40, description="Public id (`tok_...`), shown in lists.")
    secret_hash: str = Field(max_length=64, description="HMAC-SHA256 (hex) of the secret under the server's key.")
    organisation: str = Field(max_length=200, index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    role: str = Field(max_length=40)
    party_id: str | None = Field(default=None, max_length=500,
                                 description="Contributor tokens: the custody party whose events it may submit.")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
