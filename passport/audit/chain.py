"""The audit trail: an append-only, hash-chained log of every write, and the check that finds edits and gaps.

Each entry hashes its own fields and the previous entry's hash, so editing, deleting or reordering any past
entry breaks the chain from there on; the head row (last sequence number and hash) catches a truncated tail.
Appends are serialized: the first statement of an append updates the head row, which takes PostgreSQL's row
lock and SQLite's write lock (the transaction's implicit BEGIN acts as BEGIN IMMEDIATE), so two writers can never
take the same sequence number or fork the chain. Call `append_audit` inside the transaction of the write it
records: both land or neither does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785
from sqlalchemy import insert, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select

from passport.audit.tables import AuditEntry, AuditHead
from passport.errors import InputError

GENESIS = "0" * 64
ACTIONS = frozenset({"issue", "update", "status", "revoke", "suspend", "reinstate", "transfer", "token-read",
                     "import", "status-list", "key-create", "key-rotate", "organisation-create",
                     "organisation-update", "custody-party", "custody-site", "custody-delegation", "end",
                     "registry-register",
                     # reader access (passport.access): logins, role credentials, trust list, grants, delegations
                     "role-login", "role-issue", "role-revoke", "trust-list", "grant-request", "grant-decide",
                     "grant-revoke", "delegate", "delegation-revoke"})


#: How new entries are hashed: 2 = RFC 8785 (JCS). Entries written before revision 0100 carry format 1.
FORMAT = 2


def canonical_json(value: Any) -> str:
    """Format 1 (entries before revision 0100; still the transfer digest): sorted keys, no spaces, UTF-8 as is.
    Not RFC 8785: numbers and the order of non-ASCII keys differ. New audit entries use `jcs`."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def jcs(value: Any) -> str:
    """Format 2: RFC 8785 (JCS) text of `value`; values JSON has no type for (dates, decimals) as their string."""
    return rfc8785.dumps(json.loads(json.dumps(value, default=str))).decode("utf-8")


_CANONICAL = {1: canonical_json, 2: jcs}


def _sha256(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def timestamp(at: datetime) -> str:
    """The instant as hashed: UTC, microseconds, `Z` (SQLite returns naive UTC, PostgreSQL aware)."""
    aware = at if at.tzinfo else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(seq: int, at: datetime, actor: str, action: str, subject: str, payload_digest: str,
               previous_hash: str, *, format: int = FORMAT) -> str:
    """SHA-256 over the entry's fields in the canonical JSON of its `format` (1 or 2)."""
    return _sha256(_CANONICAL[format]({"seq": seq, "at": timestamp(at), "actor": actor, "action": action,
                                       "subject": subject, "payloadDigest": payload_digest,
                                       "previousHash": previous_hash}))


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    payload: dict[str, Any]
    entry_hash: str


def append_audit(session: Session | Connection, actor: str, action: str, subject: str, payload: dict[str, Any], *,
                 now: datetime | None = None) -> AuditRecord:
    """Append one entry in the caller's transaction (lock the head, chain, insert); `session` may be an ORM
    session or a Core connection. Never put restricted values or secrets in `payload`: it is stored as is."""
    if action not in ACTIONS:
        raise InputError(f"unknown audit action {action!r}", code="UNKNOWN_AUDIT_ACTION",
                         details={"action": action, "allowed": sorted(ACTIONS)})
    at = (now or datetime.now(UTC)).astimezone(UTC)
    actor, subject = actor[:300], subject[:500]
    # The write lock first (see the module docstring), then read the head under it.
    session.execute(text("UPDATE audit_head SET seq = seq + 1 WHERE id = 1"))
    seq, previous = session.execute(text("SELECT seq, entry_hash FROM audit_head WHERE id = 1")).one()
    body = jcs(payload)
    digest = _sha256(body)
    hashed = entry_hash(seq, at, actor, action, subject, digest, previous)
    session.execute(insert(AuditEntry.__table__).values(  # type: ignore[attr-defined]
        seq=seq, at=at, actor=actor, action=action, subject=subject, payload=body, payload_digest=digest,
        previous_hash=previous, entry_hash=hashed, format=FORMAT))
    session.execute(text("UPDATE audit_head SET entry_hash = :h WHERE id = 1"), {"h": hashed})
    return AuditRecord(seq=seq, at=at, actor=actor, action=action, subject=subject, payload=payload,
                       entry_hash=hashed)


@dataclass(frozen=True, slots=True)
class AuditProblem:
    """One break in the chain: where and what."""

    seq: int
    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class AuditVerification:
    entries: int
    head_seq: int
    head_hash: str
    problems: list[AuditProblem]

    @property
    def verified(self) -> bool:
        return not self.problems


def _rows(session: Session, batch: int = 1000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = session.exec(select(AuditEntry).where(AuditEntry.seq > last).order_by(col(AuditEntry.seq))
                            .limit(batch)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def verify_audit(session: Session) -> AuditVerification:
    """Walk the chain from the genesis hash; report every gap, edited entry, broken link and truncated tail."""
    head = session.get(AuditHead, 1)
    problems: list[AuditProblem] = []
    previous, expected_seq, count = GENESIS, 1, 0
    for row in _rows(session):
        count += 1
        if row.seq != expected_seq:
            problems.append(AuditProblem(expected_seq, "AUDIT_GAP",
                                         f"entries {expected_seq}..{row.seq - 1} are missing"))
        if _sha256(row.payload) != row.payload_digest:
            problems.append(AuditProblem(row.seq, "AUDIT_PAYLOAD_EDITED", "the payload does not match its digest"))
        if row.previous_hash != previous:
            problems.append(AuditProblem(row.seq, "AUDIT_CHAIN_BROKEN",
                                         "previous_hash is not the hash of the entry before"))
        if row.format not in _CANONICAL:
            problems.append(AuditProblem(row.seq, "AUDIT_FORMAT_UNKNOWN", f"unknown entry format {row.format}"))
            previous, expected_seq = row.entry_hash, row.seq + 1
            continue
        recomputed = entry_hash(row.seq, row.at, row.actor, row.action, row.subject, row.payload_digest,
                                row.previous_hash, format=row.format)
        if recomputed != row.entry_hash:
            problems.append(AuditProblem(row.seq, "AUDIT_ENTRY_EDITED", "the entry's fields do not match its hash"))
        previous, expected_seq = row.entry_hash, row.seq + 1
    if head is None:
        problems.append(AuditProblem(0, "AUDIT_HEAD_MISSING", "the audit head row is missing"))
        return AuditVerification(count, 0, GENESIS, problems)
    if head.seq != expected_seq - 1 or head.entry_hash != previous:
        problems.append(AuditProblem(head.seq, "AUDIT_TAIL_TRUNCATED",
                                     f"the head names entry {head.seq} but the chain ends at {expected_seq - 1}"))
    return AuditVerification(count, head.seq, head.entry_hash, problems)


def list_audit(session: Session, *, subject: str | None = None, action: str | None = None, after: int = 0,
               limit: int = 100) -> list[AuditRecord]:
    """Entries in sequence order, optionally for one subject or action."""
    query = select(AuditEntry).where(AuditEntry.seq > after).order_by(col(AuditEntry.seq)).limit(limit)
    if subject is not None:
        query = query.where(AuditEntry.subject == subject)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    return [AuditRecord(seq=r.seq, at=r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC), actor=r.actor,
                        action=r.action, subject=r.subject, payload=json.loads(r.payload), entry_hash=r.entry_hash)
            for r in session.exec(query).all()]
