"""What authorities read beyond the authority view (notified bodies, market surveillance, the Commission):

    GET /api/v1/passports/{identifier}/evidence            the upstream credentials bound by digest, each verified
    GET /api/v1/passports/{identifier}/evidence/{digest}   one of them: the `relatedResource` id resolves here
    GET /api/v1/passports/{identifier}/custody-trace       origin sites and mass shares of every traced material
    GET /api/v1/passports/{identifier}/indices/explanation every company and indicator behind the GBA indices
    GET /api/v1/passports/{identifier}/carbon/breakdown    every number of the carbon footprint with its inputs

`identifier` is the passport's path without its leading slash (`01/09506000134352/21/EVP75-2026-000123`).
An authority-level token is needed: 401 without one, 403 with a lower one.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from starlette.concurrency import run_in_threadpool

from api.access import get_caller
from api.verification import verify_presented
from passport.application import authority
from passport.application.issuance import digest_of_segment
from passport.auth import AuthenticationError, Caller
from passport.errors import AccessDeniedError, InputError
from passport.identifiers import parse_path

router = APIRouter(prefix="/api/v1/passports", tags=["authority"])

Identifier = Annotated[str, Path(description="The passport's path without its leading slash.",
                                 examples=["01/09506000134352/21/EVP75-2026-000123"])]
_ERRORS = {401: {"description": "No or invalid bearer token"},
           403: {"description": "The token does not read at the authority level"},
           404: {"description": "No such passport, or nothing of this kind for it (code names which)"}}


async def get_authority(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    if not caller.authenticated:
        raise AuthenticationError("this endpoint needs a bearer token", code="TOKEN_REQUIRED",
                                  details={"reason": "missing"})
    if caller.access_level != "authority":
        raise AccessDeniedError("only notified bodies, market surveillance authorities and the Commission read this",
                                details={"access_level": caller.access_level})
    return caller


AuthorityDep = Annotated[Caller, Depends(get_authority)]


def _path(identifier: str) -> str:
    return parse_path("/" + identifier.lstrip("/")).path


@router.get("/{identifier:path}/evidence/{digest}", responses=_ERRORS,
            summary="One upstream credential the passport binds by digest, verified again")
async def get_one_evidence(identifier: Identifier, caller: AuthorityDep, request: Request,
                           digest: Annotated[str, Path(pattern=r"^sha(256|384|512)-[A-Za-z0-9_-]{20,100}$",
                                                       description="The digestSRI in base64url.")]) -> Any:
    try:
        sri = digest_of_segment(digest)
    except ValueError as exc:
        raise InputError("not a digest", code="INVALID_DIGEST", details={"field": "digest"}) from exc
    app = request.app
    verify = partial(verify_presented, engine=app.state.engine, settings=app.state.settings)
    found = await run_in_threadpool(authority.passport_evidence, app.state.engine, _path(identifier), verify,
                                    digest=sri)
    return found["items"][0]


@router.get("/{identifier:path}/evidence", responses=_ERRORS,
            summary="The upstream credentials the passport binds by digest, each verified again")
async def get_evidence(identifier: Identifier, caller: AuthorityDep, request: Request) -> Any:
    app = request.app
    verify = partial(verify_presented, engine=app.state.engine, settings=app.state.settings)
    return await run_in_threadpool(authority.passport_evidence, app.state.engine, _path(identifier), verify)


@router.get("/{identifier:path}/custody-trace", responses=_ERRORS,
            summary="Origin sites and mass shares of every traced material of the battery")
async def get_custody_trace(identifier: Identifier, caller: AuthorityDep, request: Request) -> Any:
    app = request.app
    return await run_in_threadpool(authority.passport_custody_trace, app.state.engine, _path(identifier),
                                   app.state.settings.base_url)


@router.get("/{identifier:path}/indices/explanation", responses=_ERRORS,
            summary="Every company and indicator behind the battery's GBA indices, with evidence digests")
async def get_indices_explanation(identifier: Identifier, caller: AuthorityDep, request: Request) -> Any:
    app = request.app
    return await run_in_threadpool(authority.passport_indices_explanation, app.state.engine, _path(identifier),
                                   app.state.settings.base_url)


@router.get("/{identifier:path}/carbon/breakdown", responses=_ERRORS,
            summary="The carbon footprint's every number with its inputs, formula and factor sources")
async def get_carbon_breakdown(identifier: Identifier, caller: AuthorityDep, request: Request) -> Any:
    return await run_in_threadpool(authority.passport_carbon_breakdown, request.app.state.engine,
                                   _path(identifier))
