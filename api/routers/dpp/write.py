"""EN 18222 life-cycle writes, for the passport's issuer: create, update by JSON Merge Patch, end.

    POST   /dpp/v1/dpps                  CreateDPP: {"<contentSpecificationId>": passport content} → 201 + id
    PATCH  /dpp/v1/dpps/{dppId}          UpdateDPP: RFC 7396 merge patch → the next signed version
    DELETE /dpp/v1/dpps/{dppId}          DeleteDPP: ends the passport (its versions stay archived)

Every version goes through `passport.lifecycle.issue_version`: a static (model-level) change needs `?reason=`,
a battery status change needs `?note=` (its evidence), `lastUpdate` moves with each version. DeleteDPP is
allowed only once the battery is waste (Art. 77(9)); otherwise 409 PASSPORT_CANNOT_END.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlmodel import Session

from api import view_cache
from api.access import IssuerDep
from api.routers.dpp.read import ERRORS
from api.routers.dpp.result import PREFIX, ResultRoute
from api.issuer_context import issuer_signer, require_owner
from passport.application.issuance import Draft, issue_passports
from passport.dpp import dpp_urn, parse_dpp_id, record_by_dpp_id
from passport.dpp_record.identity import dpp_id_for
from passport.dpp.service import content_patch, end_dpp, update_dpp
from passport.errors import AccessDeniedError, ConflictError, NotFoundError
from passport.lifecycle import REASON_CODES
from passport.registry import latest
from passport.registry.issue import prepare
from passport.store.engine import session_scope
from passport.store.tables import Organisation

router = APIRouter(prefix=PREFIX, tags=["EN 18222"], route_class=ResultRoute)

WRITE_ERRORS = {**ERRORS, 403: {"model": ERRORS[404]["model"], "description": "Not an issuer, or another "
                                "organisation's passport"},
                409: {"model": ERRORS[404]["model"], "description": "Exists already, has ended, is revoked, or "
                      "may not end yet"}}
ReasonQuery = Annotated[Literal[tuple(REASON_CODES)] | None, Query(  # type: ignore[valid-type]
    description="Why static (model-level) fields change: " + ", ".join(REASON_CODES))]
NoteQuery = Annotated[str | None, Query(max_length=2000, description="Evidence of a battery status change.")]
DppDocument = Annotated[dict[str, Any], Body(description="A DPP document: the content keyed by its content "
                                              "specification id (header fields are derived, not written).")]


class Created(BaseModel):
    digitalProductPassportId: str = Field(description="The new DPP's id.")
    uniqueProductIdentifier: str
    version: int


def _location(request: Request, dpp_id: str) -> str:
    return f"{request.app.state.settings.base_url}/dpp/v1/dpps/{dpp_urn(dpp_id)}"


@router.post("/dpps", status_code=201, response_model=Created, responses=WRITE_ERRORS,
             summary="CreateDPP: issue a new passport")
def create_dpp(document: DppDocument, caller: IssuerDep, request: Request) -> Response:
    """Through the one issuance path (`passport.application.issuance`): the identifier must lie inside the
    organisation's prefixes; registered in the EU registry when PASSPORT_REGISTRY_URL is set."""
    content = content_patch(document)
    settings, engine = request.app.state.settings, request.app.state.engine
    identifier, _ = prepare(content, settings.base_url)
    with Session(engine) as session:
        organisation = session.get(Organisation, caller.organisation_id)
        try:
            latest(session, identifier.path)
        except NotFoundError:
            pass
        else:
            raise ConflictError("a passport with this unique identifier exists: update it instead",
                                code="DPP_EXISTS", details={"pointer": "/generalProductInformation/uniqueIdentifier"})
    if organisation is None:
        raise AccessDeniedError("this token's organisation is gone", code="NOT_PASSPORT_OWNER")
    issued = issue_passports(engine, [Draft(data=content)], organisation=organisation.slug,
                             base_url=settings.base_url, actor=caller.audit_actor, settings=settings)[0].passport
    view_cache.for_app(request.app).invalidate(identifier.path)
    dpp_id = dpp_id_for(identifier.path)
    body = Created(digitalProductPassportId=dpp_urn(dpp_id), uniqueProductIdentifier=issued.url,
                   version=issued.stored.version)
    return JSONResponse(body.model_dump(mode="json"), status_code=201, headers={"Location": _location(request,
                                                                                                      dpp_id)})


def _identifier(request: Request, dpp_id: str) -> str:
    with Session(request.app.state.engine) as session:
        return record_by_dpp_id(session, parse_dpp_id(dpp_id)).identifier


def apply_update(request: Request, caller: Any, dpp_id: str, content: dict[str, Any], *, reason: str | None,
                 note: str | None, merge: bool = True) -> Created:
    """Issue the next version with `content` (merged, or whole) for the passport's own issuer."""
    identifier = _identifier(request, dpp_id)
    settings = request.app.state.settings
    signer = issuer_signer(request, caller)
    with session_scope(request.app.state.engine) as session:
        require_owner(session, identifier, caller)
        issued = update_dpp(session, identifier, content, signer=signer, base_url=settings.base_url,
                            actor=caller.audit_actor, reason=reason, evidence={"note": note} if note else None,
                            issuer_name=caller.organisation, merge=merge)
    view_cache.for_app(request.app).invalidate(identifier)
    return Created(digitalProductPassportId=dpp_urn(dpp_id_for(identifier)), uniqueProductIdentifier=issued.url,
                   version=issued.stored.version)


@router.patch("/dpps/{dppId}", response_model=Created, responses=WRITE_ERRORS,
              summary="UpdateDPP: JSON Merge Patch (RFC 7396) into the next signed version")
def update_dpp_route(dppId: str, patch: DppDocument, caller: IssuerDep, request: Request,
                     reason: ReasonQuery = None, note: NoteQuery = None) -> Created:
    """Send `Content-Type: application/merge-patch+json`; `null` removes a member, arrays replace whole."""
    return apply_update(request, caller, dppId, content_patch(patch), reason=reason, note=note)


@router.delete("/dpps/{dppId}", status_code=204, responses=WRITE_ERRORS,
               summary="DeleteDPP: end the passport (its versions stay archived)")
def delete_dpp(dppId: str, caller: IssuerDep, request: Request,
               reason: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    identifier = _identifier(request, dppId)
    with session_scope(request.app.state.engine) as session:
        require_owner(session, identifier, caller)
        end_dpp(session, identifier, actor=caller.audit_actor, reason=reason)
    view_cache.for_app(request.app).invalidate(identifier)
    return Response(status_code=204)
