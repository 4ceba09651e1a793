"""The documents of a status list: the list credential the issuer publishes and the entry in each passport.

Spec: Bitstring Status List v1.0 §2.1 (BitstringStatusListEntry), §2.2 (BitstringStatusListCredential).
"""

from __future__ import annotations

from typing import Any, Literal

from passport.status.bitstring import Bitstring

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
StatusPurpose = Literal["revocation", "suspension"]


def status_entry(list_credential: str, index: int, purpose: StatusPurpose) -> dict[str, Any]:
    """The `credentialStatus` entry pointing at one bit of a list (index as a string, as the spec requires)."""
    return {
        "id": f"{list_credential}#{purpose}-{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_credential,
    }


def status_list_credential(list_credential: str, issuer: str, purpose: StatusPurpose, bits: Bitstring, *,
                           valid_from: str, valid_until: str | None = None, ttl_ms: int | None = None) -> dict[str, Any]:
    """The unsigned `BitstringStatusListCredential` for `bits`; the caller signs it like any credential."""
    subject: dict[str, Any] = {
        "id": f"{list_credential}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": bits.encode(),
    }
    if ttl_ms is not None:
        subject["ttl"] = ttl_ms
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V2],
        "id": list_credential,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": subject,
    }
    if valid_until is not None:
        credential["validUntil"] = valid_until
    return credential
