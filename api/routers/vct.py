"""The SD-JWT VC type metadata of our `vct`, served at its w3id.org path (wallets read it to display claims).

    GET /battery-passport/vct/v1   schemas/vct/battery-passport-v1.json, byte for byte
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.resources import files

from fastapi import APIRouter, Request, Response

from passport.sdjwt.type_metadata import TYPE_METADATA_FILE

router = APIRouter(tags=["vocab"])


@lru_cache(maxsize=1)
def _document() -> tuple[bytes, str]:
    body = (files("schemas") / TYPE_METADATA_FILE).read_bytes()
    return body, f'"{hashlib.sha256(body).hexdigest()}"'


@router.get("/battery-passport/vct/v1", summary="SD-JWT VC type metadata of the battery passport",
            responses={200: {"content": {"application/json": {}}}})
def type_metadata(request: Request) -> Response:
    """Name, description and one claim entry per Annex XIII attribute (all selectively disclosable)."""
    body, etag = _document()
    headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
