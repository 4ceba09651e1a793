"""The back-up provider's intake (EN 18221): another instance of this service pushes its archive here.

    GET  /api/v1/archive/manifest?source=URL   what this back-up holds, the source's audit chain re-verified
    POST /api/v1/archive/versions              {versions: [...]}      signed versions with their views
    POST /api/v1/archive/status-lists          {statusLists: [...]}   status lists (a later revision replaces)
    POST /api/v1/archive/dpps                  {dpps: [...]}          DPP records (an end is kept)
    POST /api/v1/archive/audit                 {source, entries}      the source's audit chain, continued

Operator tokens only. Every write is idempotent; what was taken in is served at once by the resolver and
/dpp/v1 with the same access limits as on the source.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlmodel import Session

from api import view_cache
from api.access import require_role
from passport.archive import replica
from passport.archive.records import (
    Applied,
    AuditBatch,
    DppsBatch,
    Manifest,
    StatusListsBatch,
    VersionsBatch,
)
from passport.auth import Caller, Role
from passport.store.engine import session_scope

router = APIRouter(prefix="/api/v1/archive", tags=["archive"])
BackupOperatorDep = Annotated[Caller, Depends(require_role(Role.OPERATOR, what="write or read an archive"))]
_ERRORS = {401: {"description": "No or an invalid token"}, 403: {"description": "Not an operator token"},
           409: {"description": "A record is held with other bytes"}, 422: {"description": "Broken chain or gap"}}


@router.get("/manifest", response_model=Manifest, responses=_ERRORS, summary="What this back-up holds")
def get_manifest(source: Annotated[str, Query(max_length=300)], caller: BackupOperatorDep,
                 request: Request) -> Manifest:
    with Session(request.app.state.engine) as session:
        return replica.replica_manifest(session, source)


@router.post("/versions", response_model=Applied, responses=_ERRORS, summary="Take in signed versions")
def post_versions(batch: VersionsBatch, caller: BackupOperatorDep, request: Request) -> Applied:
    with session_scope(request.app.state.engine) as session:
        applied = replica.put_versions(session, batch)
    for path in {v.identifier for v in batch.versions}:
        view_cache.for_app(request.app).invalidate(path)
    return applied


@router.post("/status-lists", response_model=Applied, responses=_ERRORS, summary="Take in status lists")
def post_status_lists(batch: StatusListsBatch, caller: BackupOperatorDep, request: Request) -> Applied:
    with session_scope(request.app.state.engine) as session:
        return replica.put_status_lists(session, batch)


@router.post("/dpps", response_model=Applied, responses=_ERRORS, summary="Take in DPP records")
def post_dpps(batch: DppsBatch, caller: BackupOperatorDep, request: Request) -> Applied:
    with session_scope(request.app.state.engine) as session:
        return replica.put_dpps(session, batch)


@router.post("/audit", response_model=Applied, responses=_ERRORS, summary="Continue a source's audit chain")
def post_audit(batch: AuditBatch, caller: BackupOperatorDep, request: Request) -> Applied:
    with session_scope(request.app.state.engine) as session:
        return replica.append_entries(session, batch)
