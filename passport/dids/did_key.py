"""did:key: the DID is the public key, so its document is computed offline from the identifier alone.

Spec: The did:key Method v0.9 §3.1 (Create), §3.1.2 (document creation with Multikey). Supported keys:
Ed25519, P-256 and P-384 (see `passport.keys.multikey`); X25519 key-agreement derivation is not offered.
"""

from __future__ import annotations

from typing import Any

from passport.dids.document import DidResolutionError, VerificationMethod, build_document, parse_did
from passport.errors import KeyMaterialError
from passport.keys import multikey

# did:key spec §3.1.2 error names, from our Multikey error codes.
_KEY_ERRORS = {
    "UNSUPPORTED_MULTICODEC": "INVALID_PUBLIC_KEY_TYPE",
    "INVALID_KEY_LENGTH": "INVALID_PUBLIC_KEY_LENGTH",
    "INVALID_KEY": "INVALID_PUBLIC_KEY",
}
SIGNING_RELATIONSHIPS = frozenset({"authentication", "assertionMethod", "capabilityInvocation",
                                   "capabilityDelegation"})


def did_key(public_key_multibase: str) -> str:
    """The did:key of a Multikey public key (validated first)."""
    multikey.decode_public_key(public_key_multibase)
    return f"did:key:{public_key_multibase}"


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of a did:key: one Multikey method, in every signing relationship."""
    method, fingerprint = parse_did(did)
    if method != "key" or not fingerprint.startswith("z") or ":" in fingerprint:
        raise DidResolutionError("not a did:key (did:key:z<multibase Multikey>)", code="INVALID_DID",
                                 details={"did": did})
    try:
        multikey.decode_public_key(fingerprint)
    except KeyMaterialError as exc:
        raise DidResolutionError(f"did:key does not hold a supported public key ({exc.code})",
                                 code=_KEY_ERRORS.get(exc.code, "INVALID_DID"),
                                 details={"did": did, "reason": exc.code}) from exc
    vm = VerificationMethod(id=f"{did}#{fingerprint}", type="Multikey", controller=did,
                            public_key_multibase=fingerprint, relationships=SIGNING_RELATIONSHIPS)
    return build_document(did, [vm])
