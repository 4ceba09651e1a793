"""DID documents in the Multikey shape, DID syntax, and the resolution errors.

Spec: DID Core v1.0 §3.1 (syntax), §5 (verification methods and relationships); Controlled Identifiers v1.0 §2.2.2.

    NotFoundError
    └── DidResolutionError   codes: INVALID_DID, METHOD_NOT_SUPPORTED, DID_NOT_FOUND, INVALID_DID_DOCUMENT,
                             INVALID_DID_URL, VERIFICATION_METHOD_NOT_FOUND, INVALID_VERIFICATION_METHOD,
                             INVALID_PUBLIC_KEY_TYPE, INVALID_PUBLIC_KEY_LENGTH, INVALID_PUBLIC_KEY

Every resolution failure is a NotFoundError, so a verifier can treat "cannot get this key" as one case and
still report the precise code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from passport.errors import NotFoundError
from passport.keys import multikey
from passport.keys.multikey import PublicKey

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
RELATIONSHIPS: tuple[str, ...] = (
    "authentication", "assertionMethod", "capabilityDelegation", "capabilityInvocation", "keyAgreement",
)
_IDCHAR = r"(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})"
_DID = re.compile(rf"did:([a-z0-9]+):((?:{_IDCHAR}|:)*{_IDCHAR})")


class DidResolutionError(NotFoundError):
    """A DID or DID URL that cannot be resolved offline to a usable verification method."""

    code = "DID_RESOLUTION_FAILED"


def parse_did(did: str) -> tuple[str, str]:
    """(method, method-specific id) of a bare DID; INVALID_DID for anything else (DID URLs included)."""
    match = _DID.fullmatch(did) if isinstance(did, str) else None
    if match is None:
        raise DidResolutionError("not a DID (did:<method>:<id>, no path, query or fragment)", code="INVALID_DID",
                                 details={"did": did if isinstance(did, str) else repr(did)})
    return match.group(1), match.group(2)


@dataclass(frozen=True)
class VerificationMethod:
    """A Multikey verification method as listed in its controller's DID document, with its relationships."""

    id: str
    type: str
    controller: str
    public_key_multibase: str
    relationships: frozenset[str] = frozenset()

    @property
    def public_key(self) -> PublicKey:
        return multikey.decode_public_key(self.public_key_multibase)

    @property
    def algorithm(self) -> str:
        return multikey.public_key_algorithm(self.public_key_multibase)

    def authorises(self, proof_purpose: str) -> bool:
        """Whether the DID document lists this method under `proof_purpose` (e.g. "assertionMethod")."""
        return proof_purpose in self.relationships

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "controller": self.controller,
                "publicKeyMultibase": self.public_key_multibase}


def build_document(did: str, methods: Iterable[VerificationMethod]) -> dict[str, Any]:
    """A DID document listing `methods` and, per relationship, the ids of the methods that have it."""
    methods = list(methods)
    document: dict[str, Any] = {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [m.to_json() for m in methods],
    }
    for relationship in RELATIONSHIPS:
        ids = [m.id for m in methods if relationship in m.relationships]
        if ids:
            document[relationship] = ids
    return document
