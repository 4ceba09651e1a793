"""Contributor API: upstream data from refiners, mines' programmes and traders, verified on intake.

    POST /api/v1/contributions/custody        one signed DigitalTraceabilityEvent credential (the body, as JSON)
    POST /api/v1/contributions/custody/bulk   many, one per line (NDJSON), applied as one batch all or nothing
    POST /api/v1/contributions/bettermining   Better Mining export files (multipart `files`), one transaction

For organisations holding a contributor or manufacturer token. A custody credential is verified (every proof;
did:web issuers from this service's store), its issuer must speak for the party acting in each event, and its
events are applied all or nothing (`passport.custody.intake.submit`). A Better Mining upload is imported whole or
not at all (`indices.bettermining.import_files`); a bad row answers 422 naming the file, row and field.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel
from starlette.concurrency import run_in_threadpool

from api.access import get_caller
from api.verification import service_sources
from indices.bettermining.importer import Uploader, import_files
from indices.bettermining.parse import ImportNote
from passport.auth import AuthenticationError, Caller, Role
from passport.custody.bulk import Submission, submit_many, worker_count
from passport.trust.worker import StoreVerifier
from passport.custody.intake import submit
from passport.custody.state import Finding
from passport.custody.untp_model import DigitalTraceabilityEvent
from passport.errors import AccessDeniedError, InputError, PassportError
from passport.trust import verify_credential

router = APIRouter(prefix="/api/v1/contributions", tags=["contributions"])

CONTRIBUTOR_ROLES = frozenset({Role.CONTRIBUTOR, Role.MANUFACTURER})
MAX_CREDENTIAL_BYTES = 5_000_000
MAX_UPLOAD_BYTES = 200_000_000
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,199}")
_ERRORS = {401: {"description": "No or invalid bearer token"},
           403: {"description": "The token's role may not contribute"},
           422: {"description": "Not accepted: the error's code and details name the file, row, field or pointer"}}


async def get_contributor(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
    """The caller, who must hold a contributor or manufacturer token — else 401 without a token, 403 with one."""
    if not caller.authenticated:
        raise AuthenticationError("this endpoint needs a bearer token", code="TOKEN_REQUIRED",
                                  details={"reason": "missing"})
    if caller.role not in CONTRIBUTOR_ROLES:
        raise AccessDeniedError("this token's role may not contribute upstream data",
                                details={"role": str(caller.role)})
    return caller


ContributorDep = Annotated[Caller, Depends(get_contributor)]


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)


class CustodyReceipt(_Model):
    """What an accepted custody credential did."""

    credential_seq: int = Field(description="Sequence number of the kept original in the store.")
    digest_sri: str = Field(description="sha384 SRI of the exact bytes received (what passports bind).")
    event_ids: list[str] = Field(description="The EPCIS events applied, in the credential's order.")
    warnings: list[Finding] = Field(description="Findings recorded for due-diligence follow-up (not refusals).")


class BulkCustodyReceipt(_Model):
    """What an accepted batch did: one receipt per credential, in the body's order."""

    credentials: int = Field(description="How many credentials were applied.")
    events: int = Field(description="How many EPCIS events were applied.")
    receipts: list[CustodyReceipt]


class BetterMiningFile(_Model):
    file: str = Field(description="The uploaded file's name.")
    format: str = Field(description="The export it was read as (incidents, corrective actions, programme...).")
    records: int
    inserted: int
    updated: int
    unchanged: int


class BetterMiningImport(_Model):
    """What a Better Mining upload did, per file, and what it kept but noted."""

    files: list[BetterMiningFile]
    notes: dict[str, int] = Field(description="Notes by reason: score_missing, date_out_of_order, ...")
    note_examples: list[ImportNote] = Field(description="The first examples of each note (file, row, field).")


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with its `#/$defs/...` references replaced by their definitions (OpenAPI has no `$defs`)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _credential_schema() -> dict[str, Any]:
    """The request body's JSON Schema: a UNTP DigitalTraceabilityEvent credential (`passport.custody.untp_model`,
    the one source of that shape) with its Data Integrity proof."""
    schema = DigitalTraceabilityEvent.model_json_schema(by_alias=True)
    schema = _inline(schema, schema.get("$defs", {}))
    schema["properties"]["proof"] = {
        "description": "Data Integrity proof(s) by the issuer's key (eddsa-rdfc-2022, ecdsa-rdfc-2019, ...)",
        "oneOf": [{"type": "object", "required": ["type", "cryptosuite", "verificationMethod", "proofValue"]},
                  {"type": "array", "minItems": 1, "items": {"type": "object"}}]}
    schema["required"] = sorted({*schema.get("required", []), "proof"})
    schema["description"] = ("A UNTP DigitalTraceabilityEvent credential secured with a Data Integrity proof, as "
                             "`passport custody event new` drafts and `passport sign` signs it.")
    return schema


_CREDENTIAL_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": _credential_schema()}}}}
_CUSTODY_ERRORS = {**_ERRORS,
                   403: {"description": "The token's role may not contribute, it is bound to no custody party "
                         "(TOKEN_NOT_BOUND_TO_PARTY), or its party neither signed nor acts in these events "
                         "(NOT_SUBMITTERS_PARTY)"},
                   409: {"description": "The events contradict the chain of custody (CUSTODY_REJECTED, findings "
                         "named) or the credential was already received (DUPLICATE_CREDENTIAL)"},
                   413: {"description": "The body is larger than the service accepts (PASSPORT_MAX_BODY_BYTES): "
                         "refused before it is parsed"}}
_UPLOAD_ERRORS = {**_ERRORS,
                  409: {"description": "A record conflicts with what is stored"},
                  413: {"description": "The upload is larger than the service accepts (PASSPORT_MAX_UPLOAD_BYTES): "
                        "refused before it is parsed"}}


def _verifier(request: Request) -> Any:
    """The one verification policy with this service's store (did:web issuers, our status lists)."""
    return partial(verify_credential, sources=service_sources(request.app.state.engine, request.app.state.settings))


@router.post("/custody", status_code=201, response_model=CustodyReceipt, openapi_extra=_CREDENTIAL_BODY,
             summary="Submit one signed custody (traceability event) credential", responses=_CUSTODY_ERRORS)
async def post_custody(request: Request, caller: ContributorDep) -> CustodyReceipt:
    """Verified, checked against the chain of custody and applied all or nothing. 422: not JSON, a signature
    that does not verify (`SIGNATURE_INVALID`, failed checks named), an issuer that does not speak for the acting
    party; 409: the events contradict the chain (`CUSTODY_REJECTED`, findings named) or were already received."""
    raw = await request.body()
    if len(raw) > MAX_CREDENTIAL_BYTES:
        raise InputError("the credential is larger than this service accepts", code="PAYLOAD_TOO_LARGE",
                         details={"maxBytes": MAX_CREDENTIAL_BYTES})
    engine = request.app.state.engine
    if caller.role is Role.CONTRIBUTOR and caller.party_id is None:
        raise AccessDeniedError("a contributor token must be bound to a custody party to submit events: create one "
                                "with `passport tokens create --role contributor --org SLUG --party PARTY`",
                                code="TOKEN_NOT_BOUND_TO_PARTY")
    receipt = await run_in_threadpool(partial(submit, engine, raw, verify=_verifier(request),
                                              submitter=caller.party_id))
    return CustodyReceipt(credential_seq=receipt.credential_seq, digest_sri=receipt.digest_sri,
                          event_ids=list(receipt.event_ids), warnings=list(receipt.warnings))


#: Verify a batch's signatures in up to this many processes (`passport.custody.bulk.worker_count`).
BULK_WORKERS = min(4, os.cpu_count() or 1)
_NDJSON_BODY = {"requestBody": {"required": True, "content": {"application/x-ndjson": {"schema": {
    "type": "string", "description": "One signed DigitalTraceabilityEvent credential (JSON, as for POST "
    "/api/v1/contributions/custody) per line; blank lines are skipped."}}}}}


def _lines(raw: bytes) -> list[Submission]:
    lines = [(n, line.strip()) for n, line in enumerate(raw.split(b"\n"), start=1)]
    batch = [Submission(f"line {n}", line) for n, line in lines if line]
    if not batch:
        raise InputError("the body holds no credential (one JSON credential per line)", code="EMPTY_BATCH")
    too_long = [s.source for s in batch if len(s.raw) > MAX_CREDENTIAL_BYTES]
    if too_long:
        raise InputError("a credential is larger than this service accepts", code="PAYLOAD_TOO_LARGE",
                         details={"maxBytes": MAX_CREDENTIAL_BYTES, "lines": too_long})
    return batch


@router.post("/custody/bulk", status_code=201, response_model=BulkCustodyReceipt, openapi_extra=_NDJSON_BODY,
             summary="Submit many signed custody credentials as one all-or-nothing batch (NDJSON)",
             responses=_CUSTODY_ERRORS)
async def post_custody_bulk(request: Request, caller: ContributorDep) -> BulkCustodyReceipt:
    """Each line is checked as POST /custody checks one credential; the batch is applied all or nothing
    (`passport.custody.bulk.submit_many`) and a refusal names the line (`details.file`, `details.credential`)."""
    if caller.role is Role.CONTRIBUTOR and caller.party_id is None:
        raise AccessDeniedError("a contributor token must be bound to a custody party to submit events: create one "
                                "with `passport tokens create --role contributor --org SLUG --party PARTY`",
                                code="TOKEN_NOT_BOUND_TO_PARTY")
    batch = _lines(await request.body())
    engine = request.app.state.engine
    workers = worker_count(len(batch), BULK_WORKERS)
    verifier = StoreVerifier(engine.url.render_as_string(hide_password=False), request.app.state.settings) \
        if workers > 1 else _verifier(request)
    receipts = await run_in_threadpool(partial(submit_many, engine, batch, verify=verifier, workers=workers,
                                              submitter=caller.party_id))
    return BulkCustodyReceipt(credentials=len(receipts), events=sum(len(r.event_ids) for r in receipts),
                              receipts=[CustodyReceipt(credential_seq=r.credential_seq, digest_sri=r.digest_sri,
                                                       event_ids=list(r.event_ids), warnings=list(r.warnings))
                                        for r in receipts])


def _file_name(upload: UploadFile, index: int, taken: set[str]) -> str:
    name = Path(upload.filename or "").name
    if not _SAFE_NAME.fullmatch(name) or name in taken:
        raise InputError("each uploaded file needs a distinct plain name (letters, digits, . _ - and spaces)",
                         code="INVALID_FILE_NAME", details={"file": index})
    taken.add(name)
    return name


def _import(request: Request, files: list[UploadFile], caller: Caller) -> BetterMiningImport:
    with tempfile.TemporaryDirectory(prefix="bettermining-upload-") as directory:
        folder, paths, taken, total = Path(directory), [], set(), 0
        for index, upload in enumerate(files):
            path = folder / _file_name(upload, index, taken)
            total += _copy(upload, path, MAX_UPLOAD_BYTES - total)
            paths.append(path)
        try:
            summary = import_files(request.app.state.engine, paths, uploader=Uploader(
                organisation_id=caller.organisation_id, organisation=caller.organisation, token_id=caller.token_id))
        except PassportError as exc:
            _name_files(exc.details, directory)
            exc.message = exc.message.replace(directory + "/", "")
            raise
    body = summary.model_dump(mode="json")
    for entry in [*body["files"], *body["note_examples"]]:
        entry["file"] = Path(entry["file"]).name
    return BetterMiningImport.model_validate(body)


def _copy(upload: UploadFile, path: Path, budget: int) -> int:
    written = 0
    with path.open("wb") as out:
        while chunk := upload.file.read(1 << 20):
            written += len(chunk)
            if written > budget:
                raise InputError("the upload is larger than this service accepts", code="PAYLOAD_TOO_LARGE",
                                 details={"file": path.name, "maxBytes": MAX_UPLOAD_BYTES})
            out.write(chunk)
    return written


def _name_files(details: dict[str, Any], directory: str) -> None:
    """Errors name the uploaded file, never the server's temporary path (nor does any listed problem)."""
    for key, value in list(details.items()):
        if isinstance(value, str) and value.startswith(directory):
            details[key] = Path(value).name
    for problem in details.get("problems") or []:
        if isinstance(problem, dict):
            _name_files(problem, directory)
            if isinstance(problem.get("message"), str):
                problem["message"] = problem["message"].replace(directory + "/", "")


@router.post("/bettermining", status_code=201, response_model=BetterMiningImport, responses=_UPLOAD_ERRORS,
             summary="Import Better Mining export files (incidents CSV/JSON, corrective actions, programme figures)")
def post_bettermining(request: Request, caller: ContributorDep,
                      files: Annotated[list[UploadFile], File(description="The export files")]) -> BetterMiningImport:
    """All files in one transaction: a bad row anywhere answers 422 naming its file, row and field, and nothing
    is written."""
    if not files:
        raise InputError("upload at least one file", code="NO_FILES", details={"field": "files"})
    return _import(request, files, caller)
