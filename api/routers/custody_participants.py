"""Custody participants for the service operator (an `operator` token):

    POST/GET /api/v1/custody/parties       parties and the DIDs whose keys sign their events
    POST/GET /api/v1/custody/sites         sites (GLN, SGLN or URI; country; monitoring programme)
    POST/GET /api/v1/custody/delegations   agents recording events for principals; DELETE revokes one
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from api.access import OperatorDep
from passport.custody import participants as p

router = APIRouter(prefix="/api/v1/custody", tags=["operator"])

_ERRORS = {401: {"description": "Missing, invalid, expired or revoked token"},
           403: {"description": "The token is not an operator token"},
           404: {"description": "A party named in the body is unknown (PARTY_NOT_FOUND)"},
           409: {"description": "It exists already (PARTY_EXISTS, SITE_EXISTS, DELEGATION_EXISTS)"},
           413: {"description": "The request body is too large"},
           422: {"description": "Not valid (JSON pointers in details)"}}
Party = Annotated[str | None, Query(max_length=500, description="Only those of this party.")]



async def _write(request: Request, action: Any, body: Any, caller: Any) -> dict[str, Any]:
    def run() -> dict[str, Any]:
        with request.app.state.engine.begin() as conn:
            return action(conn, body, actor=caller.audit_actor)

    return await run_in_threadpool(run)


async def _read(request: Request, action: Any, **args: Any) -> list[dict[str, Any]]:
    def run() -> list[dict[str, Any]]:
        with request.app.state.engine.connect() as conn:
            return action(conn, **args)

    return await run_in_threadpool(run)


@router.post("/parties", status_code=201, responses=_ERRORS, summary="Add a custody party")
async def post_party(body: p.CustodyPartyIn, caller: OperatorDep, request: Request) -> dict[str, Any]:
    return await _write(request, p.add_party, body, caller)


@router.get("/parties", responses=_ERRORS, summary="Custody parties")
async def get_parties(caller: OperatorDep, request: Request) -> list[dict[str, Any]]:
    return await _read(request, p.list_parties)


@router.post("/sites", status_code=201, responses=_ERRORS, summary="Add a custody site")
async def post_site(body: p.CustodySiteIn, caller: OperatorDep, request: Request) -> dict[str, Any]:
    return await _write(request, p.add_site, body, caller)


@router.get("/sites", responses=_ERRORS, summary="Custody sites")
async def get_sites(caller: OperatorDep, request: Request, party: Party = None) -> list[dict[str, Any]]:
    return await _read(request, p.list_sites, party=party)


@router.post("/delegations", status_code=201, responses=_ERRORS, summary="Let an agent record events for a party")
async def post_delegation(body: p.CustodyDelegationIn, caller: OperatorDep, request: Request) -> dict[str, Any]:
    return await _write(request, p.add_delegation, body, caller)


@router.get("/delegations", responses=_ERRORS, summary="Delegations")
async def get_delegations(caller: OperatorDep, request: Request, party: Party = None) -> list[dict[str, Any]]:
    return await _read(request, p.list_delegations, party=party)


@router.delete("/delegations", responses=_ERRORS, summary="Revoke a delegation (takes effect at once)")
async def delete_delegation(caller: OperatorDep, request: Request,
                            agent: Annotated[str, Query(max_length=500)],
                            principal: Annotated[str, Query(max_length=500)]) -> dict[str, Any]:
    body = p.CustodyDelegationIn(agent=agent, principal=principal)
    return await _write(request, p.revoke_delegation, body, caller)
