"""Custody events as Verifiable Credentials: the UNTP Digital Traceability Event shape (VC 2.0) that each actor
signs with its own key, and the way back from a received credential to our events.

Spec: UNTP DTE (working version): `@context` is the VC 2.0 context, then the UNTP DTE context, then ours (the
`bp:` extensions only); `issuer` is a `CredentialIssuer` object with `id` (the signer's DID) and `name`.
Credentials under our earlier custody context (`custody/v1`, issuer as a string) are still accepted.

A credential may carry several events (UNTP allows it); they are applied in the order given, all or none.
Subjects may be UNTP DTE events (`"type": ["ObjectEvent", "Event"]`) or plain EPCIS 2.0 events.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from pydantic import ValidationError

from passport.custody.events import parse_event
from passport.custody.untp import DTE_CONTEXT, _invalid, from_untp_event, to_untp_event
from passport.errors import InputError

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
#: Our extensions to UNTP DTE (`bp:` terms only), after the UNTP context.
CUSTODY_CONTEXT = "https://w3id.org/battery-passport/custody/v2"
#: The custody context before UNTP conformance (EPCIS and UNTP terms mapped into `bp:`); read, never written.
CUSTODY_CONTEXT_V1 = "https://w3id.org/battery-passport/custody/v1"
CREDENTIAL_TYPE = "DigitalTraceabilityEvent"
MEDIA_TYPE = "application/vc+ld+json"


def event_credential(events: Iterable[object], *, issuer: str, issuer_name: str | None = None,
                     credential_id: str | None = None, valid_from: datetime | None = None) -> dict[str, Any]:
    """An unsigned UNTP DTE credential carrying `events`, ready for `passport.sign`.

    `issuer` is the signer's DID; `issuer_name` its name (UNTP requires one; the DID stands in when not given).
    """
    return {
        "@context": [VC_CONTEXT, DTE_CONTEXT, CUSTODY_CONTEXT],
        "id": credential_id or f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": {"type": ["CredentialIssuer"], "id": issuer, "name": issuer_name or issuer},
        "validFrom": (valid_from or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": [to_untp_event(e) for e in events],
    }


def events_from_credential(credential: dict[str, Any]) -> list[Any]:
    """The events a DTE credential carries; raises InputError naming the JSON pointer of a bad one."""
    types = credential.get("type", [])
    if CREDENTIAL_TYPE not in (types if isinstance(types, list) else [types]):
        raise InputError(f"not a {CREDENTIAL_TYPE} credential", code="INVALID_EVENT", details={"pointer": "/type"})
    subjects = credential.get("credentialSubject")
    subjects = subjects if isinstance(subjects, list) else [subjects]
    events = []
    for i, subject in enumerate(subjects):
        pointer = f"/credentialSubject/{i}"
        if not isinstance(subject, dict):
            raise InputError("an event must be a JSON object", code="INVALID_EVENT", details={"pointer": pointer})
        if isinstance(subject.get("type"), list):
            events.append(from_untp_event(subject, pointer=pointer))
            continue
        try:
            events.append(parse_event(subject))
        except ValidationError as exc:
            raise _invalid(exc, pointer) from exc
    if not events:
        raise InputError("the credential carries no event", code="INVALID_EVENT",
                         details={"pointer": "/credentialSubject"})
    return events
