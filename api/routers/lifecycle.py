"""Lifecycle API for a passport's issuer: battery status changes, new versions with reason codes, revocation,
suspension, reinstatement, and the passport's history (versions, transitions, linked passports).

    POST /api/v1/passports/{path}/battery-status   {status, evidence}      next version, status changed (201)
    POST /api/v1/passports/{path}/versions         {passport, reason?, evidence?}  next version (201)
    POST /api/v1/passports/{path}/revocation       {reason?}               revoke every version (final)
    POST /api/v1/passports/{path}/suspension       {reason?}               suspend
    POST /api/v1/passports/{path}/reinstatement    {reason?}               lift a suspension
    GET  /api/v1/passports/{path}/lifecycle                                state, versions, transitions, links
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from sqlmodel import Session

from api import view_cache
from api.access import CallerDep, IssuerDep
from api.issuer_context import issuer_signer, require_owner
from passport.errors import ConflictError
from passport.identifiers import parse_path
from passport.lifecycle import (
    change_battery_status,
    history,
    issue_version,
    lineage,
    passport_state,
    set_passport_status,
    signer_for_issuer,
    transfers_of,
)
from passport.lifecycle.fields import REASON_CODES
from passport.lifecycle.transfer import public_transfer
from passport.lifecycle.versions import transitions
from passport.model import BatteryStatus, PassportCreate
from passport.registry import latest
from passport.registry.issue import IssuedPassport
from passport.store.engine import session_scope

router = APIRouter(prefix="/api/v1/passports", tags=["lifecycle"])


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class Evidence(_Model):
    documents: list[str] = Field(default_factory=list, max_length=50, description="URLs of supporting documents.")
    note: str | None = Field(default=None, max_length=2000, description="What was done, by whom, where.")


class BatteryStatusChange(_Model):
    status: BatteryStatus = Field(description="The new battery status (Annex XIII 4(c)).")
    evidence: Evidence = Field(description="Why the status changed (at least a document or a note).")


class NewVersion(_Model):
    passport: PassportCreate
    reason: Literal[tuple(REASON_CODES)] | None = Field(  # type: ignore[valid-type]
        default=None, description="Required when static (model-level) fields change: " + "; ".join(
            f"{k}: {v}" for k, v in REASON_CODES.items()))
    evidence: Evidence | None = None


class StatusRequest(_Model):
    reason: str | None = Field(default=None, max_length=500, description="Why (recorded in the audit trail).")


class VersionOut(_Model):
    identifier: str
    url: str
    version: int
    etag: str
    issuer: str
    created_at: datetime


class StateOut(_Model):
    identifier: str
    version: int
    battery_status: str | None
    revoked: bool
    suspended: bool
    status_lists: list[str]


def _version_out(issued: IssuedPassport) -> VersionOut:
    s = issued.stored
    return VersionOut(identifier=s.identifier, url=issued.url, version=s.version, etag=s.etag, issuer=s.issuer,
                      created_at=s.created_at)


def _path(identifier: str) -> str:
    return parse_path("/" + identifier.lstrip("/")).path


@router.post("/{identifier:path}/battery-status", status_code=201, response_model=VersionOut,
             summary="Change the battery status (issues the next version)")
def post_battery_status(identifier: str, change: BatteryStatusChange, caller: IssuerDep, request: Request
                        ) -> VersionOut:
    """Allowed transitions only (see `passport.lifecycle.transitions`); waste is terminal."""
    path, settings = _path(identifier), request.app.state.settings
    signer = issuer_signer(request, caller)
    with session_scope(request.app.state.engine) as session:
        require_owner(session, path, caller)
        issued = change_battery_status(session, path, change.status.value, signer=signer,
                                       base_url=settings.base_url, actor=caller.audit_actor,
                                       evidence=change.evidence.model_dump(mode="json", by_alias=True),
                                       issuer_name=caller.organisation)
    view_cache.for_app(request.app).invalidate(path)
    return _version_out(issued)


@router.post("/{identifier:path}/versions", status_code=201, response_model=VersionOut,
             summary="Issue the next version (static changes need a reason code)")
def post_version(identifier: str, body: NewVersion, caller: IssuerDep, request: Request) -> VersionOut:
    path, settings = _path(identifier), request.app.state.settings
    data = body.passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    signer = issuer_signer(request, caller)
    with session_scope(request.app.state.engine) as session:
        require_owner(session, path, caller)
        if _path(data["generalProductInformation"]["uniqueIdentifier"]) != path:
            raise ConflictError("the passport's unique identifier is not this passport's", code="IDENTIFIER_MISMATCH",
                                details={"pointer": "/passport/generalProductInformation/uniqueIdentifier"})
        issued = issue_version(session, data, signer=signer, base_url=settings.base_url, actor=caller.audit_actor,
                               reason=body.reason, issuer_name=caller.organisation,
                               evidence=body.evidence.model_dump(mode="json", by_alias=True) if body.evidence
                               else None, organisation_id=caller.organisation_id)
    view_cache.for_app(request.app).invalidate(path)
    return _version_out(issued)


def _set_status(identifier: str, action: str, body: StatusRequest, caller: Any, request: Request) -> StateOut:
    path, engine = _path(identifier), request.app.state.engine
    signer_for = signer_for_issuer(engine, request.app.state.settings)
    with session_scope(engine) as session:
        require_owner(session, path, caller)
        state = set_passport_status(session, path, action, actor=caller.audit_actor, signer_for=signer_for,
                                    reason=body.reason)
    view_cache.for_app(request.app).invalidate(path)  # a suspension or revocation shows at once
    return StateOut(**{k: getattr(state, k) for k in StateOut.model_fields})


@router.post("/{identifier:path}/revocation", response_model=StateOut, summary="Revoke every version (final)")
def post_revocation(identifier: str, body: StatusRequest, caller: IssuerDep, request: Request) -> StateOut:
    return _set_status(identifier, "revoke", body, caller, request)


@router.post("/{identifier:path}/suspension", response_model=StateOut, summary="Suspend every version")
def post_suspension(identifier: str, body: StatusRequest, caller: IssuerDep, request: Request) -> StateOut:
    return _set_status(identifier, "suspend", body, caller, request)


@router.post("/{identifier:path}/reinstatement", response_model=StateOut, summary="Lift a suspension")
def post_reinstatement(identifier: str, body: StatusRequest, caller: IssuerDep, request: Request) -> StateOut:
    return _set_status(identifier, "reinstate", body, caller, request)


@router.get("/{identifier:path}/lifecycle", summary="State, versions, status transitions and linked passports")
def get_lifecycle(identifier: str, caller: IssuerDep, request: Request) -> dict[str, Any]:
    path, base = _path(identifier), request.app.state.settings.base_url
    with Session(request.app.state.engine) as session:
        require_owner(session, path, caller)
        state, versions, moves, links = (passport_state(session, path), history(session, path),
                                         transitions(session, path), lineage(session, path))
    return {"state": StateOut(**{k: getattr(state, k) for k in StateOut.model_fields}).model_dump(mode="json"),
            "versions": [{"version": v.version, "url": f"{base}{path}/versions/{v.version}",
                          "createdAt": v.created_at.isoformat(), "reasonCode": v.reason_code,
                          "staticPointers": v.static_pointers} for v in versions],
            "transitions": [{"kind": t.kind, "from": t.from_status, "to": t.to_status, "version": t.version,
                             "actor": t.actor, "at": t.at.isoformat(), "evidence": json.loads(t.evidence)}
                            for t in moves],
            "predecessors": [base + p for p in links.predecessors], "successors": [base + s for s in links.successors]}


@router.get("/{identifier:path}/transfers", summary="Responsibility transfers of a passport (Art. 77(7))")
def get_transfers(identifier: str, request: Request, caller: CallerDep) -> dict[str, Any]:
    """Transfers where this passport is the predecessor or the successor. The public sees which passports and
    operators are linked and when; the signed transfer and acceptance credentials (they state the new battery
    status, a legitimate-interest attribute) are for legitimate-interest and authority callers."""
    path = _path(identifier)
    with Session(request.app.state.engine) as session:
        latest(session, path)  # 404 for an unknown passport
        records = transfers_of(session, path)
    if caller.access_level == "public":
        return {"transfers": [public_transfer(record) for record in records]}
    return {"transfers": records}
