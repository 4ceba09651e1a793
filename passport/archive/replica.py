"""The back-up side (EN 18221): take in another instance's records idempotently, and describe what it holds.

A record already held unchanged is counted `unchanged`; a version held with other bytes is a conflict
(REPLICA_DIVERGES), never overwritten; a status list is replaced only by a later revision; audit entries must
continue the source's chain exactly (each one re-hashed here) or the batch is refused whole.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from passport.archive.export import list_digest
from passport.archive.records import (
    Applied,
    AuditBatch,
    AuditSummary,
    DppsBatch,
    Manifest,
    StatusListsBatch,
    VersionsBatch,
)
from passport.archive.tables import ArchiveAuditEntry
from passport.audit.chain import GENESIS, entry_hash
from passport.dpp_record.tables import DppPassport
from passport.errors import ConflictError, InputError
from passport.identifiers import parse_path
from passport.lifecycle.tables import StatusList
from passport.model import AccessGroup
from passport.registry.repository import etag_of
from passport.registry.tables import PassportVersion, PassportView


def put_versions(session: Session, batch: VersionsBatch) -> Applied:
    applied = Applied()
    groups = {g.value for g in AccessGroup}
    for index, record in enumerate(batch.versions):
        pointer = f"/versions/{index}"
        if set(record.views) != groups:
            raise InputError("a version needs one view per access group", code="REPLICA_VIEWS_INCOMPLETE",
                             details={"pointer": f"{pointer}/views"})
        identifier = parse_path(record.identifier)
        held = session.exec(select(PassportVersion).where(PassportVersion.identifier == identifier.path,
                                                          PassportVersion.version == record.version)).first()
        if held is not None:
            if held.etag != etag_of(record.credential):
                raise ConflictError("this version is held with other bytes", code="REPLICA_DIVERGES",
                                    details={"pointer": pointer, "identifier": identifier.path})
            applied.unchanged += 1
            continue
        newest = session.exec(select(func.max(PassportVersion.version))
                              .where(PassportVersion.identifier == identifier.path)).one() or 0
        if record.version != newest + 1:
            raise InputError("versions are replicated in order", code="REPLICA_GAP",
                             details={"pointer": pointer, "expected": newest + 1})
        row = PassportVersion(identifier=identifier.path, version=record.version, credential=record.credential,
                              etag=etag_of(record.credential), issuer=record.issuer, gtin=identifier.gtin,
                              serial=identifier.serial, created_at=record.createdAt)
        session.add(row)
        session.flush()
        for group, text in sorted(record.views.items()):
            session.add(PassportView(version_id=row.id, access_group=group, credential=text, etag=etag_of(text)))
        applied.created += 1
    session.flush()
    return applied


def put_status_lists(session: Session, batch: StatusListsBatch) -> Applied:
    applied = Applied()
    for r in batch.statusLists:
        held = session.exec(select(StatusList).where(StatusList.url == r.url)).first()
        if held is not None and held.revision >= r.revision:
            applied.unchanged += 1
            continue
        row = held or StatusList(issuer=r.issuer, issuer_slug=r.issuerSlug, purpose=r.purpose, number=r.number,
                                 url=r.url, length=r.length, bits=b"")
        row.length, row.allocated, row.bits = r.length, r.allocated, base64.b64decode(r.bits)
        row.revision, row.credential, row.signed_revision, row.updated_at = (r.revision, r.credential,
                                                                             r.signedRevision, r.updatedAt)
        session.add(row)
        if held is None:
            applied.created += 1
        else:
            applied.updated += 1
    session.flush()
    return applied


def put_dpps(session: Session, batch: DppsBatch) -> Applied:
    applied = Applied()
    for r in batch.dpps:
        held = session.get(DppPassport, r.dppId)
        if held is None:
            session.add(DppPassport(dpp_id=r.dppId, identifier=r.identifier, created_at=r.createdAt,
                                    ended_at=r.endedAt, end_reason=r.endReason))
            applied.created += 1
        elif held.ended_at is None and r.endedAt is not None:
            held.ended_at, held.end_reason = r.endedAt, r.endReason
            session.add(held)
            applied.updated += 1
        else:
            applied.unchanged += 1
    session.flush()
    return applied


def _head(session: Session, source: str) -> tuple[int, str]:
    row = session.exec(select(ArchiveAuditEntry).where(ArchiveAuditEntry.source == source)
                       .order_by(col(ArchiveAuditEntry.seq).desc()).limit(1)).first()
    return (row.seq, row.entry_hash) if row else (0, GENESIS)


def append_entries(session: Session, batch: AuditBatch) -> Applied:
    """Continue `batch.source`'s chain; entries already held with the same hash are `unchanged`."""
    applied = Applied()
    seq, previous = _head(session, batch.source)
    for index, e in enumerate(batch.entries):
        pointer = f"/entries/{index}"
        if e.seq <= seq:
            held = session.get(ArchiveAuditEntry, (batch.source, e.seq))
            if held is None or held.entry_hash != e.entryHash:
                raise ConflictError("this entry is held with another hash", code="REPLICA_DIVERGES",
                                    details={"pointer": pointer})
            applied.unchanged += 1
            continue
        at = datetime.strptime(e.at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        if e.seq != seq + 1 or e.previousHash != previous:
            raise InputError("the entry does not continue the chain held", code="AUDIT_CHAIN_BROKEN",
                             details={"pointer": pointer, "expected": seq + 1})
        if hashlib.sha256(e.payload.encode("utf-8")).hexdigest() != e.payloadDigest or entry_hash(
                e.seq, at, e.actor, e.action, e.subject, e.payloadDigest, e.previousHash,
                format=e.format) != e.entryHash:
            raise InputError("the entry does not match its hash", code="AUDIT_ENTRY_EDITED",
                             details={"pointer": pointer})
        session.add(ArchiveAuditEntry(source=batch.source, seq=e.seq, at=at, actor=e.actor, action=e.action,
                                      subject=e.subject, payload=e.payload, payload_digest=e.payloadDigest,
                                      previous_hash=e.previousHash, entry_hash=e.entryHash, format=e.format))
        seq, previous = e.seq, e.entryHash
        applied.created += 1
    session.flush()
    return applied


def verify_replicated_chain(session: Session, source: str) -> AuditSummary:
    """Re-walk a source's replicated chain from the genesis hash (every entry re-hashed here)."""
    problems, previous, expected, count = [], GENESIS, 1, 0
    rows = session.exec(select(ArchiveAuditEntry).where(ArchiveAuditEntry.source == source)
                        .order_by(col(ArchiveAuditEntry.seq))).all()
    for row in rows:
        count += 1
        if row.seq != expected:
            problems.append(f"AUDIT_GAP@{expected}")
        if hashlib.sha256(row.payload.encode("utf-8")).hexdigest() != row.payload_digest:
            problems.append(f"AUDIT_PAYLOAD_EDITED@{row.seq}")
        if row.previous_hash != previous:
            problems.append(f"AUDIT_CHAIN_BROKEN@{row.seq}")
        if entry_hash(row.seq, row.at, row.actor, row.action, row.subject, row.payload_digest,
                      row.previous_hash, format=row.format) != row.entry_hash:
            problems.append(f"AUDIT_ENTRY_EDITED@{row.seq}")
        previous, expected = row.entry_hash, row.seq + 1
    return AuditSummary(entries=count, lastSeq=expected - 1, headHash=previous, verified=not problems,
                        problems=problems)


def replica_manifest(session: Session, source: str) -> Manifest:
    """What this back-up holds, with `source`'s replicated audit chain re-verified."""
    return Manifest(
        versions={f"{i}#{v}": e for i, v, e in session.exec(
            select(PassportVersion.identifier, PassportVersion.version, PassportVersion.etag)).all()},
        statusLists={r.url: list_digest(r.revision, r.credential) for r in session.exec(select(StatusList)).all()},
        dpps={r.dpp_id: (r.ended_at if r.ended_at.tzinfo else r.ended_at.replace(tzinfo=UTC)).isoformat()
              if r.ended_at else None for r in session.exec(select(DppPassport)).all()},
        audit=verify_replicated_chain(session, source))
