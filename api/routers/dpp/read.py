"""EN 18222 read operations: a DPP by id, by product id, either at a date, and DPP ids for many product ids.

    GET  /dpp/v1/dpps/{dppId}                                ReadDPPById
    GET  /dpp/v1/dppsByProductId/{productId}                 ReadDPPByProductId (the current passport)
    GET  /dpp/v1/dppsByIdAndDate/{dppId}?date=               the version in force at that instant
    GET  /dpp/v1/dppsByProductIdAndDate/{productId}?date=    the same by product id
    POST /dpp/v1/dppsByProductIds {productIds, limit, cursor}  ReadDPPIdsByProductIds, paged

Every read is the caller's access group's stored view: the same limits as the passport URL, for every archived
version too (EN 18221).
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from api.access import CallerDep
from api.routers.dpp.render import Representation, choose, dpp_response, not_acceptable
from api.routers.dpp.result import PREFIX, Result, ResultRoute
from passport.access.grants import reading_level
from passport.dpp import dpp_urn, parse_dpp_id, parse_product_id, record_by_dpp_id
from passport.dpp_record.records import record_of
from passport.dpp.service import read_dpp
from passport.errors import InputError, NotFoundError
from passport.eu_registry import registration_of
from passport.jsonio import read_json
from passport.lifecycle import parse_as_of
from passport.lifecycle.links import record_restricted_read

router = APIRouter(prefix=PREFIX, tags=["EN 18222"], route_class=ResultRoute)

RepresentationQuery = Annotated[Representation, Query(description="full (default) or compressed.")]
DateQuery = Annotated[str, Query(description="ISO 8601 date-time (UTC if no offset) or date (its end, UTC).",
                                 max_length=40)]
ERRORS: dict[int | str, dict[str, Any]] = {
    s: {"model": Result, "description": d} for s, d in (
        (401, "Invalid, expired or revoked bearer token"), (404, "Unknown DPP or product id, or not in force then"),
        (406, "No acceptable representation"), (422, "Malformed id, date or body"))}
MAX_PRODUCT_IDS = 1000
MAX_PAGE = 100


def _when(value: str) -> datetime:
    try:
        return parse_as_of(value)
    except InputError as exc:
        raise InputError("date must be an ISO 8601 date-time or date", code="INVALID_DATE",
                         details={"field": "date"}) from exc


def _read(request: Request, caller: Any, representation: Representation, *, dpp_id: str | None = None,
          product_id: str | None = None, date: str | None = None) -> Response:
    media = choose(request)
    if media is None:
        return not_acceptable(request)
    engine, base_url = request.app.state.engine, request.app.state.settings.base_url
    when = _when(date) if date is not None else None
    with Session(engine) as session:
        if dpp_id is not None:
            identifier = record_by_dpp_id(session, parse_dpp_id(dpp_id)).identifier
        else:
            identifier = parse_product_id(product_id or "", base_url).path
    level, grant = reading_level(engine, caller, identifier)  # a legitimate-interest grant lifts the level
    with Session(engine) as session:
        read = read_dpp(session, identifier, level, base_url=base_url, when=when)
        extra = _authority_facts(session, identifier) if level == "authority" else None
    if caller.authenticated and level != "public":  # a restricted read is audited

        actor = f"{caller.organisation} (token {caller.token_id}{f', grant {grant}' if grant else ''})"
        record_restricted_read(engine, actor, identifier, read.view.version, level)
    return dpp_response(request, read, representation, base_url, media, extra)


def _authority_facts(session: Session, identifier: str) -> dict[str, Any]:
    """What authorities see beside the content: the EU registry registration and its proof."""
    row = registration_of(session, identifier)
    if row is None:
        return {"euRegistryRegistration": None}
    return {"euRegistryRegistration": {"state": row.state, "registrationId": row.registration_id,
                                       "registeredVersion": row.version, "registry": row.registry_url,
                                       "proofOfRegistration": json.loads(row.proof) if row.proof else None}}


@router.get("/dpps/{dppId}", summary="ReadDPPById: the current passport", responses=ERRORS)
def read_dpp_by_id(dppId: str, request: Request, caller: CallerDep,
                   representation: RepresentationQuery = Representation.FULL) -> Response:
    return _read(request, caller, representation, dpp_id=dppId)


@router.get("/dppsByProductId/{productId:path}", summary="ReadDPPByProductId: the current passport",
            responses=ERRORS)
def read_dpp_by_product_id(productId: str, request: Request, caller: CallerDep,
                           representation: RepresentationQuery = Representation.FULL) -> Response:
    """`productId`: the GS1 Digital Link URI (percent-encoded) or its path."""
    return _read(request, caller, representation, product_id=productId)


@router.get("/dppsByIdAndDate/{dppId}", summary="ReadDPPByIdAndDate: the version in force at `date`",
            responses=ERRORS)
def read_dpp_by_id_and_date(dppId: str, date: DateQuery, request: Request, caller: CallerDep,
                            representation: RepresentationQuery = Representation.FULL) -> Response:
    return _read(request, caller, representation, dpp_id=dppId, date=date)


@router.get("/dppsByProductIdAndDate/{productId:path}", responses=ERRORS,
            summary="ReadDPPByProductIdAndDate: the version in force at `date`")
def read_dpp_by_product_id_and_date(productId: str, date: DateQuery, request: Request, caller: CallerDep,
                                    representation: RepresentationQuery = Representation.FULL) -> Response:
    return _read(request, caller, representation, product_id=productId, date=date)


class ProductIdsQuery(BaseModel):
    productIds: list[Annotated[str, Field(min_length=1, max_length=600)]] = Field(
        min_length=1, max_length=MAX_PRODUCT_IDS, description="GS1 Digital Link URIs (or paths) of the products.")
    limit: int = Field(default=50, ge=1, le=MAX_PAGE, description="Results per page.")
    cursor: str | None = Field(default=None, max_length=200, description="`nextCursor` of the previous page.")


class ProductDpp(BaseModel):
    productId: str
    digitalProductPassportId: str | None = Field(description="null when no passport has this product id.")


class ProductDppPage(BaseModel):
    dpps: list[ProductDpp]
    nextCursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


def _list_key(product_ids: list[str]) -> str:
    return hashlib.sha256(json.dumps(product_ids).encode()).hexdigest()[:16]


def _cursor(offset: int, key: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"o": offset, "k": key}).encode()).decode().rstrip("=")


def _offset(cursor: str | None, key: str) -> int:
    if cursor is None:
        return 0
    try:
        data = read_json(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if data["k"] == key and isinstance(data["o"], int) and data["o"] >= 0:
            return data["o"]
    except (ValueError, KeyError, TypeError, InputError):
        pass
    raise InputError("the cursor is not one this list of product ids returned", code="INVALID_CURSOR",
                     details={"field": "cursor"})


@router.post("/dppsByProductIds", response_model=ProductDppPage, responses=ERRORS,
             summary="ReadDPPIdsByProductIds: the DPP id of each product, paged")
def read_dpp_ids_by_product_ids(query: ProductIdsQuery, request: Request, caller: CallerDep) -> ProductDppPage:
    base_url, key = request.app.state.settings.base_url, _list_key(query.productIds)
    offset = _offset(query.cursor, key)
    page = query.productIds[offset: offset + query.limit]
    out = []
    with Session(request.app.state.engine) as session:
        for index, product_id in enumerate(page):
            try:
                path = parse_product_id(product_id, base_url).path
            except InputError as exc:
                exc.details["pointer"] = f"/productIds/{offset + index}"
                raise
            try:
                found: str | None = dpp_urn(record_of(session, path).dpp_id)
            except NotFoundError:
                found = None
            out.append(ProductDpp(productId=product_id, digitalProductPassportId=found))
    more = offset + query.limit < len(query.productIds)
    return ProductDppPage(dpps=out, nextCursor=_cursor(offset + query.limit, key) if more else None)
