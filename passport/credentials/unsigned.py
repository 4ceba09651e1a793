"""The unsigned VC 2.0 envelope around a claim, shared by every credential type this library issues."""

from __future__ import annotations

from typing import Any

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def unsigned_credential(context: str, credential_type: str, subject_type: str, subject: dict[str, Any], *,
                        issuer: str, valid_from: str, credential_id: str | None = None) -> dict[str, Any]:
    """A credential of `credential_type` in VC 2.0 + `context`, ready for `passport.sign`."""
    credential: dict[str, Any] = {
        "@context": [VC_CONTEXT, context],
        "type": ["VerifiableCredential", credential_type],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {"type": subject_type, **subject},
    }
    if credential_id:
        credential["id"] = credential_id
    return credential
