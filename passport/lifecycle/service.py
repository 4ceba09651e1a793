"""The lifecycle's writes: a new signed version, a battery status change, revocation, suspension, reinstatement.

Each runs inside the caller's transaction (a `session_scope`) and touches everything it needs there: the version
and its views, the status list indexes and bits (with the re-signed list credentials), the transition record and
the audit entry. So a write lands whole or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from passport.dpp_record.records import ensure_record
from passport.errors import ConflictError, InputError, NotFoundError
from passport.keys import Signer
from passport.audit.chain import append_audit
from passport.lifecycle.fields import check_reason, static_changes
from passport.lifecycle.statuslist import (
    SignerFor,
    allocate_status_entries,
    bit_values,
    set_bits,
)
from passport.lifecycle.tables import StatusTransition, VersionChange
from passport.lifecycle.transitions import check_transition
from passport.registry import StoredVersion, latest
from passport.registry.issue import IssuedPassport, prepare, sign_passport, store
from passport.registry.ownership import claim, lock_writers
from passport.registry.tables import PassportVersion

STATUS_POINTER = ("generalProductInformation", "batteryStatus")


def _status_of(subject: dict[str, Any]) -> str | None:
    return (subject.get(STATUS_POINTER[0]) or {}).get(STATUS_POINTER[1])


def _entries(document: dict[str, Any]) -> list[dict[str, Any]]:
    status = document.get("credentialStatus")
    return [e for e in (status if isinstance(status, list) else [status] if status else []) if isinstance(e, dict)]


def _latest_or_none(session: Session, identifier: str) -> StoredVersion | None:
    try:
        return latest(session, identifier)
    except NotFoundError:
        return None


def _require_evidence(evidence: dict[str, Any] | None) -> dict[str, Any]:
    if not evidence or not any(evidence.values()):
        raise InputError("a status change needs evidence (documents or a note)", code="EVIDENCE_REQUIRED",
                         details={"field": "evidence"})
    return evidence


def issue_version(
    session: Session,
    data: Any,
    *,
    signer: Signer,
    base_url: str,
    actor: str,
    reason: str | None = None,
    evidence: dict[str, Any] | None = None,
    issuer_name: str | None = None,
    organisation_id: int | None = None,
    now: datetime | None = None,
    related_resource: list[dict[str, Any]] | None = None,
) -> IssuedPassport:
    """Validate `data`, check it against the current version (static fields need `reason`; a battery status change
    must be allowed and needs `evidence`; a revoked passport takes no new version), allocate its status entries,
    sign, store, and record the transition, the reason and the audit entry."""
    now = now or datetime.now(UTC)
    identifier, passport = prepare(data, base_url)
    # First: the atomic owner claim (locks the identifier for this transaction), then read what is stored.
    claim(session, identifier.path, organisation_id, now=now)
    previous = _latest_or_none(session, identifier.path)
    new_subject = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    pointers: list[str] = []
    old_status = None
    suspended = False
    if previous is not None:
        document = previous.document
        flags = bit_values(session, _entries(document))
        flagged = {e.get("statusPurpose") for e in _entries(document) if flags.get(str(e.get("id")))}
        if "revocation" in flagged:
            raise ConflictError("this passport is revoked: it takes no new version", code="PASSPORT_REVOKED",
                                details={"identifier": identifier.path})
        suspended = "suspension" in flagged
        old_subject = {k: v for k, v in document["credentialSubject"].items() if k != "type"}
        pointers = static_changes(old_subject, new_subject)
        old_status = _status_of(old_subject)
    check_reason(pointers, reason)
    new_status = _status_of(new_subject)
    changed_status = old_status is not None and new_status != old_status
    if changed_status:
        check_transition(old_status, new_status)  # type: ignore[arg-type]
        evidence = _require_evidence(evidence)
    entries = allocate_status_entries(session, signer.controller, base_url)
    signed = sign_passport(data, signer=signer, base_url=base_url, issuer_name=issuer_name, now=now,
                           status=entries, related_resource=related_resource)
    issued = store(session, signed, organisation_id=organisation_id, now=now)
    ensure_record(session, identifier.path, now)  # its EN 18222 DPP id, minted with the first version
    number = issued.stored.version
    if suspended:  # a suspension covers the passport, so its new version is issued suspended too
        set_bits(session, [e for e in entries if e["statusPurpose"] == "suspension"], True,
                 lambda did: signer, now=now)
    if pointers:
        session.add(VersionChange(identifier=identifier.path, version=number, reason_code=reason,  # type: ignore[arg-type]
                                  static_pointers=json.dumps(pointers), actor=actor))
    if changed_status:
        session.add(StatusTransition(identifier=identifier.path, kind="battery-status", from_status=old_status,
                                     to_status=new_status, version=number, actor=actor,  # type: ignore[arg-type]
                                     evidence=json.dumps(evidence, sort_keys=True), at=now))
    append_audit(session, actor, "issue" if previous is None else "status" if changed_status else "update",
                 identifier.path, {"version": number, "etag": issued.stored.etag, "issuer": issued.stored.issuer,
                                   "reason": reason, "staticPointers": pointers, "suspended": suspended,
                                   "batteryStatus": [old_status, new_status] if changed_status else None},
                 now=now)
    session.flush()
    return issued


def current_data(stored: StoredVersion) -> dict[str, Any]:
    """The passport data (a PassportCreate as JSON) of a stored version, to derive the next version from."""
    return {k: v for k, v in stored.document["credentialSubject"].items() if k != "type"}


def change_battery_status(session: Session, identifier: str, new_status: str, *, signer: Signer, base_url: str,
                          actor: str, evidence: dict[str, Any], issuer_name: str | None = None,
                          now: datetime | None = None) -> IssuedPassport:
    """The next version of `identifier` with only its battery status changed (Annex XIII 4(c))."""
    stored = latest(session, identifier)
    data = current_data(stored)
    data["generalProductInformation"] = {**data["generalProductInformation"], "batteryStatus": new_status}
    if _status_of(data) == _status_of(stored.document["credentialSubject"]):
        check_transition(new_status, new_status)  # raises: no change
    return issue_version(session, data, signer=signer, base_url=base_url, actor=actor, evidence=evidence,
                         issuer_name=issuer_name, organisation_id=stored.organisation_id, now=now,
                         related_resource=stored.document.get("relatedResource"))  # same upstream, same binding


@dataclass(frozen=True, slots=True)
class PassportState:
    """Where a passport stands: its newest version, battery status, and whether it is revoked or suspended."""

    identifier: str
    version: int
    battery_status: str | None
    revoked: bool
    suspended: bool
    status_lists: list[str]


def _all_entries(session: Session, identifier: str, purpose: str) -> list[dict[str, Any]]:
    texts = session.exec(select(PassportVersion.credential).where(PassportVersion.identifier == identifier)
                         .order_by(col(PassportVersion.version))).all()
    if not texts:
        raise NotFoundError("no passport with this identifier", details={"identifier": identifier})
    return [e for t in texts for e in _entries(json.loads(t)) if e.get("statusPurpose") == purpose]


def passport_state(session: Session, identifier: str) -> PassportState:
    stored = latest(session, identifier)
    entries = _entries(stored.document)
    bits = bit_values(session, entries)
    flagged = {e.get("statusPurpose") for e in entries if bits.get(str(e.get("id")))}
    return PassportState(identifier=identifier, version=stored.version,
                         battery_status=_status_of(stored.document["credentialSubject"]),
                         revoked="revocation" in flagged, suspended="suspension" in flagged,
                         status_lists=sorted({e["statusListCredential"] for e in entries
                                              if isinstance(e.get("statusListCredential"), str)}))


_KINDS = {"revoke": ("revocation", True, "revoked"), "suspend": ("suspension", True, "suspended"),
          "reinstate": ("suspension", False, "reinstated")}


def set_passport_status(session: Session, identifier: str, action: str, *, actor: str, signer_for: SignerFor,
                        reason: str | None = None, now: datetime | None = None) -> PassportState:
    """Revoke (final), suspend or reinstate every version of a passport: flip its bits in the issuer's lists,
    re-sign them, record the transition and the audit entry, all in the caller's transaction."""
    if action not in _KINDS:
        raise InputError(f"unknown status action {action!r}", details={"action": action, "allowed": sorted(_KINDS)})
    purpose, value, outcome = _KINDS[action]
    now = now or datetime.now(UTC)
    lock_writers(session, identifier)  # the checks below must still hold at commit (two servers, one passport)
    state = passport_state(session, identifier)
    if state.revoked:
        raise ConflictError("the passport is revoked, which is final", code="PASSPORT_REVOKED",
                            details={"identifier": identifier})
    if action == "suspend" and state.suspended:
        raise ConflictError("the passport is already suspended", code="ALREADY_SUSPENDED",
                            details={"identifier": identifier})
    if action == "reinstate" and not state.suspended:
        raise ConflictError("the passport is not suspended", code="NOT_SUSPENDED", details={"identifier": identifier})
    entries = _all_entries(session, identifier, purpose)
    if not entries:
        raise ConflictError("the passport's credentials carry no credentialStatus", code="NO_CREDENTIAL_STATUS",
                            details={"identifier": identifier})
    lists = set_bits(session, entries, value, signer_for, now=now)
    session.add(StatusTransition(identifier=identifier, kind=purpose if value else "reinstatement",
                                 from_status="suspended" if action == "reinstate" else None, to_status=outcome,
                                 version=state.version, actor=actor, evidence=json.dumps({"reason": reason}), at=now))
    append_audit(session, actor, action, identifier, {"reason": reason, "lists": lists, "entries": len(entries)},
                 now=now)
    session.flush()
    return passport_state(session, identifier)
