"""Read and append passport versions. Nothing here updates or deletes a version: versions are immutable."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Integer, bindparam, func, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from passport.credentials.issuer import issuer_id
from passport.errors import ConflictError, InputError, NotFoundError
from passport.identifiers import PassportId
from passport.registry.ownership import claim
from passport.registry.tables import PassportVersion, PassportView

MAX_PAGE_SIZE = 200


def etag_of(text: str) -> str:
    """The ETag of stored bytes: SHA-256 hex of their UTF-8 encoding (strong validator)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _aware(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A stored version, detached from the session."""

    id: int
    identifier: str
    version: int
    credential: str
    etag: str
    issuer: str
    organisation_id: int | None
    created_at: datetime

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.credential)

    @classmethod
    def of(cls, row: PassportVersion) -> StoredVersion:
        return cls(id=row.id or 0, identifier=row.identifier, version=row.version, credential=row.credential,
                   etag=row.etag, issuer=row.issuer, organisation_id=row.organisation_id,
                   created_at=_aware(row.created_at))


@dataclass(frozen=True, slots=True)
class StoredView:
    """The credential one access group receives for one version."""

    version_id: int
    access_group: str
    credential: str
    etag: str


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a listing; `next_offset` is None on the last page."""

    items: list[StoredVersion]
    total: int
    offset: int
    limit: int

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


def _issuer_of(document: dict[str, Any]) -> str:
    issuer = issuer_id(document)
    if issuer is None:
        raise InputError("the credential has no issuer", details={"pointer": "/issuer"})
    return issuer


def add_version(
    session: Session,
    identifier: PassportId,
    credential: str,
    views: dict[str, str],
    *,
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> StoredVersion:
    """Append the next version of `identifier`: the full signed credential text and the signed view per group.

    A concurrent writer that takes the same version number makes this raise `ConflictError`; retry it.
    """
    try:
        document = json.loads(credential)
    except json.JSONDecodeError as exc:
        raise InputError("the credential is not JSON", details={"pointer": "", "line": exc.lineno}) from exc
    issuer = _issuer_of(document)
    claim(session, identifier.path, organisation_id, now=now)
    current = session.exec(
        select(func.max(PassportVersion.version)).where(PassportVersion.identifier == identifier.path)
    ).one()
    row = PassportVersion(
        identifier=identifier.path, version=(current or 0) + 1, credential=credential, etag=etag_of(credential),
        issuer=issuer, organisation_id=organisation_id, gtin=identifier.gtin, serial=identifier.serial,
        created_at=now or datetime.now(timezone.utc),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConflictError("another version of this passport was stored at the same time; retry",
                            details={"identifier": identifier.path}) from exc
    for group, text in sorted(views.items()):
        session.add(PassportView(version_id=row.id, access_group=group, credential=text, etag=etag_of(text)))
    session.flush()
    return StoredVersion.of(row)


def latest(session: Session, identifier: str) -> StoredVersion:
    """The newest version of a passport (by canonical path)."""
    row = session.exec(
        select(PassportVersion).where(PassportVersion.identifier == identifier)
        .order_by(col(PassportVersion.version).desc()).limit(1)
    ).first()
    if row is None:
        raise NotFoundError("no passport with this identifier", details={"identifier": identifier})
    return StoredVersion.of(row)


def by_version(session: Session, identifier: str, version: int) -> StoredVersion:
    row = session.exec(
        select(PassportVersion).where(PassportVersion.identifier == identifier, PassportVersion.version == version)
    ).first()
    if row is None:
        raise NotFoundError("no such version of this passport", details={"identifier": identifier,
                                                                          "version": version})
    return StoredVersion.of(row)


def list_versions(session: Session, identifier: str) -> list[tuple[int, datetime]]:
    """(version, created_at) of every version, oldest first."""
    rows = session.exec(
        select(PassportVersion.version, PassportVersion.created_at)
        .where(PassportVersion.identifier == identifier).order_by(col(PassportVersion.version))
    ).all()
    return [(v, _aware(t)) for v, t in rows]


def view(session: Session, version_id: int, access_group: str) -> StoredView:
    row = session.exec(
        select(PassportView).where(PassportView.version_id == version_id, PassportView.access_group == access_group)
    ).first()
    if row is None:
        raise NotFoundError("this version has no view for the access group",
                            details={"version_id": version_id, "access_group": access_group})
    return StoredView(version_id=row.version_id, access_group=row.access_group, credential=row.credential,
                      etag=row.etag)


def list_passports(
    session: Session, *, offset: int = 0, limit: int = 50, organisation_id: int | None = None
) -> Page:
    """The latest version of each passport, newest identifier first, optionally of one organisation."""
    if limit < 1 or limit > MAX_PAGE_SIZE:
        raise InputError(f"limit must be between 1 and {MAX_PAGE_SIZE}", details={"field": "limit"})
    if offset < 0:
        raise InputError("offset must not be negative", details={"field": "offset"})
    newest = select(PassportVersion.identifier, func.max(PassportVersion.version).label("version"))
    if organisation_id is not None:
        newest = newest.where(PassportVersion.organisation_id == organisation_id)
    newest_sq = newest.group_by(PassportVersion.identifier).subquery()
    total = session.exec(select(func.count()).select_from(newest_sq)).one()
    rows = session.exec(
        select(PassportVersion)
        .join(newest_sq, (PassportVersion.identifier == newest_sq.c.identifier)
              & (PassportVersion.version == newest_sq.c.version))
        .order_by(col(PassportVersion.id).desc()).offset(offset).limit(limit)
    ).all()
    return Page(items=[StoredVersion.of(r) for r in rows], total=int(total), offset=offset, limit=limit)


@dataclass(frozen=True, slots=True)
class ResolvedView:
    """What a reader at one access group gets for one version, with the facts the page and headers need."""

    identifier: str
    version: int
    latest_version: int
    created_at: datetime
    issuer: str
    access_group: str
    credential: str
    etag: str

    @property
    def is_latest(self) -> bool:
        return self.version == self.latest_version


# The hot path of every QR scan: one plain statement, compiled once, no ORM objects.
_RESOLVE_SQL = text(
    "SELECT v.version, v.created_at, v.issuer, w.credential, w.etag, "
    "(SELECT max(m.version) FROM passport_version m WHERE m.identifier = :identifier) AS latest "
    "FROM passport_version v JOIN passport_view w ON w.version_id = v.id "
    "WHERE v.identifier = :identifier AND w.access_group = :access_group "
    "AND (:version IS NULL OR v.version = :version) "
    "ORDER BY v.version DESC LIMIT 1"
).bindparams(bindparam("version", type_=Integer))


def resolve_view(connection: Connection | Session, identifier: str, access_group: str,
                 version: int | None = None) -> ResolvedView:
    """One query: the view of `access_group` for `version` (default: the newest) of `identifier`."""
    params = {"identifier": identifier, "access_group": access_group, "version": version}
    row = connection.execute(_RESOLVE_SQL, params).first()
    if row is None:
        details: dict[str, Any] = {"identifier": identifier}
        if version is not None:
            details["version"] = version
        raise NotFoundError("no passport with this identifier" if version is None
                            else "no such version of this passport", details=details)
    number, created_at, issuer, credential, etag, newest_number = row
    if isinstance(created_at, str):  # SQLite without declared type affinity hands back text
        created_at = datetime.fromisoformat(created_at)
    return ResolvedView(identifier=identifier, version=number, latest_version=newest_number,
                        created_at=_aware(created_at), issuer=issuer, access_group=access_group,
                        credential=credential, etag=etag)
