"""Delegation: an organisation lends its own rights to another for a period (e.g. a maker to its after-sales
contractor). A delegate decides the delegator's grant requests, sees its read log, and reads under its grants;
it does not gain the delegator's token role. Revocation takes effect at once."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from passport.access._models import Out
from passport.access.roles import NAME_TEXT
from passport.access.tables import Delegation
from passport.errors import AccessDeniedError, InputError, NotFoundError
from passport.audit import append_audit
from passport.store.tables import Organisation

MAX_DAYS = 730


class DelegationRequest(BaseModel):
    delegate: str = Field(min_length=1, max_length=200, pattern=NAME_TEXT,
                          description="The organisation receiving the rights.")
    days: int = Field(default=90, ge=1, le=MAX_DAYS, description="How long the delegation lasts.")


class DelegationOut(Out):
    id: str
    delegator: str
    delegate: str
    valid_from: datetime
    valid_until: datetime
    revoked_at: datetime | None = None


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else value if value.tzinfo else value.replace(tzinfo=UTC)


def _out(row: Delegation) -> DelegationOut:
    return DelegationOut(id=row.id, delegator=row.delegator, delegate=row.delegate,
                         valid_from=_aware(row.valid_from),  # type: ignore[arg-type]
                         valid_until=_aware(row.valid_until),  # type: ignore[arg-type]
                         revoked_at=_aware(row.revoked_at))


def delegate(session: Session, delegator: str, request: DelegationRequest, *, now: datetime | None = None
             ) -> DelegationOut:
    """`delegator` lends its rights to `request.delegate` from now for `request.days` days."""
    now = now or datetime.now(UTC)
    if request.delegate == delegator:
        raise InputError("an organisation cannot delegate to itself", details={"pointer": "/delegate"})
    if session.exec(select(Organisation).where(Organisation.name == request.delegate)).first() is None:
        raise InputError("no organisation with this name", details={"pointer": "/delegate"})
    row = Delegation(id=f"dlg_{secrets.token_hex(8)}", delegator=delegator, delegate=request.delegate,
                     valid_from=now, valid_until=now + timedelta(days=request.days))
    session.add(row)
    session.flush()
    append_audit(session, delegator, "delegate", row.id, {"delegate": row.delegate, "days": request.days}, now=now)
    return _out(row)


def revoke_delegation(session: Session, delegation_id: str, delegator: str, *, now: datetime | None = None
                      ) -> DelegationOut:
    now = now or datetime.now(UTC)
    row = session.get(Delegation, delegation_id)
    if row is None:
        raise NotFoundError("no delegation with this id", code="DELEGATION_NOT_FOUND",
                            details={"delegation_id": delegation_id})
    if row.delegator != delegator:
        raise AccessDeniedError("only the delegator revokes a delegation", details={"delegation_id": delegation_id})
    if row.revoked_at is None:
        row.revoked_at = now
        session.add(row)
        session.flush()
        append_audit(session, delegator, "delegation-revoke", row.id, {}, now=now)
    return _out(row)


def delegators_of(session: Session, delegate_name: str, now: datetime) -> list[str]:
    """The organisations whose rights `delegate_name` holds at `now`."""
    rows = session.exec(select(Delegation).where(Delegation.delegate == delegate_name,
                                                 col(Delegation.revoked_at).is_(None))).all()
    live = [r for r in rows if _aware(r.valid_from) <= now <= _aware(r.valid_until)]  # type: ignore[operator]
    return sorted({r.delegator for r in live})


def acting_for(session: Session, organisation: str, principal: str, now: datetime) -> bool:
    """True when `organisation` is `principal` or holds a live delegation from it."""
    return organisation == principal or principal in delegators_of(session, organisation, now)


def list_delegations(session: Session, organisation: str) -> list[DelegationOut]:
    rows = session.exec(select(Delegation).where((Delegation.delegator == organisation)
                                                 | (Delegation.delegate == organisation))
                        .order_by(col(Delegation.valid_from))).all()
    return [_out(r) for r in rows]
