"""How a DPP read is rendered: JSON (EN 18222's mandatory format), JSON-LD, or the signed credential (ours),
in the `full` or `compressed` representation, with the headers every /dpp/v1 response carries."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from fastapi import Request, Response

from api.negotiation import JSON, JSON_LD, VC_LD, negotiate
from api.routers.dpp.result import result_response
from passport.dpp import BATTERY_CONTENT_SPECIFICATION
from passport.dpp.elements import pointer_of
from passport.dpp.service import DppRead
from passport.model import CONTEXT_URL

#: What a DPP read offers, JSON first (the default for no Accept or */*).
DPP_TYPES: tuple[str, ...] = (JSON, JSON_LD, VC_LD)
DPP_VOCAB = "https://w3id.org/battery-passport/dpp#"
VARY = "Accept, Authorization"


class Representation(StrEnum):
    """`full`: the header and the content the reader may see; `compressed`: the header and the paths of the
    data elements the reader may read (each one readable at /elements/{path})."""

    FULL = "full"
    COMPRESSED = "compressed"


def _leaf_paths(node: Any, prefix: tuple[str, ...], out: list[str]) -> list[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            _leaf_paths(value, (*prefix, key), out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _leaf_paths(value, (*prefix, str(index)), out)
    else:
        out.append(pointer_of(prefix))
    return out


def dpp_document(read: DppRead, representation: Representation,
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    content: Any = read.content
    if representation is Representation.COMPRESSED:
        content = _leaf_paths(content, (), [])
    return {**read.header.model_dump(mode="json"), BATTERY_CONTENT_SPECIFICATION: content, **(extra or {})}


def choose(request: Request) -> str | None:
    """The media type to answer with; None: nothing the client accepts (the route answers 406)."""
    return negotiate(request.headers.get("accept"), DPP_TYPES)


def not_acceptable(request: Request) -> Response:
    return result_response(request, 406, [("NOT_ACCEPTABLE", "no acceptable representation: offered are "
                                           + ", ".join(DPP_TYPES))], {"Vary": VARY})


def dpp_response(request: Request, read: DppRead, representation: Representation, base_url: str,
                 media: str, extra: dict[str, Any] | None = None) -> Response:
    """The DPP in `media`; `Content-Location` names the immutable version served."""
    version_url = f"{base_url}{read.view.identifier}/versions/{read.view.version}"
    if media == VC_LD:
        body = read.view.credential.encode("utf-8")
    else:
        document = dpp_document(read, representation, extra)
        if media == JSON_LD:
            document = {"@context": [CONTEXT_URL, {"@vocab": DPP_VOCAB}], "@type": "DigitalProductPassport",
                        **document}
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"Vary": VARY, "Cache-Control": "private, no-cache", "Content-Location": version_url,
               "ETag": f'"{hashlib.sha256(body).hexdigest()}"',
               "Link": f'<{version_url}>; rel="describedby"; type="{VC_LD}"'}
    return Response(body, media_type=media, headers=headers)
