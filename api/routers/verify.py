"""Verify a credential presented by anyone: a JSON endpoint for machines and a page for people.

    POST /verify        body: the credential (JSON; or a compact vc+jwt as `application/vc+jwt`)  -> checks as JSON
    GET  /verify        the page: paste or upload a credential
    POST /verify/page   the page's form (multipart: `credential` text and/or `file`)              -> checks as HTML

A credential that does not verify is an answer (200, `verified: false`, the failed checks named), not an error;
only a body that is not JSON at all is refused (422). Error bodies name the problem, never echo the input.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api import i18n
from api.pages.verify_page import rows
from api.templating import templates
from api.verification import verify_presented
from passport.credentials.result import VerificationResult
from passport.errors import InputError
from passport.jsonio import read_json
from passport.version import __version__

router = APIRouter(tags=["verify"])

MAX_BYTES = 2_000_000
JWT_TYPES = ("application/vc+jwt", "application/jwt", "text/plain")

_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "description": "A secured credential (Data Integrity "
                                    "proof, incl. ecdsa-sd-2023 derived proofs, or an EnvelopedVerifiableCredential)"}},
    "application/vc+jwt": {"schema": {"type": "string", "description": "A compact vc+jwt"}}}}}


def _parse(raw: bytes, content_type: str, max_depth: int) -> Any:
    """The credential in the body: a JSON value, or the compact JWS itself for the JWT media types."""
    if len(raw) > MAX_BYTES:
        raise InputError("the credential is larger than this service accepts", code="PAYLOAD_TOO_LARGE",
                         details={"maxBytes": MAX_BYTES})
    media = content_type.split(";")[0].strip().lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("the body is not UTF-8 text", code="INVALID_JSON", details={"pointer": ""}) from exc
    if media in JWT_TYPES and not text.lstrip().startswith(("{", "[", '"')):
        return text.strip()
    return read_json(text, max_depth=max_depth)


def _run(request: Request, credential: Any) -> VerificationResult:
    return verify_presented(credential, request.app.state.engine, request.app.state.settings)


@router.post("/verify", response_model=VerificationResult, openapi_extra=_BODY,
             summary="Verify a credential: signature, issuer DID, status, validity dates, digest bindings",
             responses={422: {"description": "The body is not JSON (or too large)"}})
async def post_verify(request: Request) -> VerificationResult:
    """Every check `passport.verify` runs, with this service's did:web documents and status lists taken from its
    store and the `relatedResource` digests checked against the contributions it holds. Never fetches a URL."""
    credential = _parse(await request.body(), request.headers.get("content-type", "application/json"),
                        request.app.state.settings.max_json_depth)
    return await run_in_threadpool(_run, request, credential)


def _page(request: Request, lang: str, result: VerificationResult | None = None, problem: str | None = None,
          status_code: int = 200) -> HTMLResponse:
    t = i18n.translator(lang)
    body = templates.get_template("verify.html").render(
        t=t, lang=lang, version=__version__, result=result, rows=rows(result, t) if result else [],
        problem=problem,
        language_links=[(c, i18n.catalogues()[c].get("lang.name", c)) for c in i18n.languages()])
    return HTMLResponse(body, status_code=status_code, headers={"Cache-Control": "no-store",
                                                                "Content-Language": lang})


def _lang(request: Request) -> str:
    return i18n.pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))


@router.get("/verify", response_class=HTMLResponse, summary="The verification page (paste or upload)")
def get_verify_page(request: Request) -> HTMLResponse:
    return _page(request, _lang(request))


@router.post("/verify/page", response_class=HTMLResponse, summary="The verification page's form: checks as HTML")
async def post_verify_page(request: Request, credential: Annotated[str, Form()] = "",
                           file: Annotated[UploadFile | None, File()] = None) -> HTMLResponse:
    """The uploaded file when one is chosen, else the pasted text; each check shown as pass, fail or not checked."""
    lang, t = _lang(request), i18n.translator(_lang(request))
    raw = await file.read(MAX_BYTES + 1) if file is not None and file.filename else credential.encode("utf-8")
    if not raw.strip():
        return _page(request, lang, problem=t("verify.empty"), status_code=422)
    try:
        parsed = _parse(raw, "text/plain", request.app.state.settings.max_json_depth)
    except InputError as exc:
        return _page(request, lang, problem=t("verify.unreadable", reason=exc.message), status_code=422)
    return _page(request, lang, await run_in_threadpool(_run, request, parsed))
