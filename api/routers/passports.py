"""Issuer API: a battery maker's systems create passports (and their next versions), one or in batches.

The server validates the Annex XIII data, gives the passport its status-list entries, signs it once with the
organisation's active issuer key (ecdsa-sd-2023 base proof), derives each access group's view, and stores them
as a new immutable version (`passport.lifecycle.issue_version`: a changed model-level field needs the reason
that `POST {path}/versions` takes).
`Idempotency-Key` makes a retried POST return the first response instead of issuing twice.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from api import view_cache
from api.access import IssuerDep
from api.deps import EngineDep, SettingsDep
from passport.application.issuance import Compute, Draft, Issued, issue_passports
from passport.errors import AccessDeniedError, ConflictError, InputError, StoreError
from passport.exchange import import_passport
from passport.model import PassportCreate
from passport.registry import StoredVersion, list_passports
from passport.registry.tables import IdempotencyRecord
from passport.store.tables import Organisation

router = APIRouter(prefix="/api/v1/passports", tags=["issuer"])

MAX_BATCH = 100
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200,
                                              description="Client-chosen key; a retry with the same key and body "
                                              "returns the first response.")]


class _Out(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class PassportSummary(_Out):
    identifier: str = Field(description="Canonical Digital Link or scheme path.")
    url: str = Field(description="Resolvable URL (what the QR code encodes).")
    version: int = Field(description="Version number, from 1.")
    etag: str = Field(description="ETag of the stored full credential.")
    issuer: str = Field(description="The issuer's DID.")
    created_at: datetime = Field(description="When the version was stored.")


class PassportIssued(PassportSummary):
    credential: dict[str, Any] = Field(description="The full signed credential (every access group's fields).")
    computed: dict[str, Any] = Field(default_factory=dict, description="What was computed (carbon, custodyLot, "
                                     "indices) and what was rejected, with codes (e.g. supplier footprints "
                                     "without a custody link: NO_CUSTODY_TRACE).")


class BatchIssued(_Out):
    passports: list[PassportIssued]


class PassportPage(_Out):
    items: list[PassportSummary]
    total: int
    offset: int
    limit: int
    next: str | None = Field(default=None, description="URL of the next page, absent on the last.")


def _summary(stored: StoredVersion, base_url: str, cls: type[PassportSummary] = PassportSummary,
             **extra: Any) -> Any:
    return cls(identifier=stored.identifier, url=base_url + stored.identifier, version=stored.version,
               etag=stored.etag, issuer=stored.issuer, created_at=stored.created_at, **extra)


def _issued(result: Issued, base_url: str) -> PassportIssued:
    return _summary(result.passport.stored, base_url, PassportIssued, credential=result.passport.stored.document,
                    computed=result.computed)


def _body_hash(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _replay(session: Session, organisation: str, key: str | None, body_hash: str) -> JSONResponse | None:
    if key is None:
        return None
    record = session.get(IdempotencyRecord, (organisation, key))
    if record is None:
        return None
    if record.request_hash != body_hash:
        raise ConflictError("this Idempotency-Key was used with another request body", code="IDEMPOTENCY_KEY_REUSED",
                            details={"idempotency_key": key})
    return JSONResponse(json.loads(record.response), status_code=record.status,
                        headers={"Idempotent-Replayed": "true", **_location(json.loads(record.response))})


def _location(body: dict[str, Any]) -> dict[str, str]:
    if "url" in body:
        return {"Location": f"{body['url']}/versions/{body['version']}"}
    return {}


class ComputeRequest(BaseModel):
    """What the service computes before it signs, exactly as `passport issue` does (proven bindings only)."""

    model_config = ConfigDict(extra="forbid")

    carbon: dict[str, Any] | None = Field(default=None, description="The carbon calculation input, as `passport "
                                          "carbon compute` reads it: fills carbonFootprint (supplier footprints "
                                          "count only where the custody trace links them).")
    custody_lot: str | None = Field(default=None, alias="custodyLot", max_length=500,
                                    description="The battery's custody lot (or its passport URL): fills "
                                    "supplyChainDueDiligence.chainOfCustody and binds the upstream credentials "
                                    "(relatedResource, authority view only). The lot must be this battery and "
                                    "your organisation its custodian or maker (CUSTODY_LOT_NOT_BOUND).")
    indices: bool = Field(default=False, description="With custodyLot: the GBA index results of the lot.")


class PassportIssueRequest(PassportCreate):
    """A passport as submitted, with what to compute before signing."""

    compute: ComputeRequest | None = Field(default=None, description="Sections to compute before signing.")


class BatchRequest(BaseModel):
    passports: list[PassportIssueRequest] = Field(min_length=1, max_length=MAX_BATCH,
                                                  description=f"1 to {MAX_BATCH} passports, issued all or none.")


def _draft(request: PassportIssueRequest) -> Draft:
    data = request.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"compute"})
    c = request.compute
    compute = Compute(carbon=c.carbon, custody_lot=c.custody_lot, indices=c.indices) if c else Compute()
    return Draft(data=data, compute=compute)


def _issue_all(app: Any, caller: Any, requests: list[PassportIssueRequest], key_header: str | None,
               batch: bool) -> JSONResponse:
    engine, settings = app.state.engine, app.state.settings
    drafts = [_draft(r) for r in requests]
    payload = [r.model_dump(mode="json", by_alias=True, exclude_none=True) for r in requests]
    body_hash = _body_hash({"batch": batch, "passports": payload})
    with Session(engine) as session:
        replay = _replay(session, caller.organisation, key_header, body_hash)
        organisation = session.get(Organisation, caller.organisation_id)
    if replay is not None:
        return replay
    if organisation is None:
        raise AccessDeniedError("this token's organisation is not in the store", code="ORGANISATION_NOT_FOUND")
    result: dict[str, Any] = {}

    def keep(session: Session, issued: list[Issued]) -> None:
        results = [_issued(i, settings.base_url) for i in issued]
        result["body"] = body = (BatchIssued(passports=results) if batch else results[0]).model_dump(mode="json")
        if key_header is not None:
            session.add(IdempotencyRecord(organisation=caller.organisation, key=key_header,
                                          request_hash=body_hash, response=json.dumps(body), status=201))
            session.flush()

    try:
        issued = issue_passports(engine, drafts, organisation=organisation.slug, base_url=settings.base_url,  # type: ignore[arg-type]
                                 actor=caller.audit_actor, settings=settings,
                                 batch=batch, within=keep)
    except StoreError as exc:
        if key_header is not None and isinstance(exc.__cause__, IntegrityError):
            # a concurrent request with the same Idempotency-Key won the race
            raise ConflictError("a request with this Idempotency-Key is being processed; retry",
                                code="IDEMPOTENCY_KEY_IN_USE", details={"idempotency_key": key_header}) from exc
        raise
    for one in issued:
        view_cache.for_app(app).invalidate(one.passport.identifier.path)
    body = result["body"]
    return JSONResponse(body, status_code=201, headers=_location(body))


_ERRORS = {401: {"description": "Missing, invalid, expired or revoked token"},
           403: {"description": "The token's role may not issue, the passport is another organisation's "
                              "(NOT_PASSPORT_OWNER), or its identifier is outside your organisation's prefixes "
                              "(IDENTIFIER_OUTSIDE_PREFIXES)"},
           409: {"description": "Idempotency-Key reused with another body, or no issuer key"},
           422: {"description": "The passport data or the compute input is not valid (JSON pointers in details); "
                 "a custody lot that is not proven to be this battery (CUSTODY_LOT_NOT_BOUND)"}}


#: `?format=` values the issuing POST reads besides our own passport JSON.
IMPORT_FORMATS = ("batterypass-1.2",)
SUPPLEMENT = "supplement"


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` on top of `base`: objects merged key by key, anything else (lists too) replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _from_batterypass(body: Any) -> dict[str, Any]:
    """A Battery Pass 1.2.0 document set (`{aspect: document}`), with an optional `supplement` of our passport
    JSON for what that model does not carry, as our passport JSON; a refused value is a 422 naming its pointer."""
    if not isinstance(body, dict):
        raise InputError("a Battery Pass document set is a JSON object {aspect: document}", code="IMPORT_INVALID",
                         details={"pointer": ""})
    supplement = body.get(SUPPLEMENT, {})
    if not isinstance(supplement, dict):
        raise InputError("supplement is our passport JSON (an object)", code="IMPORT_INVALID",
                         details={"pointer": f"/{SUPPLEMENT}"})
    documents = {k: v for k, v in body.items() if k != SUPPLEMENT}
    return _merge(import_passport("batterypass-1.2", documents).passport, supplement)


@router.post("", status_code=201, response_model=PassportIssued, responses=_ERRORS,
             summary="Issue a passport (or the next version of one)",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "oneOf": [{"$ref": "#/components/schemas/PassportIssueRequest"},
                           {"type": "object", "description": "With ?format=batterypass-1.2: a Battery Pass 1.2.0 "
                            "document set {aspect: document}, plus `supplement` (our passport JSON) for what "
                            "that model does not carry."}]}}}}})
def create_passport(body: Annotated[Any, Body()], caller: IssuerDep, http: Request,
                    fmt: Annotated[str | None, Query(alias="format", description="batterypass-1.2: the body is a "
                                                     "Battery Pass 1.2.0 document set")] = None,
                    idempotency_key: IdempotencyKey = None) -> Response:
    """Validate, sign and store. The identifier comes from `generalProductInformation.uniqueIdentifier` (a
    Digital Link or `/id/` path); posting an existing identifier of your organisation issues its next version.
    `Location` points to the new immutable version. With `?format=batterypass-1.2` the body is a Battery Pass
    1.2.0 document set (`{"GeneralProductInformation": {...}, ...}`) and an optional `supplement` holding, as our
    passport JSON, what that model does not carry; the result is validated as any passport."""
    if fmt is not None and fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; one of {', '.join(IMPORT_FORMATS)}", code="UNKNOWN_FORMAT",
                         details={"field": "format"})
    data = _from_batterypass(body) if fmt else body
    try:
        passport = PassportIssueRequest.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])}
                                      for e in exc.errors(include_url=False, include_input=False)]) from exc
    return _issue_all(http.app, caller, [passport], idempotency_key, batch=False)


@router.post("/batch", status_code=201, response_model=BatchIssued, responses=_ERRORS,
             summary="Issue several passports at once (all or none)")
def create_passports(request: BatchRequest, caller: IssuerDep, http: Request,
                     idempotency_key: IdempotencyKey = None) -> Response:
    """Like the single POST for up to 100 passports, in one transaction; errors point into `/passports/{i}`."""
    return _issue_all(http.app, caller, request.passports, idempotency_key, batch=True)


@router.get("", response_model=PassportPage, responses={401: _ERRORS[401], 403: _ERRORS[403]},
            summary="Your organisation's passports (latest versions), newest first")
def list_own_passports(caller: IssuerDep, engine: EngineDep, settings: SettingsDep,
                       offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                       limit: Annotated[int, Query(ge=1, le=200)] = 50) -> PassportPage:
    with Session(engine) as session:
        page = list_passports(session, offset=offset, limit=limit, organisation_id=caller.organisation_id)
    next_url = (f"{settings.base_url}/api/v1/passports?offset={page.next_offset}&limit={limit}"
                if page.next_offset is not None else None)
    return PassportPage(items=[_summary(v, settings.base_url) for v in page.items], total=page.total,
                        offset=offset, limit=limit, next=next_url)
