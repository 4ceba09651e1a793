"""Reading a passport's history: the version in force at a date, every version with why it changed, and the
passports before and after it (Art. 77(7))."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from passport.errors import InputError, NotFoundError
from passport.lifecycle.tables import (
    ResponsibilityTransfer,
    StatusTransition,
    VersionChange,
)
from passport.registry import list_versions


def parse_as_of(value: str) -> datetime:
    """`2027-03-01` (the end of that day, UTC) or an ISO 8601 date-time (UTC when no offset is given)."""
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time.max, tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError("as_of must be a date (YYYY-MM-DD) or an ISO 8601 date-time", code="INVALID_AS_OF",
                         details={"field": "as_of"}) from None  # never echo the input
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_AS_OF_SQL = text("SELECT version, created_at FROM passport_version WHERE identifier = :identifier "
                  "ORDER BY version")


def version_as_of(connection: Connection | Session, identifier: str, when: datetime) -> int:
    """The number of the newest version stored at or before `when`; NotFoundError if the passport is younger."""
    rows = connection.execute(_AS_OF_SQL, {"identifier": identifier}).all()
    if not rows:
        raise NotFoundError("no passport with this identifier", details={"identifier": identifier})
    found = None
    for number, created in rows:
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        created = created if created.tzinfo else created.replace(tzinfo=UTC)
        if created <= when:
            found = number
    if found is None:
        raise NotFoundError("the passport did not exist yet at that date", code="NOT_FOUND",
                            details={"identifier": identifier, "as_of": when.isoformat()})
    return found


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version: int
    created_at: datetime
    reason_code: str | None
    static_pointers: list[str]


def history(session: Session, identifier: str) -> list[VersionInfo]:
    """Every version, oldest first, with the reason code of static changes."""
    versions = list_versions(session, identifier)
    if not versions:
        raise NotFoundError("no passport with this identifier", details={"identifier": identifier})
    reasons = {r.version: r for r in session.exec(select(VersionChange).where(VersionChange.identifier == identifier))}
    return [VersionInfo(version=n, created_at=at, reason_code=reasons[n].reason_code if n in reasons else None,
                        static_pointers=json.loads(reasons[n].static_pointers) if n in reasons else [])
            for n, at in versions]


@dataclass(frozen=True, slots=True)
class Lineage:
    """Art. 77(7) links of one passport: paths of its predecessors and successors."""

    predecessors: list[str]
    successors: list[str]


def lineage(session: Session | Connection, identifier: str) -> Lineage:
    rows = session.execute(select(ResponsibilityTransfer.predecessor, ResponsibilityTransfer.successor).where(
        (ResponsibilityTransfer.predecessor == identifier) | (ResponsibilityTransfer.successor == identifier)
    ).order_by(col(ResponsibilityTransfer.id))).all()
    return Lineage(predecessors=[p for p, s in rows if s == identifier],
                   successors=[s for p, s in rows if p == identifier])


def transitions(session: Session, identifier: str) -> list[StatusTransition]:
    return list(session.exec(select(StatusTransition).where(StatusTransition.identifier == identifier)
                             .order_by(col(StatusTransition.id))).all())
