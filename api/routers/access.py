"""Legitimate-interest grants, delegations, and the maker's log of who read what.

    POST   /api/v1/access/grants                 ask for access (purpose, scope, period)     any token
    GET    /api/v1/access/grants                 the grants you asked for or decide           any token
    POST   /api/v1/access/grants/{id}/approve    approve a request                            maker, delegate, operator
    POST   /api/v1/access/grants/{id}/refuse     refuse a request                             maker, delegate, operator
    POST   /api/v1/access/grants/{id}/revoke     revoke at once                               the same, or the requester
    POST   /api/v1/access/delegations            lend your organisation's rights for a period any token
    GET    /api/v1/access/delegations            delegations you gave or hold
    DELETE /api/v1/access/delegations/{id}       end a delegation at once                     the delegator
    GET    /api/v1/access/reads                  restricted reads of your passports           maker (or delegate)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlmodel import Session

from api.access import CallerDep
from passport.access.delegation import (
    DelegationOut,
    DelegationRequest,
    acting_for,
    delegate,
    list_delegations,
    revoke_delegation,
)
from passport.access.grants import Grant, GrantRequest, decide_grant, list_grants, request_grant, revoke_grant
from passport.access.reads import RestrictedRead, reads_of_maker
from passport.auth import Caller
from passport.auth.errors import AuthenticationError
from passport.errors import AccessDeniedError
from passport.store.engine import session_scope

router = APIRouter(prefix="/api/v1/access", tags=["access"])
OPERATOR = "operator"


def _organisation(caller: Caller) -> str:
    if not caller.authenticated or not caller.organisation:
        raise AuthenticationError("this endpoint needs a bearer token", code="TOKEN_REQUIRED",
                                  details={"reason": "missing"})
    return caller.organisation


class GrantList(BaseModel):
    grants: list[Grant]


class DelegationList(BaseModel):
    delegations: list[DelegationOut]


class ReadList(BaseModel):
    reads: list[RestrictedRead]


@router.post("/grants", response_model=Grant, status_code=201, summary="Ask for legitimate-interest access")
def post_grant(body: GrantRequest, request: Request, caller: CallerDep) -> Grant:
    """The maker of the scope is asked; nothing can be read on this request until it is approved."""
    with session_scope(request.app.state.engine) as session:
        return request_grant(session, _organisation(caller), body)


@router.get("/grants", response_model=GrantList, summary="Grants you asked for or decide")
def get_grants(request: Request, caller: CallerDep) -> GrantList:
    with Session(request.app.state.engine) as session:
        return GrantList(grants=list_grants(session, _organisation(caller)))


def _decide(request: Request, caller: Caller, grant_id: str, approve: bool) -> Grant:
    with session_scope(request.app.state.engine) as session:
        return decide_grant(session, grant_id, approve, organisation=_organisation(caller),
                            operator=caller.role == OPERATOR)


@router.post("/grants/{grant_id}/approve", response_model=Grant, summary="Approve a request (maker)")
def approve(grant_id: str, request: Request, caller: CallerDep) -> Grant:
    return _decide(request, caller, grant_id, True)


@router.post("/grants/{grant_id}/refuse", response_model=Grant, summary="Refuse a request (maker)")
def refuse(grant_id: str, request: Request, caller: CallerDep) -> Grant:
    return _decide(request, caller, grant_id, False)


@router.post("/grants/{grant_id}/revoke", response_model=Grant, summary="Revoke a grant at once")
def revoke(grant_id: str, request: Request, caller: CallerDep) -> Grant:
    with session_scope(request.app.state.engine) as session:
        return revoke_grant(session, grant_id, organisation=_organisation(caller), operator=caller.role == OPERATOR)


@router.post("/delegations", response_model=DelegationOut, status_code=201,
             summary="Delegate your organisation's rights for a period")
def post_delegation(body: DelegationRequest, request: Request, caller: CallerDep) -> DelegationOut:
    with session_scope(request.app.state.engine) as session:
        return delegate(session, _organisation(caller), body)


@router.get("/delegations", response_model=DelegationList, summary="Delegations you gave or hold")
def get_delegations(request: Request, caller: CallerDep) -> DelegationList:
    with Session(request.app.state.engine) as session:
        return DelegationList(delegations=list_delegations(session, _organisation(caller)))


@router.delete("/delegations/{delegation_id}", response_model=DelegationOut, summary="End a delegation at once")
def delete_delegation(delegation_id: str, request: Request, caller: CallerDep) -> DelegationOut:
    with session_scope(request.app.state.engine) as session:
        return revoke_delegation(session, delegation_id, _organisation(caller))


@router.get("/reads", response_model=ReadList, summary="Who read your passports above the public level")
def get_reads(request: Request, caller: CallerDep,
              maker: Annotated[str | None, Query(description="A maker you hold a delegation from.")] = None,
              after: Annotated[int, Query(ge=0, le=2_147_483_647,  # the audit sequence is a 32-bit integer column
                                          description="Audit sequence number to continue after.")] = 0,
              limit: Annotated[int, Query(ge=1, le=500)] = 100) -> ReadList:
    """From the hash-chained audit log: every restricted read of the maker's passports (token, grant, level)."""
    organisation = _organisation(caller)
    maker = maker or organisation
    with Session(request.app.state.engine) as session:
        if not acting_for(session, organisation, maker, datetime.now(UTC)):
            raise AccessDeniedError("you hold no delegation from this maker", details={"maker": maker})
        return ReadList(reads=reads_of_maker(session, maker, after=after, limit=limit))
