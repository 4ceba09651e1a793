"""Tables of the passport lifecycle: status lists and their allocations, status transitions,
reasons for static changes, and responsibility transfers (Art. 77(7))."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class StatusList(SQLModel, table=True):
    """One Bitstring Status List of one issuer for one purpose, with its last signed credential."""

    __tablename__ = "status_list"
    __table_args__ = (UniqueConstraint("issuer_slug", "purpose", "number", name="uq_status_list_slug_purpose_n"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=500, index=True, description="The issuer's DID.")
    issuer_slug: str = Field(max_length=40, description="Stable URL segment for the issuer.")
    purpose: str = Field(max_length=20, description="revocation or suspension.")
    number: int = Field(ge=1, description="1, 2, ... per issuer and purpose.")
    url: str = Field(max_length=600, description="The list credential's id and where it is served.")
    length: int = Field(description="Number of entries (bits).")
    allocated: int = Field(default=0, description="Entries handed out so far.")
    bits: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="The raw bitstring.")
    revision: int = Field(default=0, description="Incremented at every bit change.")
    credential: str | None = Field(default=None, sa_column=Column(Text, nullable=True),
                                   description="Signed list credential of `signed_revision` (None: not yet).")
    signed_revision: int = Field(default=-1)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class StatusAllocation(SQLModel, table=True):
    """An index handed out in a list (so it is never handed out twice)."""

    __tablename__ = "status_allocation"
    __table_args__ = (UniqueConstraint("list_id", "index", name="uq_status_allocation_list_index"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="status_list.id", index=True)
    index: int = Field(ge=0)


class StatusTransition(SQLModel, table=True):
    """A battery status change (Annex XIII 4(c)), or a revocation, suspension or reinstatement of a passport."""

    __tablename__ = "status_transition"

    id: int | None = Field(default=None, primary_key=True)
    identifier: str = Field(max_length=300, index=True)
    kind: str = Field(max_length=20, description="battery-status, revocation, suspension or reinstatement.")
    from_status: str | None = Field(default=None, max_length=40)
    to_status: str = Field(max_length=40)
    version: int | None = Field(default=None, description="The version that carries the new status, if any.")
    actor: str = Field(max_length=300)
    evidence: str = Field(sa_column=Column(Text, nullable=False), description="JSON: documents, reason.")
    at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class VersionChange(SQLModel, table=True):
    """Why a version changed static (model-level) fields: a reason code and the JSON pointers changed."""

    __tablename__ = "version_change"
    __table_args__ = (UniqueConstraint("identifier", "version", name="uq_version_change_identifier_version"),)

    id: int | None = Field(default=None, primary_key=True)
    identifier: str = Field(max_length=300, index=True)
    version: int = Field(ge=1)
    reason_code: str = Field(max_length=40)
    static_pointers: str = Field(sa_column=Column(Text, nullable=False), description="JSON list of pointers.")
    actor: str = Field(max_length=300)


class ResponsibilityTransfer(SQLModel, table=True):
    """Art. 77(7): the predecessor passport, its successor and the transfer credential both operators signed."""

    __tablename__ = "responsibility_transfer"
    __table_args__ = (UniqueConstraint("predecessor", "successor", name="uq_transfer_predecessor_successor"),)

    id: int | None = Field(default=None, primary_key=True)
    predecessor: str = Field(max_length=300, index=True, description="Path of the original passport.")
    successor: str = Field(max_length=300, index=True, description="Path of the new passport.")
    new_status: str = Field(max_length=40)
    outgoing: str = Field(max_length=500, description="DID of the outgoing operator.")
    incoming: str = Field(max_length=500, description="DID of the incoming operator.")
    credential: str = Field(sa_column=Column(Text, nullable=False), description="The signed transfer credential.")
    at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
