"""The service's own issuer keys: per organisation and cryptosuite, one active, the retired ones kept.

Retired keys stay in the table (and in the issuer's did:web document) so proofs made before a rotation
keep verifying; only the active key signs. A partial unique index allows one active key per
(organisation, suite), so two concurrent rotations cannot both win.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, Text, text
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow

ACTIVE_ONLY = text("status = 'active'")


class IssuerKeyBase(SQLModel):
    """The public record of an issuer key: what a DID document or an API may show."""

    verification_method: str = Field(max_length=600, unique=True,
                                      description="Verification method id (DID URL) the key signs as.")
    controller: str = Field(max_length=500, index=True, description="DID that controls the key (the issuer).")
    organisation_id: int = Field(foreign_key="organisation.id", index=True,
                                 description="Organisation the key belongs to.")
    algorithm: str = Field(max_length=10, description="Ed25519, P-256 or P-384.")
    suite: str = Field(max_length=40, description="Cryptosuite the key signs with.")
    public_key_multibase: str = Field(max_length=200, description="Public key as a Multikey.")
    status: str = Field(default="active", max_length=10,
                        description="active: signs new proofs; retired: kept only to verify old ones.")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    retired_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class IssuerKey(IssuerKeyBase, table=True):
    """An issuer key with its secret sealed by the key-encryption key (see `passport.keys.sealing`)."""

    __tablename__ = "issuer_key"
    __table_args__ = (
        Index("uq_issuer_key_active", "organisation_id", "suite", unique=True,
              sqlite_where=ACTIVE_ONLY, postgresql_where=ACTIVE_ONLY),
    )

    id: int | None = Field(default=None, primary_key=True)
    sealed_secret: str = Field(sa_column=Column(Text, nullable=False),
                               description="SealedSecret JSON; opened only to sign.")


class IssuerKeyPublic(IssuerKeyBase):
    """An issuer key as shown outside the store (no secret)."""

    id: int
