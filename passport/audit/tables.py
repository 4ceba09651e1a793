"""Tables of the audit chain: the entries and the one head row appends lock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel


class AuditHead(SQLModel, table=True):
    """The one lock row of the audit chain: the last sequence number and entry hash (appends lock it first)."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0, description="Sequence number of the last entry (0: empty chain).")
    entry_hash: str = Field(max_length=64, description="Entry hash of the last entry (the genesis hash if empty).")


class AuditEntry(SQLModel, table=True):
    """One entry of the append-only, hash-chained audit log."""

    __tablename__ = "audit_entry"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False},
                     description="1, 2, ... without gaps.")
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor: str = Field(max_length=300, description="Who wrote: organisation, token id or CLI user.")
    action: str = Field(max_length=60, index=True, description="issue, update, status, revoke, token-read, ...")
    subject: str = Field(max_length=500, index=True, description="What was written (passport path, list URL...).")
    payload: str = Field(sa_column=Column(Text, nullable=False), description="Canonical JSON of the payload.")
    payload_digest: str = Field(max_length=64, description="SHA-256 hex of `payload`.")
    previous_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64, description="SHA-256 over every other field and previous_hash.")
    format: int = Field(default=2, sa_column_kwargs={"server_default": "1"},
                        description="How the entry was hashed: 1 sorted-keys JSON (before revision 0100), 2 JCS.")
