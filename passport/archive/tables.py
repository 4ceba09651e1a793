"""Tables of the back-up provider: audit chains replicated from other instances."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel


class ArchiveAuditEntry(SQLModel, table=True):
    """One entry of a source instance's audit chain, as that instance hashed it."""

    __tablename__ = "archive_audit_entry"

    source: str = Field(primary_key=True, max_length=300, description="The source instance's base URL.")
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(max_length=300)
    action: str = Field(max_length=60)
    subject: str = Field(max_length=500)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    payload_digest: str = Field(max_length=64)
    previous_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)
    format: int = Field(default=1, sa_column_kwargs={"server_default": "1"},
                        description="How the source hashed the entry (passport.audit.chain formats).")
