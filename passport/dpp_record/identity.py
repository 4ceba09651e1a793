"""The DPP id (EN 18222 `dppId`, EN 18223 `digitalProductPassportId`) of a passport, and the product id.

The DPP id is a name-based UUID (RFC 9562 §5.5) of the passport's canonical path: stable across versions and
identical on a back-up instance holding the same passport, with no lookup needed to mint it.
"""

from __future__ import annotations

import uuid
from passport.errors import InputError
from passport.identifiers import PassportId, parse_identifier

#: Our namespace for DPP ids (also in migration 0050, which back-fills existing passports).
NAMESPACE = uuid.UUID("6f1d3c2a-8e0b-5d7e-9a41-b7c2e5f0d418")
URN_PREFIX = "urn:uuid:"


def dpp_id_for(path: str) -> str:
    """The DPP id of the passport at canonical `path` (a bare UUID string)."""
    return str(uuid.uuid5(NAMESPACE, path))


def dpp_urn(dpp_id: str) -> str:
    return URN_PREFIX + dpp_id


def parse_dpp_id(value: str) -> str:
    """A DPP id from a (decoded) path segment: `urn:uuid:X` or `X`; InputError INVALID_DPP_ID."""
    text = value.strip()
    text = text[len(URN_PREFIX):] if text.lower().startswith(URN_PREFIX) else text
    try:
        return str(uuid.UUID(text))
    except ValueError as exc:
        raise InputError("a DPP id is a UUID or urn:uuid:…", code="INVALID_DPP_ID",
                         details={"field": "dppId"}) from exc


def parse_product_id(value: str, base_url: str) -> PassportId:
    """A product id: a GS1 Digital Link URI or its path, as the request path decoded it once (a serial's own
    escapes, such as `%2F`, are still there and decoded per segment)."""
    text = value.strip()
    if not text.startswith(("http://", "https://", "/")) and "/" in text:
        text = "/" + text  # the path converter strips the leading slash of `/01/…`
    try:
        return parse_identifier(text, base_url)
    except InputError as exc:
        raise InputError("a product id is a GS1 Digital Link URI or path, /id/{uuid} or /iso15459/{id}",
                         code="INVALID_PRODUCT_ID", details={"field": "productId",
                                                             "segment": exc.details.get("segment")}) from exc
