"""EN 18222 operations on the store: read a passport at a level (now or at a date), update it through the
lifecycle, end it. Reads use each access group's stored view, so nothing above the reader's level is touched."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from passport.dpp.header import BATTERY_CONTENT_SPECIFICATION, DppHeader, DppStatus, build_header
from passport.dpp_record.identity import dpp_urn
from passport.dpp.merge_patch import apply_merge_patch
from passport.dpp_record.records import ended_at, record_of
from passport.dpp_record.tables import DppPassport
from passport.errors import ConflictError, InputError, NotFoundError
from passport.keys import Signer
from passport.lifecycle import issue_version, passport_state
from passport.audit.chain import append_audit
from passport.lifecycle.service import current_data
from passport.lifecycle.statuslist import bit_values
from passport.lifecycle.versions import version_as_of
from passport.registry import ResolvedView, latest, resolve_view
from passport.registry.issue import IssuedPassport

#: Members of a DPP document a client may not write (the header is derived, never stored).
READ_ONLY = frozenset(DppHeader.model_fields)
#: The battery status after which the passport may end (Art. 77(9): it ceases to exist once recycled).
END_STATUS = "waste"


@dataclass(frozen=True, slots=True)
class DppRead:
    """One version of a passport as one access group reads it, with its EN 18223 header."""

    header: DppHeader
    view: ResolvedView
    credential: dict[str, Any]

    @property
    def content(self) -> dict[str, Any]:
        """The passport content the reader may see (the view's credentialSubject without id and type)."""
        return {k: v for k, v in self.credential["credentialSubject"].items() if k not in ("id", "type")}


def dpp_status(session: Session, record: DppPassport, credential: dict[str, Any]) -> DppStatus:
    """Archived once ended; else from the status bits of the reader's credential (a revocation or suspension
    flips the entries of every version, so the version served carries the passport's state)."""
    if ended_at(record) is not None:
        return DppStatus.ARCHIVED
    status = credential.get("credentialStatus")
    entries = [e for e in (status if isinstance(status, list) else [status] if status else []) if isinstance(e, dict)]
    bits = bit_values(session, entries)
    flagged = {e.get("statusPurpose") for e in entries if bits.get(str(e.get("id")))}
    return (DppStatus.REVOKED if "revocation" in flagged else DppStatus.SUSPENDED if "suspension" in flagged
            else DppStatus.ACTIVE)


def read_dpp(session: Session, identifier: str, level: str, *, base_url: str,
             when: datetime | None = None) -> DppRead:
    """The version in force now (or at `when`) as `level` sees it. An ended passport is read by date only
    (NotFoundError DPP_ENDED otherwise): its versions stay archived, never erased."""
    record = record_of(session, identifier)
    if when is None and ended_at(record) is not None:
        raise NotFoundError("the passport has ended: read its archived versions by date", code="DPP_ENDED",
                            details={"identifier": identifier})
    version = version_as_of(session, identifier, when) if when is not None else None
    view = resolve_view(session, identifier, level, version)
    credential = json.loads(view.credential)
    header = build_header(credential["credentialSubject"], dpp_id=dpp_urn(record.dpp_id),
                          product_url=base_url + identifier, status=dpp_status(session, record, credential),
                          last_update=view.created_at)
    return DppRead(header=header, view=view, credential=credential)


def content_patch(patch: Any) -> dict[str, Any]:
    """The content part of a merge patch of a DPP document (InputError naming each member it may not have)."""
    if not isinstance(patch, dict):
        raise InputError("a DPP merge patch is a JSON object", code="INVALID_MERGE_PATCH", details={"pointer": ""})
    read_only = sorted(k for k in patch if k in READ_ONLY)
    if read_only:
        raise InputError("header fields are derived and cannot be patched", code="READ_ONLY_FIELD",
                         details={"pointer": "/" + read_only[0], "pointers": ["/" + k for k in read_only]})
    unknown = sorted(k for k in patch if k != BATTERY_CONTENT_SPECIFICATION)
    if unknown:
        raise InputError("unknown member: content is keyed by its content specification id",
                         code="UNKNOWN_MEMBER", details={"pointer": "/" + unknown[0],
                                                         "allowed": [BATTERY_CONTENT_SPECIFICATION]})
    content = patch.get(BATTERY_CONTENT_SPECIFICATION)
    if not isinstance(content, dict):
        raise InputError("the content patch is a JSON object", code="INVALID_MERGE_PATCH",
                         details={"pointer": "/" + BATTERY_CONTENT_SPECIFICATION.replace("~", "~0")
                                  .replace("/", "~1")})
    return content


def update_dpp(session: Session, identifier: str, content: dict[str, Any], *, signer: Signer, base_url: str,
               actor: str, reason: str | None, evidence: dict[str, Any] | None, issuer_name: str | None,
               now: datetime | None = None, merge: bool = True) -> IssuedPassport:
    """The next signed version with `content` merged in (RFC 7396) — or, with `merge=False`, as the whole new
    content — through the lifecycle's one issuance path (static changes need `reason`)."""
    if ended_at(record_of(session, identifier)) is not None:
        raise ConflictError("the passport has ended and takes no new version", code="DPP_ENDED",
                            details={"identifier": identifier})
    stored = latest(session, identifier)
    data = apply_merge_patch(current_data(stored), content) if merge else content
    unique = (data.get("generalProductInformation") or {}).get("uniqueIdentifier")
    if unique != current_data(stored)["generalProductInformation"]["uniqueIdentifier"]:
        raise ConflictError("the unique identifier of a passport cannot change", code="IDENTIFIER_MISMATCH",
                            details={"pointer": "/generalProductInformation/uniqueIdentifier"})
    return issue_version(session, data, signer=signer, base_url=base_url, actor=actor, reason=reason,
                         evidence=evidence, issuer_name=issuer_name, organisation_id=stored.organisation_id,
                         now=now, related_resource=stored.document.get("relatedResource"))


def end_dpp(session: Session, identifier: str, *, actor: str, reason: str | None = None,
            now: datetime | None = None) -> datetime:
    """End the passport (EN 18222 DeleteDPP): allowed once its battery is waste (Art. 77(9): the passport
    ceases to exist after recycling), otherwise ConflictError PASSPORT_CANNOT_END. Versions are kept."""
    now = now or datetime.now(UTC)
    record = record_of(session, identifier)
    if ended_at(record) is not None:
        raise ConflictError("the passport has already ended", code="DPP_ENDED", details={"identifier": identifier})
    status = passport_state(session, identifier).battery_status
    if status != END_STATUS:
        raise ConflictError(f"a passport ends only once its battery is {END_STATUS} (Art. 77(9))",
                            code="PASSPORT_CANNOT_END", details={"identifier": identifier,
                                                                 "batteryStatus": status})
    record.ended_at, record.end_reason = now, reason
    session.add(record)
    append_audit(session, actor, "end", identifier, {"reason": reason, "dppId": record.dpp_id}, now=now)
    session.flush()
    return now
