"""Issue a passport: validate the maker's data, sign it once, derive one disclosure per access group, store.

The steps are separate so the lifecycle can run them in one transaction with the status entries and the audit
entry: `passport.lifecycle.issue_version` is the one way a version is issued.

The issuer signs the whole passport once with an ecdsa-sd-2023 base proof (`passport.disclosure.levels`):
the public attributes, the identity and the status entry are mandatory. Each access group's view is a
derived proof of that one signature revealing exactly the group's attributes (`passport.model.project`),
so every response a reader gets verifies against the maker's key and carries nothing above the reader's
level. Derivation is deterministic, so the views are derived once at issuance and served as stored bytes.
The base-proof credential (every field, the HMAC key and every statement's signature) is stored byte for
byte for the issuer and audits; it is never served.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session

from passport.credentials._time import format_date_time_stamp
from passport.disclosure import levels
from passport.errors import InputError
from passport.identifiers import PassportId, parse_identifier
from passport.keys import Signer
from passport.model import AccessGroup, Passport, PassportCreate, parse_passport, to_credential
from passport.registry.repository import StoredVersion, add_version

SUITE = "ecdsa-sd-2023"
UNIQUE_IDENTIFIER_POINTER = "/generalProductInformation/uniqueIdentifier"


@dataclass(frozen=True, slots=True)
class IssuedPassport:
    identifier: PassportId
    url: str
    stored: StoredVersion


def serialize(credential: dict[str, Any]) -> str:
    """The exact text stored and served: compact JSON, UTF-8, keys in the order they were built."""
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":"))


def prepare(data: Any, base_url: str) -> tuple[PassportId, Passport]:
    """Validate `data` (a PassportCreate as JSON) and give it its identifier and web link."""
    draft = parse_passport(data, model=PassportCreate)
    try:
        identifier = parse_identifier(draft.general_product_information.unique_identifier, base_url)
    except InputError as exc:
        raise InputError(f"the unique identifier is not a passport path: {exc.message}", code="INVALID_PASSPORT",
                         details={"pointer": UNIQUE_IDENTIFIER_POINTER, "segment": exc.details.get("segment")}
                         ) from exc
    url = identifier.url(base_url)
    if draft.id is not None and str(draft.id) != url:
        raise InputError("id must be the passport's resolvable URL (or be left out)", code="INVALID_PASSPORT",
                         details={"pointer": "/id", "expected": url})
    body = draft.model_dump(mode="json", by_alias=True, exclude_none=True)
    body["id"] = url
    return identifier, parse_passport(body)


@dataclass(frozen=True, slots=True)
class SignedPassport:
    """The credentials of one version, signed and serialised, before storage."""

    identifier: PassportId
    url: str
    credential: str
    views: dict[str, str]


def build_credential(data: Any, *, issuer: str | dict[str, Any], base_url: str, now: datetime,
                     status: list[dict[str, Any]] | None = None,
                     related_resource: list[dict[str, Any]] | None = None) -> tuple[PassportId, dict[str, Any]]:
    """The unsigned passport credential for `data`: validated, identified, with its status entries and the
    digests of the upstream credentials it was computed from (`relatedResource`, revealed to authorities only)."""
    identifier, passport = prepare(data, base_url)
    credential = to_credential(passport, issuer=issuer, id=f"urn:uuid:{uuid.uuid4()}", valid_from=now)
    if status:
        credential["credentialStatus"] = status if len(status) > 1 else status[0]
    if related_resource:
        credential["relatedResource"] = related_resource
    return identifier, credential


def sign_passport(data: Any, *, signer: Signer, base_url: str, issuer_name: str | None = None,
                  now: datetime | None = None, status: list[dict[str, Any]] | None = None,
                  related_resource: list[dict[str, Any]] | None = None) -> SignedPassport:
    """Validate `data`, sign it once (base proof) and derive each access group's view (pure but for the clock).

    `status` holds the `credentialStatus` entries (revocation, suspension) the lifecycle allocated for it.
    """
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    issuer: str | dict[str, Any] = {"id": signer.controller, "name": issuer_name} if issuer_name else signer.controller
    identifier, full = build_credential(data, issuer=issuer, base_url=base_url, now=now, status=status,
                                        related_resource=related_resource)
    signed = levels.sign_passport(full, signer, created=format_date_time_stamp(now))
    views = {level.value: serialize(levels.disclose(signed, level)) for level in AccessGroup}
    return SignedPassport(identifier=identifier, url=identifier.url(base_url), credential=serialize(signed),
                          views=views)


def store(session: Session, signed: SignedPassport, *, organisation_id: int | None = None,
          now: datetime | None = None) -> IssuedPassport:
    """Store a signed passport as the next version of its identifier."""
    stored = add_version(session, signed.identifier, signed.credential, signed.views,
                         organisation_id=organisation_id, now=now)
    return IssuedPassport(identifier=signed.identifier, url=signed.url, stored=stored)
