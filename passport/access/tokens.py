"""The access token a role-credential login is answered with: an ordinary bearer token, short-lived.

It is a row of the bearer-token table (so `Authorization: Bearer` works unchanged and revocation is the same),
scoped to the attested role and organisation, expiring after `ttl` (15 minutes by default).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, or_, select

from passport.access.presentations import RoleLogin
from passport.access.roles import READER_ROLES
from passport.auth import IssuedToken, TokenInfo, create_token
from passport.auth.errors import AuthenticationError
from passport.auth.tables import ApiToken
from passport.audit import append_audit
from passport.store.tables import Organisation

ACCESS_TOKEN_TTL = timedelta(minutes=15)
READER_ROLE_NAMES = frozenset(r.value for r in READER_ROLES)


def _check_organisation(session: Session, name: str) -> None:
    """A role credential names a reader organisation: it may not log in as a maker, contributor or operator that
    happens to have that name or slug (its token would act for them: approve their grants, read their logs)."""
    found = session.exec(select(Organisation).where(or_(Organisation.slug == name, Organisation.name == name))).all()
    if any(row.role not in READER_ROLE_NAMES for row in found):
        raise AuthenticationError("the organisation the role credential names is not a reader organisation here",
                                  code="ROLE_ORGANISATION_CONFLICT", details={"organisation": name})


def issue_access_token(session: Session, login: RoleLogin, *, key: bytes, now: datetime | None = None,
                       ttl: timedelta = ACCESS_TOKEN_TTL) -> IssuedToken:
    """A bearer token for the logged-in reader, valid for `ttl`; the login is in the audit log."""
    now = now or datetime.now(UTC)
    _check_organisation(session, login.organisation)
    issued = create_token(session, organisation=login.organisation, role=login.role, expires_in_days=1, key=key,
                          now=now)
    row = session.get(ApiToken, issued.info.id)
    assert row is not None
    row.expires_at = now + ttl
    session.add(row)
    session.flush()
    append_audit(session, f"{login.organisation} (holder {login.holder})", "role-login", issued.info.id,
                 {"role": login.role.value, "issuer": login.issuer, "credential": login.credential_id,
                  "holder": login.holder, "purposes": list(login.purposes)}, now=now)
    return IssuedToken(info=TokenInfo.of(row), token=issued.token)
