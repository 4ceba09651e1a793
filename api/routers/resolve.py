"""The passport URL (what the QR code encodes): one address, a representation per `Accept`, a view per access level.

    GET /01/{gtin}/21/{serial}            latest version: page, credential or linkset (content negotiation)
    GET /01/{gtin}/21/{serial}/versions/N  an immutable version, same representations
    GET /01/{gtin}/21/{serial}/qr.svg|png  the QR code of the URL
    (and the same under /id/{uuid} and /iso15459/{id})
    ?linkType=gs1:…                        GS1 resolution: 307 to that link; `all` → the linkset (`api.gs1`)

The serial is parsed from the raw path, so a percent-encoded '/' in it stays part of the serial.
Every representation comes from the signed view of the caller's access level; `Vary` names the headers that
select it. Unknown or malformed identifiers give 404, as a page or as JSON per `Accept`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from api import gs1, i18n, view_cache
from api.access import CallerDep
from api.exchange_views import exchange_view, requested_format
from api.linkset import build_linkset, link_header
from api.negotiation import CREDENTIAL_TYPES, HTML, LINKSET, PASSPORT_TYPES, SD_JWT, negotiate
from api.pages import consumer
from api.pages.formatting import Formatter
from api.sd_jwt_views import sd_jwt_view
from api.signature import validity_state, verdict
from api.templating import templates
from api.verification import service_sources
from passport import qr
from passport.access.grants import reading_level
from passport.credentials.issuer import issuer_id
from passport.errors import InputError, NotFoundError, PassportError
from passport.identifiers import PassportId, parse_path
from passport.lifecycle import passport_state
from passport.lifecycle.links import as_of_version, lineage_links, record_restricted_read
from passport.model.types import web_link_schemes
from passport.registry import ResolvedView, resolve_view
from passport.registry.history import visible_versions
from passport.trust import TrustSources
from passport.version import __version__

router = APIRouter(tags=["resolve"])

VARY = "Accept, Accept-Language, Authorization"
LATEST_MAX_AGE = 60
IMMUTABLE_MAX_AGE = 31_536_000
QR_MAX_AGE = 86_400
#: Marker media type while an exchange format is being served (`?format=` or an Accept profile).
EXCHANGE = "application/x-passport-exchange"
_SUFFIX = re.compile(r"/(?:(?P<qr>qr\.(?:svg|png))|versions/(?P<version>[1-9][0-9]{0,8}))$")
_DOC = {"responses": {200: {"content": {t: {} for t in PASSPORT_TYPES}}, 304: {"description": "Not modified"},
                      401: {"description": "Invalid, expired or revoked bearer token"},
                      404: {"description": "Unknown or malformed identifier"},
                      406: {"description": "No acceptable representation"}}}


@dataclass(frozen=True, slots=True)
class Target:
    identifier: PassportId
    version: int | None = None
    qr: str | None = None


@lru_cache(maxsize=4096)
def parse_target(raw_path: str) -> Target:
    """Split `/01/.../21/{serial}[/versions/N|/qr.svg|/qr.png]` (raw, still percent-encoded)."""
    match = _SUFFIX.search(raw_path)
    base = raw_path[: match.start()] if match else raw_path
    identifier = parse_path(base)
    if match is None:
        return Target(identifier)
    if match["qr"]:
        return Target(identifier, qr=match["qr"].split(".")[1])
    return Target(identifier, version=int(match["version"]))


def _etag(digest: str) -> str:
    return f'"{digest}"'


def _not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return "*" in candidates or etag in candidates


def _cache_control(view: ResolvedView | None, *, versioned: bool, authenticated: bool) -> str:
    scope = "private" if authenticated else "public"
    if versioned:
        return f"{scope}, max-age={IMMUTABLE_MAX_AGE}, immutable"
    return f"{scope}, max-age={LATEST_MAX_AGE}, must-revalidate"


def _language_links() -> list[tuple[str, str]]:
    return [(code, i18n.catalogues()[code].get("lang.name", code)) for code in i18n.languages()]


_PAGE_CACHE: dict[tuple[str, ...], tuple[bytes, str]] = {}
_PAGE_CACHE_SIZE = 1024


def _page_key(view: ResolvedView, url: str, lang: str, status: str) -> tuple[str, ...]:
    # A stored version never changes: its ETag, the language, its status, whether today is inside its validity
    # period (looked at on every request) and the facts around it fix the page.
    return (view.etag, lang, str(view.version), str(view.latest_version), view.access_group, url, status,
            validity_state(view.etag, view.credential), ",".join(sorted(web_link_schemes())))


def _render_page(view: ResolvedView, url: str, lang: str, sources: TrustSources, status: str = "active"
                 ) -> tuple[bytes, str]:
    """The page and its ETag, rendered once per key (rendering verifies the signature: run it off the loop)."""
    key = _page_key(view, url, lang, status)
    page = _PAGE_CACHE.get(key)
    if page is None:
        body = _render(view.etag, view.credential, lang, view.version, view.latest_version,
                       view.created_at.isoformat(), view.access_group, url, status, sources)
        page = (body, _etag(hashlib.sha256(body).hexdigest()))
        if len(_PAGE_CACHE) >= _PAGE_CACHE_SIZE:
            _PAGE_CACHE.pop(next(iter(_PAGE_CACHE)))
        _PAGE_CACHE[key] = page
    return page


def _render(etag: str, credential_text: str, lang: str, version: int, latest: int, created: str,
            level: str, url: str, status: str, sources: TrustSources) -> bytes:
    credential = json.loads(credential_text)
    t = i18n.translator(lang)
    f = Formatter(lang)
    sections = consumer.build(credential, t, f)
    model = consumer._get(credential, "credentialSubject", "generalProductInformation", "batteryModel") or ""
    page = templates.get_template("passport.html").render(
        t=t, lang=lang, version=version, latest_version=latest, title=t("page.title", model=model), model=model,
        sections=sections, verdict=verdict(etag, credential_text, sources, status=status), issuer=consumer.issuer_name(credential),
        issuer_did=issuer_id(credential), level=level, url=url,
        issued=f.date(created), language_links=_language_links(), status=status,
        battery_status=consumer.battery_status(credential),
    ).encode("utf-8")
    return page


def not_found(request: Request, error: PassportError, accept: str | None) -> Response:
    """A 404 the reader can act on: a page saying what a passport address looks like, or a JSON error."""
    media = negotiate(accept, (HTML, "application/json")) or "application/json"
    if media == HTML:
        lang = i18n.pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        invalid = None
        if isinstance(error, InputError):
            invalid = {"reason": error.message, "segment": error.details.get("segment", "")}
        body = templates.get_template("not_found.html").render(
            t=i18n.translator(lang), lang=lang, version=__version__, invalid=invalid,
            path=request.url.path)
        return HTMLResponse(body, status_code=404, headers={"Vary": VARY, "Cache-Control": "no-store"})
    payload = error.to_dict()
    if error.code == "NOT_FOUND":
        payload["details"] = {k: v for k, v in payload["details"].items() if k in ("identifier", "version")}
    return JSONResponse({"error": payload}, status_code=404, headers={"Vary": VARY, "Cache-Control": "no-store"})


def _qr_response(request: Request, url: str, fmt: str) -> Response:
    body = qr.render(url, fmt, scale=8 if fmt == "png" else 4)  # type: ignore[arg-type]
    etag = _etag(hashlib.sha256(body).hexdigest())
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={QR_MAX_AGE}"}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=qr.MEDIA_TYPES[fmt], headers=headers)  # type: ignore[index]


def _lookup(engine: Any, path: str, level: str, version: int | None, linkset: bool
            ) -> tuple[ResolvedView, list[tuple[int, Any]]]:
    with engine.connect() as connection:
        view = resolve_view(connection, path, level, version)
    if not linkset:
        return view, []
    with Session(engine) as session:  # only the versions in which what this reader sees changed
        return view, visible_versions(session, path, level)


def _passport_status(engine: Any, path: str) -> str:
    """"revoked", "suspended" or "active", from the issuer's status lists in the store."""
    with Session(engine) as session:
        state = passport_state(session, path)
    return "revoked" if state.revoked else "suspended" if state.suspended else "active"


async def _resolve(request: Request, caller: Any) -> Response:
    engine, settings = request.app.state.engine, request.app.state.settings
    accept = request.headers.get("accept")
    raw_path = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1").split("?", 1)[0]
    root = request.scope.get("root_path", "")
    if root and raw_path.startswith(root):
        raw_path = raw_path[len(root):]
    try:
        target = parse_target(raw_path)
    except InputError as exc:
        return not_found(request, exc, accept)
    url = target.identifier.url(settings.base_url)
    if request.query_params.get("as_of") and target.version is None and target.qr is None:
        try:
            target = Target(target.identifier, version=await run_in_threadpool(
                as_of_version, engine, target.identifier.path, request.query_params["as_of"]))
        except (InputError, NotFoundError) as exc:
            return not_found(request, exc, accept)
    link_type = request.query_params.get("linkType") if target.qr is None else None
    if link_type is not None and link_type in gs1.ALL:  # GS1: linkType=all is the linkset
        accept, link_type = LINKSET, None
    try:
        exchange = requested_format(request.query_params.get("format"), accept) if target.qr is None else None
    except InputError as exc:
        return JSONResponse({"error": exc.to_dict()}, status_code=400, headers={"Vary": VARY})
    media = (LINKSET if link_type else EXCHANGE if exchange else negotiate(accept)) if target.qr is None else None
    if target.qr is None and media is None:
        return JSONResponse({"error": {"code": "NOT_ACCEPTABLE", "message": "no acceptable representation",
                                       "details": {"available": list(PASSPORT_TYPES)}}},
                            status_code=406, headers={"Vary": VARY})
    level, grant = caller.access_level, None
    if caller.authenticated and caller.organisation and level == "public" and target.qr is None:
        level, grant = await run_in_threadpool(reading_level, engine, caller, target.identifier.path)
    cache = view_cache.for_app(request.app)
    cached = cache.get(target.identifier.path, level, target.version)
    if cached is not None and media != LINKSET:
        view, versions = cached, []
    else:
        try:
            view, versions = await run_in_threadpool(_lookup, engine, target.identifier.path, level,
                                                     target.version, media == LINKSET)
        except NotFoundError as exc:
            return not_found(request, exc, accept)
        cache.put(view, target.version)
    if target.qr is not None:
        return _qr_response(request, url, target.qr)
    if caller.authenticated and level != "public":  # token use for a restricted read: audited

        actor = f"{caller.organisation} (token {caller.token_id}{f', grant {grant}' if grant else ''})"
        await run_in_threadpool(record_restricted_read, engine, actor, target.identifier.path, view.version, level)
    headers = {"Vary": VARY, "Link": link_header(url),
               "Cache-Control": _cache_control(view, versioned=target.version is not None  # ?as_of= may move
                                               and "as_of" not in request.query_params,
                                               authenticated=caller.authenticated)}
    if media == EXCHANGE:
        try:
            body, media = await run_in_threadpool(exchange_view, engine, settings, view.credential, view.issuer,
                                                  level, exchange)
        except PassportError as exc:
            status = 406 if exc.code == "EXCHANGE_UNAVAILABLE" else 400
            return JSONResponse({"error": exc.to_dict()}, status_code=status, headers={"Vary": VARY})
        etag = _etag(hashlib.sha256(body).hexdigest())
    elif media in CREDENTIAL_TYPES:
        body, etag = view.credential.encode("utf-8"), _etag(view.etag)
    elif media == SD_JWT:
        body = (await run_in_threadpool(sd_jwt_view, engine, settings, view.identifier, view.version,
                                        level)).encode("ascii")
        etag = _etag(hashlib.sha256(body).hexdigest())
    elif media == LINKSET:
        linkset = build_linkset(url, json.loads(view.credential), versions, current=view.version,
                                base_url=settings.base_url, languages=i18n.languages())

        linkset["linkset"][0].update(await run_in_threadpool(lineage_links, engine, target.identifier.path,
                                                             settings.base_url))
        linkset["linkset"][0].update(gs1.gs1_links(url, json.loads(view.credential), target.identifier.path,
                                                   settings.base_url))
        if link_type:  # GS1 `?linkType=`: to that link, or the default one
            return RedirectResponse(gs1.link_target(link_type, linkset["linkset"][0]), status_code=307,
                                    headers={"Vary": VARY, "Link": link_header(url), "Cache-Control": "no-store"})
        body = json.dumps(linkset, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        etag = _etag(hashlib.sha256(body).hexdigest())
    else:
        lang = i18n.pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
        status = cache.get_state(view.identifier)
        if status is None:
            status = await run_in_threadpool(_passport_status, engine, view.identifier)
            cache.put_state(view.identifier, status)
        body, etag = _PAGE_CACHE.get(_page_key(view, url, lang, status)) or await run_in_threadpool(
            _render_page, view, url, lang, service_sources(engine, settings), status)
        headers["Content-Language"] = lang
    headers["ETag"] = etag
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    content_type = f"{media}; charset=utf-8" if media == HTML else media
    return Response(body, headers=headers, media_type=content_type)


@router.get("/01/{gtin}/21/{serial:path}", summary="Resolve a GS1 Digital Link passport URL", **_DOC)
async def resolve_gs1(gtin: str, serial: str, request: Request, caller: CallerDep) -> Response:
    """The passport with GTIN `gtin` (8 to 14 digits, check digit validated) and serial `serial` (AI 21,
    percent-encoded). `Accept`: text/html (page), application/ld+json or application/vc+ld+json (the signed
    credential for your access level), application/linkset+json (RFC 9264). Suffixes: `/versions/{n}`,
    `/qr.svg`, `/qr.png`. `?format=batterypass-1.2|aas-idta-02035|catenax-6.1|untp-dpp` (or an Accept profile
    `application/json;profile="https://w3id.org/battery-passport/exchange/<format>"`): the passport in that data
    model, at your access level."""
    return await _resolve(request, caller)


@router.get("/id/{value:path}", summary="Resolve a passport URL without GTIN (UUID)", **_DOC)
async def resolve_uuid(value: str, request: Request, caller: CallerDep) -> Response:
    """As the GS1 form, for a battery identified by a UUID."""
    return await _resolve(request, caller)


@router.get("/iso15459/{value:path}", summary="Resolve a passport URL without GTIN (ISO/IEC 15459)", **_DOC)
async def resolve_iso15459(value: str, request: Request, caller: CallerDep) -> Response:
    """As the GS1 form, for a battery identified by an ISO/IEC 15459 unique identifier."""
    return await _resolve(request, caller)
