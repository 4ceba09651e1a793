"""Login challenges: a random nonce bound to this service's domain, short-lived and answered at most once.

Spec: VC Data Integrity 1.0 §2.1 (`challenge`, `domain`): a verifier issues a fresh challenge so a captured
presentation cannot be replayed, and names its domain so a presentation made for another verifier is refused.
`consume` marks the nonce used with one conditional UPDATE, so two concurrent presentations of the same nonce
cannot both succeed (PostgreSQL and SQLite alike).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import delete, update
from sqlmodel import Session

from passport.access.tables import AuthChallenge
from passport.auth.errors import AuthenticationError

CHALLENGE_TTL = timedelta(minutes=5)


def service_domain(base_url: str) -> str:
    """The domain a presentation must name: the host (and port) of `PASSPORT_BASE_URL`."""
    return urlsplit(base_url).netloc


@dataclass(frozen=True, slots=True)
class Challenge:
    nonce: str
    domain: str
    expires_at: datetime


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def issue_challenge(session: Session, domain: str, *, now: datetime | None = None,
                    ttl: timedelta = CHALLENGE_TTL) -> Challenge:
    """A new nonce (256 bits) for `domain`; expired ones are swept at the same time."""
    now = now or datetime.now(UTC)
    session.execute(delete(AuthChallenge).where(AuthChallenge.expires_at < now - ttl))  # type: ignore[arg-type]
    row = AuthChallenge(nonce=secrets.token_urlsafe(32), domain=domain, created_at=now, expires_at=now + ttl)
    session.add(row)
    session.flush()
    return Challenge(row.nonce, row.domain, row.expires_at)


def consume(session: Session, nonce: object, *, now: datetime | None = None) -> Challenge:
    """Mark `nonce` used and return it; AuthenticationError CHALLENGE_UNKNOWN, CHALLENGE_REPLAYED or
    CHALLENGE_EXPIRED otherwise. Call it in its own committed transaction: a failed login still spends it."""
    now = now or datetime.now(UTC)
    if not isinstance(nonce, str) or not 0 < len(nonce) <= 64:
        raise AuthenticationError("the presentation answers no challenge of ours", code="CHALLENGE_UNKNOWN")
    taken = session.execute(update(AuthChallenge).where(
        AuthChallenge.nonce == nonce, AuthChallenge.used_at.is_(None),  # type: ignore[union-attr]
        AuthChallenge.expires_at > now).values(used_at=now))  # type: ignore[arg-type]
    row = session.get(AuthChallenge, nonce, populate_existing=True)
    if row is None:
        raise AuthenticationError("the presentation answers no challenge of ours", code="CHALLENGE_UNKNOWN")
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        if row.used_at is not None:
            raise AuthenticationError("this challenge has been answered already", code="CHALLENGE_REPLAYED")
        raise AuthenticationError("this challenge has expired: ask for a new one", code="CHALLENGE_EXPIRED",
                                  details={"expired_at": _aware(row.expires_at).isoformat()})
    return Challenge(row.nonce, row.domain, _aware(row.expires_at))
