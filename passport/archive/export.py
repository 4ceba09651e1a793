"""The source side of a back-up: this store's versions, status lists, DPP records and audit chain as records,
and its manifest."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from passport.archive.records import (
    AuditEntryRecord,
    AuditSummary,
    DppRecord,
    Manifest,
    StatusListRecord,
    VersionRecord,
)
from passport.audit import verify_audit
from passport.audit.chain import timestamp
from passport.audit.tables import AuditEntry
from passport.dpp_record.tables import DppPassport
from passport.lifecycle.tables import StatusList
from passport.registry.tables import PassportVersion, PassportView


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def version_records(session: Session, skip: set[str] = frozenset(), batch: int = 200  # type: ignore[assignment]
                    ) -> Iterator[VersionRecord]:
    """Every version not in `skip` (`{identifier}#{version}`), oldest first per passport."""
    last = 0
    while True:
        rows = session.exec(select(PassportVersion).where(PassportVersion.id > last)
                            .order_by(col(PassportVersion.id)).limit(batch)).all()
        if not rows:
            return
        for row in rows:
            if f"{row.identifier}#{row.version}" in skip:
                continue
            views = session.exec(select(PassportView).where(PassportView.version_id == row.id)).all()
            yield VersionRecord(identifier=row.identifier, version=row.version, credential=row.credential,
                                issuer=row.issuer, createdAt=_aware(row.created_at),
                                views={v.access_group: v.credential for v in views})
        last = rows[-1].id  # type: ignore[assignment]


def status_list_records(session: Session) -> list[StatusListRecord]:
    return [StatusListRecord(issuer=r.issuer, issuerSlug=r.issuer_slug, purpose=r.purpose, number=r.number, url=r.url,
                             length=r.length, allocated=r.allocated, bits=base64.b64encode(r.bits).decode(),
                             revision=r.revision, credential=r.credential, signedRevision=r.signed_revision,
                             updatedAt=_aware(r.updated_at))
            for r in session.exec(select(StatusList).order_by(col(StatusList.id))).all()]


def dpp_records(session: Session) -> list[DppRecord]:
    return [DppRecord(dppId=r.dpp_id, identifier=r.identifier, createdAt=_aware(r.created_at),
                      endedAt=_aware(r.ended_at) if r.ended_at else None, endReason=r.end_reason)
            for r in session.exec(select(DppPassport).order_by(col(DppPassport.dpp_id))).all()]


def audit_records(session: Session, after: int = 0, limit: int = 500) -> list[AuditEntryRecord]:
    rows = session.exec(select(AuditEntry).where(AuditEntry.seq > after).order_by(col(AuditEntry.seq))
                        .limit(limit)).all()
    return [AuditEntryRecord(seq=r.seq, at=timestamp(r.at), actor=r.actor, action=r.action, subject=r.subject,
                             payload=r.payload, payloadDigest=r.payload_digest, previousHash=r.previous_hash,
                             entryHash=r.entry_hash, format=r.format) for r in rows]


def list_digest(revision: int, credential: str | None) -> str:
    return f"{revision}:{hashlib.sha256((credential or '').encode('utf-8')).hexdigest()}"


def versions_held(session: Session) -> dict[str, str]:
    rows = session.exec(select(PassportVersion.identifier, PassportVersion.version, PassportVersion.etag)).all()
    return {f"{i}#{v}": e for i, v, e in rows}


def local_manifest(session: Session) -> Manifest:
    """This store's manifest, its own audit chain as the audit summary."""
    check = verify_audit(session)
    return Manifest(versions=versions_held(session),
                    statusLists={r.url: list_digest(r.revision, r.credential)
                                 for r in session.exec(select(StatusList)).all()},
                    dpps={r.dppId: r.endedAt.isoformat() if r.endedAt else None for r in dpp_records(session)},
                    audit=AuditSummary(entries=check.entries, lastSeq=check.head_seq, headHash=check.head_hash,
                                       verified=check.verified,
                                       problems=[f"{p.code}@{p.seq}" for p in check.problems]))
