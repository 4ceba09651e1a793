"""Store tables of the indices: assessment credentials as received and each computed result with its inputs.

`IndexEvidence` keeps the signed bytes of every accepted assessment (the digest is what results cite);
`IndexDisclosure` keeps the `IndexInputs` and the result of every computation, so `passport indices explain`
shows the breakdown and `passport indices recompute` re-derives it from exactly what was disclosed. The per-site
programme counts the indices read are Better Mining's (`indices.bettermining.tables.BmSiteCounts`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, LargeBinary, Text
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


class IndexEvidence(SQLModel, table=True):
    __tablename__ = "index_evidence"

    digest: str = Field(primary_key=True, max_length=100, description="Multibase sha2-256 of the JCS bytes.")
    company: str = Field(max_length=500, index=True, description="The assessed company's party id.")
    issuer: str = Field(max_length=500, description="The credential's issuer (a DID).")
    assessment_type: str = Field(max_length=40)
    rulebook: str = Field(max_length=64)
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    credential: str = Field(sa_column=Column(Text, nullable=False), description="The credential, JSON as received.")


class IndexDisclosure(SQLModel, table=True):
    __tablename__ = "index_disclosure"

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=500, index=True, description="The battery or lot id.")
    computed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    inputs_digest: str = Field(max_length=100)
    # zlib-compressed UTF-8 JSON: at 10,000 sites the two documents are 17 MB of text, 1 MB compressed
    inputs: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="IndexInputs, JSON, zlib.")
    result: bytes = Field(sa_column=Column(LargeBinary, nullable=False), description="IndicesResult, JSON, zlib.")
