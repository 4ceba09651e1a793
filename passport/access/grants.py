"""Legitimate-interest grants: a reader asks, the maker (or its delegate, or the operator) decides, and a grant
lets the reader read at the `legitimate_interest` level within its scope until it expires or is revoked.

A grant's scope is one passport (its path), a battery model of a maker, or all of a maker's passports. Every
step is in the hash-chained audit log in the same transaction as the change; revocation takes effect at once
(the next read is checked against the store). Delegation (`passport.access.delegation`) lets another
organisation act for the maker and lets a delegate read under the delegator's grants.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, or_, select

from passport.access.delegation import acting_for, delegators_of
from passport.access.roles import FREE_TEXT, NAME_TEXT, Purpose
from passport.access._models import Out
from passport.access.tables import AccessGrant
from passport.errors import AccessDeniedError, ConflictError, InputError, NotFoundError
from passport.audit import append_audit
from passport.auth import Caller
from passport.registry import latest
from passport.store.tables import Organisation

MAX_DAYS = 365


class ScopeKind(StrEnum):
    PASSPORT = "passport"
    MODEL = "model"
    MAKER = "maker"


class GrantRequest(BaseModel):
    """What a reader asks for."""

    model_config = ConfigDict(extra="forbid")

    purpose: Purpose = Field(description="Why: repair, repurposing, remanufacturing, recycling or research.")
    scope: ScopeKind = Field(description="passport, model or maker.")
    value: str = Field(min_length=1, max_length=500, pattern=NAME_TEXT, description="The passport path "
                       "(/01/.../21/...), the battery model, or the maker organisation.")
    maker: str | None = Field(default=None, max_length=200, pattern=NAME_TEXT,
                              description="The maker, for a model scope.")
    justification: str = Field(default="", max_length=2000, pattern=FREE_TEXT,
                               description="Free text for the maker.")
    days: int = Field(default=90, ge=1, le=MAX_DAYS, description="How long the grant would last once approved.")


class Grant(Out):
    """A request or grant as listed."""

    id: str
    requester: str
    purpose: str
    scope: str
    value: str
    maker: str
    state: str = Field(description="requested, approved, refused or revoked (approved past expiresAt: expired).")
    requested_at: datetime
    expires_at: datetime
    decided_by: str | None = None
    decided_at: datetime | None = None
    revoked_at: datetime | None = None


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else value if value.tzinfo else value.replace(tzinfo=UTC)


def _out(row: AccessGrant) -> Grant:
    return Grant(id=row.id, requester=row.requester, purpose=row.purpose, scope=row.scope_kind,
                 value=row.scope_value, maker=row.maker, state=row.state, requested_at=_aware(row.requested_at),
                 expires_at=_aware(row.expires_at), decided_by=row.decided_by, decided_at=_aware(row.decided_at),
                 revoked_at=_aware(row.revoked_at))  # type: ignore[arg-type]


def _passport_maker(session: Session, path: str) -> str:
    stored = latest(session, path)
    organisation = session.get(Organisation, stored.organisation_id) if stored.organisation_id else None
    if organisation is None:
        raise InputError("this passport has no maker organisation here to decide", code="NO_MAKER",
                         details={"pointer": "/value"})
    return organisation.name


def request_grant(session: Session, requester: str, request: GrantRequest, *, now: datetime | None = None) -> Grant:
    """Record a request (state `requested`) addressed to the maker of the scope."""
    now = now or datetime.now(UTC)
    if request.scope is ScopeKind.PASSPORT:
        maker = _passport_maker(session, request.value)
    elif request.scope is ScopeKind.MAKER:
        maker = request.value
    elif request.maker:
        maker = request.maker
    else:
        raise InputError("a model scope needs the maker", details={"pointer": "/maker"})
    if session.exec(select(Organisation).where(Organisation.name == maker)).first() is None:
        raise InputError("no organisation with this name", details={"pointer": "/maker" if request.maker else "/value"})
    row = AccessGrant(id=f"grt_{secrets.token_hex(8)}", requester=requester, purpose=request.purpose.value,
                      justification=request.justification, scope_kind=request.scope.value,
                      scope_value=request.value, maker=maker, state="requested", requested_at=now,
                      expires_at=now + timedelta(days=request.days))
    session.add(row)
    session.flush()
    append_audit(session, requester, "grant-request", row.id, {"purpose": row.purpose, "scope": row.scope_kind,
                                                              "value": row.scope_value, "maker": maker}, now=now)
    return _out(row)


def _row(session: Session, grant_id: str) -> AccessGrant:
    row = session.get(AccessGrant, grant_id)
    if row is None:
        raise NotFoundError("no grant with this id", code="GRANT_NOT_FOUND", details={"grant_id": grant_id})
    return row


def _may_decide(session: Session, row: AccessGrant, organisation: str | None, operator: bool, now: datetime) -> None:
    if operator or (organisation is not None and acting_for(session, organisation, row.maker, now)):
        return
    raise AccessDeniedError("only the maker, its delegate or the operator decides this grant",
                            code="NOT_GRANT_DECIDER", details={"grant_id": row.id})


def decide_grant(session: Session, grant_id: str, approve: bool, *, organisation: str | None, operator: bool = False,
                 now: datetime | None = None) -> Grant:
    """Approve (the grant runs from now for the requested period) or refuse a pending request."""
    now = now or datetime.now(UTC)
    row = _row(session, grant_id)
    _may_decide(session, row, organisation, operator, now)
    if row.state != "requested":
        raise ConflictError(f"the grant is {row.state}, not pending", code="GRANT_DECIDED",
                            details={"grant_id": grant_id, "state": row.state})
    if approve:
        row.expires_at = now + (_aware(row.expires_at) - _aware(row.requested_at))  # type: ignore[operator]
    row.state, row.decided_by, row.decided_at = ("approved" if approve else "refused"), organisation or "operator", now
    session.add(row)
    session.flush()
    append_audit(session, row.decided_by, "grant-decide", row.id, {"state": row.state}, now=now)
    return _out(row)


def revoke_grant(session: Session, grant_id: str, *, organisation: str | None, operator: bool = False,
                 now: datetime | None = None) -> Grant:
    """Emergency revocation: the grant stops covering reads at once (maker, delegate, operator or requester)."""
    now = now or datetime.now(UTC)
    row = _row(session, grant_id)
    if organisation != row.requester:
        _may_decide(session, row, organisation, operator, now)
    if row.state == "revoked":
        return _out(row)
    row.state, row.revoked_at = "revoked", now
    session.add(row)
    session.flush()
    append_audit(session, organisation or "operator", "grant-revoke", row.id, {}, now=now)
    return _out(row)


def list_grants(session: Session, organisation: str) -> list[Grant]:
    """The grants an organisation asked for or decides (its own and its delegators')."""
    names = [organisation, *delegators_of(session, organisation, datetime.now(UTC))]
    rows = session.exec(select(AccessGrant).where(or_(col(AccessGrant.requester).in_(names),
                                                      col(AccessGrant.maker).in_(names)))
                        .order_by(col(AccessGrant.requested_at))).all()
    return [_out(r) for r in rows]


@dataclass(frozen=True, slots=True)
class _Target:
    path: str
    maker: str | None
    model: str | None


def _target(session: Session, path: str) -> _Target | None:
    try:
        stored = latest(session, path)
    except NotFoundError:
        return None
    organisation = session.get(Organisation, stored.organisation_id) if stored.organisation_id else None
    general = json.loads(stored.credential).get("credentialSubject", {}).get("generalProductInformation", {})
    model = general.get("batteryModel") if isinstance(general, dict) else None
    return _Target(path, organisation.name if organisation else None, model if isinstance(model, str) else None)


def covering_grant(session: Session, organisation: str, path: str, *, now: datetime | None = None) -> str | None:
    """The id of an approved, unexpired, unrevoked grant of `organisation` (or of an organisation it holds a
    delegation from) whose scope covers the passport at `path`; None when there is none."""
    now = now or datetime.now(UTC)
    holders = [organisation, *delegators_of(session, organisation, now)]
    rows = session.exec(select(AccessGrant).where(col(AccessGrant.requester).in_(holders),
                                                  AccessGrant.state == "approved")).all()
    live = [r for r in rows if _aware(r.expires_at) > now]  # type: ignore[operator]
    if not live:
        return None
    target = _target(session, path)
    if target is None:
        return None
    for row in live:
        if (row.scope_kind == ScopeKind.PASSPORT and row.scope_value == path) or (
                row.maker == target.maker and (row.scope_kind == ScopeKind.MAKER or (
                    row.scope_kind == ScopeKind.MODEL and row.scope_value == target.model))):
            return row.id
    return None


def grant_for_read(engine: object, organisation: str, path: str) -> str | None:
    """`covering_grant` in its own session (for the read path)."""
    with Session(engine) as session:  # type: ignore[arg-type]
        return covering_grant(session, organisation, path)


def reading_level(engine: object, caller: Caller, path: str) -> tuple[str, str | None]:
    """The level `caller` reads the passport at `path` at, and the grant that lifted it (None: its own level).
    Only an authenticated caller reading as the public is looked up: the anonymous QR scan costs nothing."""
    if caller.authenticated and caller.organisation and caller.access_level == "public":
        grant = grant_for_read(engine, caller.organisation, path)
        if grant is not None:
            return "legitimate_interest", grant
    return caller.access_level, None
