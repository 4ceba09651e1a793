"""The DID documents of this service's did:web issuers, where did:web resolution looks for them.

    GET /.well-known/did.json        the service's did:web (from `PASSPORT_BASE_URL`), e.g. did:web:passports.example
    GET /{path}/did.json             an organisation's did:web under this host at the path the DID names, e.g.
                                     /orgs/acme/did.json for did:web:passports.example:orgs:acme (the default of
                                     `passport orgs create`) or /acme/issuer/did.json for ...:acme:issuer

Built from the issuer keys in the store (active keys for assertionMethod, retired keys kept for verifying what
they signed). `application/did+json`, or `application/json` when asked; 404 with a JSON error when no key of that
DID is stored. The documents change only when a key is created or rotated, so caches revalidate after 5 minutes.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from api.negotiation import JSON, negotiate
from passport.dids import did_web_document, did_web_from_url
from passport.errors import NotFoundError
from passport.keys.keystore import list_issuer_keys

router = APIRouter(tags=["did"])

DID_JSON = "application/did+json"
CACHE_CONTROL = "public, max-age=300"
_DOC = {"responses": {200: {"description": "The DID document", "content": {DID_JSON: {}, JSON: {}}},
                      404: {"description": "No did:web key of this DID is stored (JSON error DID_NOT_FOUND)"}}}


def _document(request: Request, suffix: str) -> dict[str, Any]:
    """The document of the did:web for `PASSPORT_BASE_URL` + `suffix`, from the keys it controls in the store."""
    did = did_web_from_url(request.app.state.settings.base_url.rstrip("/") + suffix)
    keys = list_issuer_keys(request.app.state.engine, controller=did)
    if not any(k.status in ("active", "retired") for k in keys):
        raise NotFoundError("this service holds no did:web key for this DID", code="DID_NOT_FOUND",
                            details={"did": did})
    return did_web_document(did, keys)


async def _respond(request: Request, suffix: str) -> Response:
    document = await run_in_threadpool(_document, request, suffix)
    media = negotiate(request.headers.get("accept"), (DID_JSON, JSON)) or DID_JSON
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(body.encode("utf-8"), media_type=media, headers={"Cache-Control": CACHE_CONTROL,
                                                                     "Vary": "Accept"})


@router.get("/.well-known/did.json", summary="The service's did:web DID document", **_DOC)
async def get_service_did(request: Request) -> Response:
    return await _respond(request, "")


@router.get("/{path:path}/did.json", summary="An organisation's did:web DID document (at the path its DID names)",
            **_DOC)
async def get_organisation_did(request: Request, path: str = Path(
        pattern=r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}(?:/[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}){0,7}$",
        examples=["orgs/acme-cells"], description="The did:web's path segments, joined by /.")) -> Response:
    return await _respond(request, f"/{path}")
