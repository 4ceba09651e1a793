"""The maker's view of the audit log: who read which of its passports above the public level, and when."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from passport.access._models import Out
from passport.audit.tables import AuditEntry
from passport.registry.tables import PassportVersion
from passport.store.tables import Organisation

READ_ACTION = "token-read"


class RestrictedRead(Out):
    seq: int = Field(description="The audit entry's sequence number (verify the chain with `passport audit verify`).")
    at: datetime
    reader: str = Field(description="Organisation and token (and grant) that read.")
    passport: str = Field(description="The passport's path.")
    version: int | None = None
    access_level: str | None = None


def reads_of_maker(session: Session, maker: str, *, after: int = 0, limit: int = 100) -> list[RestrictedRead]:
    """Restricted reads of `maker`'s passports, in audit order, from sequence number `after` on."""
    organisation = session.exec(select(Organisation).where(Organisation.name == maker)).first()
    if organisation is None:
        return []
    mine = select(PassportVersion.identifier).where(PassportVersion.organisation_id == organisation.id)
    rows = session.exec(select(AuditEntry).where(AuditEntry.action == READ_ACTION, AuditEntry.seq > after,
                                                 col(AuditEntry.subject).in_(mine))
                        .order_by(col(AuditEntry.seq)).limit(limit)).all()
    out = []
    for row in rows:
        payload = json.loads(row.payload)
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
        out.append(RestrictedRead(seq=row.seq, at=at, reader=row.actor, passport=row.subject,
                                  version=payload.get("version"), access_level=payload.get("accessLevel")))
    return out
