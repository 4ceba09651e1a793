"""Organisations for the service operator (an `operator` token): create, list, show and change them by slug.

    POST  /api/v1/organisations          create (legal name, did:web or did:key, identifier prefixes)
    GET   /api/v1/organisations          list
    GET   /api/v1/organisations/{slug}   show
    PATCH /api/v1/organisations/{slug}   change the legal name, did:web (before keys exist) or prefixes
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from api.access import OperatorDep
from passport.organisations import (
    OrganisationCreate,
    OrganisationPublic,
    OrganisationUpdate,
    create_organisation,
    get_organisation,
    list_organisations,
    public_view,
    update_organisation,
)
from passport.store.engine import session_scope

router = APIRouter(prefix="/api/v1/organisations", tags=["operator"])

Slug = Annotated[str, Path(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", examples=["acme-cells"],
                           description="The organisation's slug.")]
_ERRORS = {401: {"description": "Missing, invalid, expired or revoked token"},
           403: {"description": "The token is not an operator token"},
           404: {"description": "No organisation with this slug (ORGANISATION_NOT_FOUND)"},
           409: {"description": "Slug, DID or prefix taken (ORGANISATION_EXISTS, DID_TAKEN, PREFIX_TAKEN, DID_IN_USE)"},
           413: {"description": "The request body is too large"},
           422: {"description": "Not valid (JSON pointers in details)"}}



@router.post("", status_code=201, response_model=OrganisationPublic, responses=_ERRORS,
             summary="Create an organisation")
def post_organisation(body: OrganisationCreate, caller: OperatorDep, request: Request) -> OrganisationPublic:
    with session_scope(request.app.state.engine) as session:
        return create_organisation(session, body, base_url=request.app.state.settings.base_url,
                                   actor=caller.audit_actor)


@router.get("", response_model=list[OrganisationPublic], responses=_ERRORS, summary="List organisations")
def get_organisations(caller: OperatorDep, request: Request) -> list[OrganisationPublic]:
    with session_scope(request.app.state.engine) as session:
        return list_organisations(session)


@router.get("/{slug}", response_model=OrganisationPublic, responses=_ERRORS, summary="Show an organisation")
def get_one(slug: Slug, caller: OperatorDep, request: Request) -> OrganisationPublic:
    with session_scope(request.app.state.engine) as session:
        return public_view(session, get_organisation(session, slug))


@router.patch("/{slug}", response_model=OrganisationPublic, responses=_ERRORS, summary="Change an organisation")
def patch_organisation(slug: Slug, body: OrganisationUpdate, caller: OperatorDep,
                       request: Request) -> OrganisationPublic:
    with session_scope(request.app.state.engine) as session:
        return update_organisation(session, slug, body, actor=caller.audit_actor)
