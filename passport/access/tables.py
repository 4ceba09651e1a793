"""Tables of reader access: the trust list of role issuers, login challenges, legitimate-interest grants and
delegations between organisations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from passport.store.tables import utcnow


def _at(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(DateTime(timezone=True), nullable=nullable)


class TrustedRoleIssuer(SQLModel, table=True):
    """A DID trusted to attest reader roles, with the roles (and legitimate-interest purposes) it may attest."""

    __tablename__ = "trusted_role_issuer"

    did: str = Field(primary_key=True, max_length=500)
    name: str = Field(max_length=200)
    roles: str = Field(max_length=200, description="Comma-separated roles it may attest.")
    purposes: str | None = Field(default=None, max_length=200,
                                 description="Comma-separated legitimate-interest purposes; None: any.")
    valid_from: datetime = Field(sa_column=_at())
    valid_until: datetime = Field(sa_column=_at())
    created_at: datetime = Field(default_factory=utcnow, sa_column=_at())


class AuthChallenge(SQLModel, table=True):
    """A login nonce: short-lived and single use (`used_at` is set by the one presentation that answers it)."""

    __tablename__ = "auth_challenge"

    nonce: str = Field(primary_key=True, max_length=64)
    domain: str = Field(max_length=300)
    created_at: datetime = Field(sa_column=_at())
    expires_at: datetime = Field(sa_column=_at())
    used_at: datetime | None = Field(default=None, sa_column=_at(nullable=True))


class AccessGrant(SQLModel, table=True):
    """A legitimate-interest request and, once decided, the grant: one passport, a model or a maker's range."""

    __tablename__ = "access_grant"

    id: str = Field(primary_key=True, max_length=40, description="`grt_...`")
    requester: str = Field(max_length=200, index=True, description="Organisation that asked.")
    purpose: str = Field(max_length=40)
    justification: str = Field(default="", sa_column=Column(Text, nullable=False))
    scope_kind: str = Field(max_length=20, description="passport, model or maker.")
    scope_value: str = Field(max_length=500, description="Passport path, battery model, or maker organisation.")
    maker: str = Field(max_length=200, index=True, description="Organisation that decides (the passports' maker).")
    state: str = Field(max_length=20, description="requested, approved, refused, revoked.")
    requested_at: datetime = Field(sa_column=_at())
    expires_at: datetime = Field(sa_column=_at())
    decided_by: str | None = Field(default=None, max_length=200)
    decided_at: datetime | None = Field(default=None, sa_column=_at(nullable=True))
    revoked_at: datetime | None = Field(default=None, sa_column=_at(nullable=True))


class Delegation(SQLModel, table=True):
    """An organisation lending its own rights to another for a period (e.g. a maker to its after-sales contractor)."""

    __tablename__ = "access_delegation"

    id: str = Field(primary_key=True, max_length=40, description="`dlg_...`")
    delegator: str = Field(max_length=200, index=True)
    delegate: str = Field(max_length=200, index=True)
    valid_from: datetime = Field(sa_column=_at())
    valid_until: datetime = Field(sa_column=_at())
    revoked_at: datetime | None = Field(default=None, sa_column=_at(nullable=True))
