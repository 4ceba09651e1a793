"""What one instance sends another to keep a back-up (EN 18221): the one schema of each replicated record.

Credentials travel as the exact stored text (their ETag is the SHA-256 of those bytes); audit entries as the
source hashed them (`at` in the hashed timestamp form), so the back-up can re-verify both on its own.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

MAX_RECORDS = 500


class VersionRecord(BaseModel):
    identifier: str = Field(max_length=300, description="Canonical Digital Link or scheme path.")
    version: int = Field(ge=1)
    credential: str = Field(description="The full signed credential, exact text.")
    issuer: str = Field(max_length=500)
    createdAt: datetime
    views: dict[str, str] = Field(description="Each access group's signed view, exact text.")


class StatusListRecord(BaseModel):
    issuer: str = Field(max_length=500)
    issuerSlug: str = Field(max_length=40)
    purpose: str = Field(max_length=20)
    number: int = Field(ge=1)
    url: str = Field(max_length=600)
    length: int = Field(ge=1)
    allocated: int = Field(ge=0)
    bits: str = Field(description="The bitstring, base64.")
    revision: int = Field(ge=0)
    credential: str | None = Field(description="The signed list credential of `signedRevision`.")
    signedRevision: int
    updatedAt: datetime


class DppRecord(BaseModel):
    dppId: str = Field(max_length=36)
    identifier: str = Field(max_length=300)
    createdAt: datetime
    endedAt: datetime | None = None
    endReason: str | None = Field(default=None, max_length=500)


class AuditEntryRecord(BaseModel):
    seq: int = Field(ge=1)
    at: str = Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", description="As hashed.")
    actor: str = Field(max_length=300)
    action: str = Field(max_length=60)
    subject: str = Field(max_length=500)
    payload: str = Field(description="The payload JSON, exact text.")
    payloadDigest: str = Field(pattern=r"^[0-9a-f]{64}$")
    previousHash: str = Field(pattern=r"^[0-9a-f]{64}$")
    entryHash: str = Field(pattern=r"^[0-9a-f]{64}$")
    format: int = Field(default=1, ge=1, le=2, description="How it was hashed: 1 sorted-keys JSON, 2 RFC 8785.")


class VersionsBatch(BaseModel):
    versions: list[VersionRecord] = Field(min_length=1, max_length=MAX_RECORDS)


class StatusListsBatch(BaseModel):
    statusLists: list[StatusListRecord] = Field(min_length=1, max_length=MAX_RECORDS)


class DppsBatch(BaseModel):
    dpps: list[DppRecord] = Field(min_length=1, max_length=MAX_RECORDS)


class AuditBatch(BaseModel):
    source: str = Field(max_length=300, description="The source instance's base URL.")
    entries: list[AuditEntryRecord] = Field(min_length=1, max_length=MAX_RECORDS)


class AuditSummary(BaseModel):
    entries: int
    lastSeq: int
    headHash: str
    verified: bool
    problems: list[str] = Field(description="Codes of the breaks found, `CODE@seq`.")


class Manifest(BaseModel):
    """What an instance holds, to compare a back-up with its source."""

    versions: dict[str, str] = Field(description="`{identifier}#{version}` → ETag.")
    statusLists: dict[str, str] = Field(description="List URL → `{revision}:{sha256 of the credential}`.")
    dpps: dict[str, str | None] = Field(description="DPP id → when the passport ended (null: not ended).")
    audit: AuditSummary


class Applied(BaseModel):
    created: int = 0
    unchanged: int = 0
    updated: int = 0
