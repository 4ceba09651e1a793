"""Bitstring Status List credentials of this service's issuers, at stable URLs.

    GET /status/{issuer-slug}/{purpose}/{n}    the signed BitstringStatusListCredential (revocation|suspension)

Public (a list says nothing about who holds which index), cacheable for its `ttl` (60 s) with an ETag.
"""

from __future__ import annotations

from email.utils import format_datetime
from typing import Literal

from fastapi import APIRouter, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from api.negotiation import VC_LD
from passport.lifecycle import published_list, signer_for_issuer
from passport.lifecycle.statuslist import TTL_MS, PublishedList
from passport.store.engine import session_scope

router = APIRouter(tags=["status"])


def _load(request: Request, slug: str, purpose: str, number: int) -> PublishedList:
    engine = request.app.state.engine
    with session_scope(engine) as session:
        return published_list(session, slug, purpose, number, signer_for_issuer(engine, request.app.state.settings))


@router.get("/status/{slug}/{purpose}/{number}", summary="A status list credential (Bitstring Status List v1.0)",
            responses={200: {"content": {VC_LD: {}}}, 304: {"description": "Not modified"},
                       404: {"description": "No such list"}})
async def get_status_list(request: Request, slug: str = Path(pattern="^[0-9a-f]{16}$"),
                          purpose: Literal["revocation", "suspension"] = Path(),
                          number: int = Path(ge=1, le=1_000_000)) -> Response:
    published = await run_in_threadpool(_load, request, slug, purpose, number)
    etag = f'"{published.etag}"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={TTL_MS // 1000}, must-revalidate",
               "Last-Modified": format_datetime(published.updated_at, usegmt=True)}
    candidates = {c.strip().removeprefix("W/") for c in (request.headers.get("if-none-match") or "").split(",")}
    if etag in candidates:
        return Response(status_code=304, headers=headers)
    return Response(published.credential.encode("utf-8"), media_type=VC_LD, headers=headers)
