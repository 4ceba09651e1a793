"""Issue a passport: validate the maker's data, sign the full credential and one credential per access group, store.

Until selective disclosure replaces them, each access group's view is its own credential: the model's
projection (`passport.model.project`) for that group, signed by the same issuer key. So every response a reader
gets is a credential that verifies on its own and carries nothing above the reader's level.
The full credential (every field) is stored too, byte for byte, for the issuer and audits.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session

from passport.errors import InputError
from passport.identifiers import PassportId, parse_identifier
from passport.keys import Signer
from passport.model import AccessGroup, Passport, PassportCreate, parse_passport, project, to_credential
from passport.model.credential import SUBJECT_TYPE
from passport.registry.repository import StoredVersion, add_version

SUITE = "eddsa-rdfc-2022"
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


def _signed(credential: dict[str, Any], signer: Signer, now: datetime) -> str:
    from passport import sign

    return serialize(sign(credential, signer, suite=SUITE, created=now))


def view_credential(passport: Passport, level: AccessGroup, envelope: dict[str, Any]) -> dict[str, Any]:
    """The unsigned credential a reader at `level` receives: the envelope around the projection."""
    subject = project(passport, level)
    return {**envelope, "id": f"urn:uuid:{uuid.uuid4()}",
            "credentialSubject": {"id": subject.pop("id"), "type": SUBJECT_TYPE, **subject}}


@dataclass(frozen=True, slots=True)
class SignedPassport:
    """The credentials of one version, signed and serialised, before storage."""

    identifier: PassportId
    url: str
    credential: str
    views: dict[str, str]


def sign_passport(data: Any, *, signer: Signer, base_url: str, issuer_name: str | None = None,
                  now: datetime | None = None, credential_status: list[dict[str, Any]] | None = None
                  ) -> SignedPassport:
    """Validate `data` and sign the full credential and one view per access group (pure but for the clock).

    `credential_status` (from `passport.lifecycle.allocate_status_entries`) goes into every credential."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    identifier, passport = prepare(data, base_url)
    issuer: str | dict[str, Any] = {"id": signer.controller, "name": issuer_name} if issuer_name else signer.controller
    full = to_credential(passport, issuer=issuer, id=f"urn:uuid:{uuid.uuid4()}", valid_from=now)
    if credential_status:
        full["credentialStatus"] = credential_status
    envelope = {k: v for k, v in full.items() if k not in ("id", "credentialSubject")}
    views = {level.value: _signed(view_credential(passport, level, envelope), signer, now) for level in AccessGroup}
    return SignedPassport(identifier=identifier, url=identifier.url(base_url), credential=_signed(full, signer, now),
                          views=views)


def store(session: Session, signed: SignedPassport, *, organisation_id: int | None = None,
          now: datetime | None = None) -> IssuedPassport:
    """Store a signed passport as the next version of its identifier."""
    stored = add_version(session, signed.identifier, signed.credential, signed.views,
                         organisation_id=organisation_id, now=now)
    return IssuedPassport(identifier=signed.identifier, url=signed.url, stored=stored)


def issue(
    session: Session,
    data: Any,
    *,
    signer: Signer,
    base_url: str,
    issuer_name: str | None = None,
    organisation_id: int | None = None,
    now: datetime | None = None,
) -> IssuedPassport:
    """Validate, sign (full credential + one view per access group) and store the next version."""
    signed = sign_passport(data, signer=signer, base_url=base_url, issuer_name=issuer_name, now=now)
    return store(session, signed, organisation_id=organisation_id, now=now)
