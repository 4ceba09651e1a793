"""Bearer tokens: create (shown once), authenticate, list, revoke.

A token reads `bp_{id}.{secret}`: the id (16 hex digits) finds the row, the secret (32 random bytes, base64url)
is checked by HMAC-SHA256 under the server's token key with `hmac.compare_digest`. A stolen database alone does
not give usable tokens, and without the key the hashes cannot be brute-forced offline even for weak secrets
(ours are 256-bit anyway).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session, col, select

from passport.auth.errors import AuthenticationError
from passport.auth.roles import Role, access_level_of
from passport.auth.tables import ApiToken
from passport.custody.tables import CustodyParty
from passport.errors import InputError, KeyMaterialError, NotFoundError
from passport.local_files import ensure_private_dir
from passport.settings import Settings
from passport.store.tables import Organisation, slugify

TOKEN_PATTERN = re.compile(r"bp_(?P<id>[0-9a-f]{16})\.(?P<secret>[A-Za-z0-9_-]{43})")
MAX_DAYS = 3650
KEY_FILE = "token-hash.key"
_HKDF_INFO = b"battery-passport/api-token-hash/v1"


def token_hash_key(settings: Settings) -> bytes:
    """The server's key for hashing token secrets.

    Derived (HKDF-SHA256) from `PASSPORT_KEY_ENCRYPTION_KEY` when it is set, so every server sharing a database
    agrees; otherwise a random key generated once in `data_dir/token-hash.key` (mode 0600).
    """
    if settings.key_encryption_key:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO)
        return hkdf.derive(settings.key_encryption_key.encode("utf-8"))
    path = Path(settings.data_dir) / KEY_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        pass
    except ValueError as exc:
        raise KeyMaterialError("the token hash key file is corrupt", details={"file": str(path)}) from exc
    ensure_private_dir(path.parent)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex())
    return key


def _hash(secret: str, key: bytes) -> str:
    return hmac.new(key, secret.encode("ascii"), hashlib.sha256).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who made a request. The anonymous caller (no token) has no organisation and reads at the public level."""

    access_level: str = "public"
    role: Role | None = None
    organisation: str | None = None
    organisation_id: int | None = None
    token_id: str | None = None
    party_id: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.token_id is not None

    @property
    def audit_actor(self) -> str:
        """How the audit log names this caller: its organisation and the token it used."""
        return f"{self.organisation} (token {self.token_id})"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as listed: never its secret or hash."""

    id: str
    organisation: str
    role: Role
    access_level: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"

    @classmethod
    def of(cls, row: ApiToken) -> TokenInfo:
        role = Role(row.role)
        return cls(id=row.id, organisation=row.organisation, role=role, access_level=access_level_of(role),
                   created_at=_aware(row.created_at), expires_at=_aware(row.expires_at),  # type: ignore[arg-type]
                   revoked_at=_aware(row.revoked_at))


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A newly created token. `token` is the only copy of the secret: show it once."""

    info: TokenInfo
    token: str = ""

    def __repr__(self) -> str:  # keep the secret out of reprs and tracebacks
        return f"IssuedToken(id={self.info.id!r}, organisation={self.info.organisation!r})"


OPERATOR_LABEL = "service operator"


def _organisation(session: Session, name: str, role: Role, create: bool) -> Organisation:
    """The organisation a token acts for, by slug (or, for older callers, legal name)."""
    row = (session.exec(select(Organisation).where(Organisation.slug == name)).first()
           or session.exec(select(Organisation).where(Organisation.name == name)).first())
    if row is None:
        if not create:
            raise NotFoundError(f"no organisation {name!r}: create it first with `passport orgs create --slug "
                                f"{slugify(name)} --legal-name NAME`", code="ORGANISATION_NOT_FOUND",
                                details={"field": "org"})
        row = Organisation(name=name, role=role.value)
        session.add(row)
        session.flush()
    return row


def _party(session: Session, party_id: str | None, organisation: Organisation | None, role: Role) -> str | None:
    if party_id is None:
        return None
    if role is not Role.CONTRIBUTOR:
        raise InputError("only contributor tokens are bound to a custody party", details={"field": "party"})

    party = session.get(CustodyParty, party_id)
    if party is None:
        raise NotFoundError(f"no custody party {party_id!r}: register it with `passport custody parties add`",
                            code="PARTY_NOT_FOUND", details={"field": "party"})
    if organisation is not None and organisation.did and party.did != organisation.did:
        raise InputError("the party's DID is not the organisation's DID", code="PARTY_NOT_OF_ORGANISATION",
                         details={"field": "party"})
    return party_id


def create_token(
    session: Session, *, organisation: str | None, role: Role | str, expires_in_days: int, key: bytes,
    now: datetime | None = None, party_id: str | None = None, create_organisation: bool = True,
) -> IssuedToken:
    """A new token for `organisation` (its slug; an operator token needs none) with `role`, valid for
    `expires_in_days` days. A contributor token may be bound to the custody party `party_id`, whose events
    (and its principals', when it is their delegate) are then the only ones it may submit.
    `create_organisation=False` refuses an organisation that does not exist (what the CLI and API do)."""
    try:
        role = Role(role)
    except ValueError as exc:
        raise InputError(f"unknown role; use one of: {', '.join(r.value for r in Role)}",
                         details={"field": "role"}) from exc
    if organisation is None and role is not Role.OPERATOR:
        raise InputError("a token acts for an organisation: pass its slug", details={"field": "org"})
    organisation = (organisation or "").strip()
    if organisation == "" and role is not Role.OPERATOR or len(organisation) > 200:
        raise InputError("the organisation name must have 1 to 200 characters", details={"field": "organisation"})
    if not 1 <= expires_in_days <= MAX_DAYS:
        raise InputError(f"a token expires after 1 to {MAX_DAYS} days", details={"field": "expires"})
    now = now or datetime.now(timezone.utc)
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    org = _organisation(session, organisation, role, create_organisation) if organisation else None
    row = ApiToken(
        id=f"tok_{token_id}", secret_hash=_hash(secret, key), organisation=org.name if org else OPERATOR_LABEL,
        organisation_id=org.id if org else None, role=role.value, created_at=now,
        expires_at=now + timedelta(days=expires_in_days), party_id=_party(session, party_id, org, role),
    )
    session.add(row)
    session.flush()
    return IssuedToken(info=TokenInfo.of(row), token=f"bp_{token_id}.{secret}")


def authenticate(session: Session, presented: str, *, key: bytes, now: datetime | None = None) -> Caller:
    """The caller a presented token stands for; `AuthenticationError` if it is malformed, unknown, wrong,
    revoked or expired (the secret is checked first, so the state of a token is told only to its holder)."""
    match = TOKEN_PATTERN.fullmatch(presented.strip())
    if match is None:
        raise AuthenticationError("the bearer token is malformed", details={"reason": "malformed"})
    row = session.get(ApiToken, f"tok_{match['id']}")
    expected = row.secret_hash if row is not None else _hash("x", key)  # same work whether or not it exists
    if not hmac.compare_digest(expected, _hash(match["secret"], key)) or row is None:
        raise AuthenticationError("the bearer token is not valid", details={"reason": "unknown"})
    info = TokenInfo.of(row)
    state = info.state(now or datetime.now(timezone.utc))
    if state == "revoked":
        raise AuthenticationError("the bearer token has been revoked", code="TOKEN_REVOKED",
                                  details={"token_id": info.id})
    if state == "expired":
        raise AuthenticationError("the bearer token has expired", code="TOKEN_EXPIRED",
                                  details={"token_id": info.id, "expired_at": info.expires_at.isoformat()})
    # the organisation's current legal name (what its credentials name as issuer), not the one at token creation
    organisation = session.get(Organisation, row.organisation_id) if row.organisation_id is not None else None
    return Caller(access_level=info.access_level, role=info.role,
                  organisation=organisation.name if organisation is not None else info.organisation,
                  organisation_id=row.organisation_id, token_id=info.id, party_id=row.party_id)


def list_tokens(session: Session) -> list[TokenInfo]:
    return [TokenInfo.of(r) for r in session.exec(select(ApiToken).order_by(col(ApiToken.created_at))).all()]


def revoke_token(session: Session, token_id: str, *, now: datetime | None = None) -> TokenInfo:
    """Revoke a token at once; revoking twice keeps the first revocation time."""
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFoundError("no token with this id", details={"token_id": token_id})
    if row.revoked_at is None:
        row.revoked_at = now or datetime.now(timezone.utc)
        session.add(row)
        session.flush()
    return TokenInfo.of(row)
