"""The access token a role-credential login is answered with: an ordinary bearer token, short-lived.

It is a row of the bearer-token table (so `Authorization: Bearer` works unchanged and revocation is the same),
scoped to the attested role and organisation, expiring after `ttl` (15 minutes by default).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from passport.access.presentations import RoleLogin
from passport.auth import IssuedToken, TokenInfo, create_token
from passport.auth.tables import ApiToken
from passport.audit import append_audit

ACCESS_TOKEN_TTL = timedelta(minutes=15)


def issue_access_token(session: Session, login: RoleLogin, *, key: bytes, now: datetime | None = None,
                       ttl: timedelta = ACCESS_TOKEN_TTL) -> IssuedToken:
    """A bearer token for the logged-in reader, valid for `ttl`; the login is in the audit log."""
    now = now or datetime.now(UTC)
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
