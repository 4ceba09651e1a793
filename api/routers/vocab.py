"""Our JSON-LD contexts and vocabulary, served by this host too (offline verifiers need no network for them).

    GET /contexts                       the shipped contexts: URL -> local path (from `schemas/contexts/index.json`)
    GET /contexts/{file}                one shipped context file, byte for byte, `application/ld+json`
    GET /battery-passport/{kind}/v{n}   our own contexts at their w3id.org paths (e.g. /battery-passport/context/v1)
    GET /vocab                          the vocabulary page: every term with its IRI, type, meaning and access group

A context URL names immutable bytes (a new version gets a new URL), so context responses may be cached for a year.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import HTMLResponse

from api import i18n
from api.negotiation import JSON_LD
from api.pages.vocabulary import terms
from api.templating import templates
from passport.errors import NotFoundError
from passport.jsonld.loader import CONTEXTS, shipped_index
from passport.model.context import CONTEXT_URL, VOCAB
from passport.version import __version__

router = APIRouter(tags=["vocabulary"])

OWN_PREFIX = "https://w3id.org/battery-passport/"
IMMUTABLE = "public, max-age=31536000, immutable"
_LD = {"responses": {200: {"content": {JSON_LD: {}}}, 404: {"description": "No such shipped context"}}}


@cache
def _file(name: str) -> tuple[bytes, str]:
    """The bytes of a shipped context file named in the manifest, and its ETag; NotFoundError for any other name."""
    if name not in set(shipped_index().values()):
        raise NotFoundError("no shipped context has this file name", code="CONTEXT_NOT_FOUND",
                            details={"file": name})
    body = CONTEXTS.joinpath(*name.split("/")).read_bytes()
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _context_response(request: Request, name: str) -> Response:
    body, etag = _file(name)
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "Access-Control-Allow-Origin": "*"}
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=JSON_LD, headers=headers)


@router.get("/contexts", summary="The shipped JSON-LD contexts and where this host serves them")
def list_contexts() -> dict[str, Any]:
    return {"contexts": [{"url": url, "file": name, "path": f"/contexts/{name}"}
                         for url, name in sorted(shipped_index().items())]}


@router.get("/contexts/{name}", summary="A shipped JSON-LD context file", **_LD)
def get_context_file(request: Request, name: str = Path(pattern=r"^[a-z0-9][a-z0-9.-]{0,99}\.jsonld$")) -> Response:
    return _context_response(request, name)


@router.get("/battery-passport/{kind}/v{number}", summary="One of our contexts at its w3id.org path", **_LD)
def get_own_context(request: Request, kind: str = Path(pattern=r"^[a-z-]{1,40}$"),
                    number: int = Path(ge=1, le=99)) -> Response:
    name = shipped_index().get(f"{OWN_PREFIX}{kind}/v{number}")
    if name is None:
        raise NotFoundError("no context of ours has this URL", code="CONTEXT_NOT_FOUND",
                            details={"url": f"{OWN_PREFIX}{kind}/v{number}"})
    return _context_response(request, name)


@router.get("/vocab", response_class=HTMLResponse, summary="The battery passport vocabulary (every term)")
def get_vocabulary(request: Request) -> HTMLResponse:
    lang = i18n.pick_language(request.query_params.get("lang"), request.headers.get("accept-language"))
    body = templates.get_template("vocab.html").render(
        t=i18n.translator(lang), lang=lang, version=__version__, terms=terms(), context_url=CONTEXT_URL,
        vocab=VOCAB, language_links=[(c, i18n.catalogues()[c].get("lang.name", c)) for c in i18n.languages()])
    # the language comes from ?lang= or Accept-Language: a shared cache must key on the header too
    return HTMLResponse(body, headers={"Cache-Control": "public, max-age=3600", "Content-Language": lang,
                                       "Vary": "Accept-Language"})
