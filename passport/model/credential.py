"""The passport as a W3C Verifiable Credential 2.0 (unsigned): `to_credential` and `from_credential`.

Shape: `@context` is the VC 2.0 context then ours; `type` is [VerifiableCredential, BatteryPassportCredential];
`credentialSubject` is the passport in its JSON form with `type: BatteryPassport`, its `id` being the passport's
web link. Quantities are strings typed `xsd:decimal` by our context (see `passport.model.types`), so the signed
RDF literal is the issuer's text, byte for byte, in every JSON-LD processor.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from passport.errors import InputError
from passport.model.context import CONTEXT_URL
from passport.model.passport import Passport
from passport.model.validation import parse_passport

VC2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2"
CREDENTIAL_CONTEXT = (VC2_CONTEXT_URL, CONTEXT_URL)
CREDENTIAL_TYPE = "BatteryPassportCredential"
SUBJECT_TYPE = "BatteryPassport"


def format_datetime(moment: datetime) -> str:
    """An XML Schema dateTimeStamp in UTC with second precision (`2026-11-25T14:00:00Z`)."""
    if moment.tzinfo is None:
        raise InputError("timestamps need a time zone", code="INVALID_INPUT", details={"field": "validFrom"})
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_credential(passport: Passport, *, issuer: str | dict[str, Any], id: str, valid_from: datetime,
                  valid_until: datetime | None = None) -> dict[str, Any]:
    """The unsigned credential for `passport`; sign it with `passport.sign`."""
    subject = passport.model_dump(mode="json", by_alias=True, exclude_none=True)
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": id,
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = {"id": subject.pop("id"), "type": SUBJECT_TYPE, **subject}
    return credential


def _shape_error(message: str, pointer: str) -> InputError:
    return InputError(message, code="INVALID_CREDENTIAL", details={"pointer": pointer})


def from_credential(credential: dict[str, Any]) -> Passport:
    """The passport inside a BatteryPassportCredential (signed or not; proofs are checked by `passport.verify`).

    Raises `InputError` with code `INVALID_CREDENTIAL` for a wrong envelope and `INVALID_PASSPORT` (pointers
    under `/credentialSubject`) for a subject that is not a valid passport.
    """
    if not isinstance(credential, dict):
        raise _shape_error("a credential is a JSON object", "")
    context = credential.get("@context")
    if not isinstance(context, list) or tuple(context[:2]) != CREDENTIAL_CONTEXT:
        raise _shape_error(f"@context must start with {VC2_CONTEXT_URL} and {CONTEXT_URL}", "/@context")
    types = credential.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types or CREDENTIAL_TYPE not in types:
        raise _shape_error(f"type must include VerifiableCredential and {CREDENTIAL_TYPE}", "/type")
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        raise _shape_error("credentialSubject must be one object", "/credentialSubject")
    if subject.get("type") not in (SUBJECT_TYPE, [SUBJECT_TYPE]):
        raise _shape_error(f"credentialSubject.type must be {SUBJECT_TYPE}", "/credentialSubject/type")
    body = {key: value for key, value in subject.items() if key != "type"}
    return parse_passport(body, pointer_prefix="/credentialSubject")
