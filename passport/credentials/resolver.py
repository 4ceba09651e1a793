"""From a proof's `verificationMethod` to a public key, its controller, and the purposes it is authorised for.

Spec: Controlled Identifiers 1.0 §3.3 (Retrieve Verification Method) and §2.3 (verification relationships).
DID resolution itself belongs to `passport.dids` (did:key offline, did:web from a local cache, never the
network); a verifier may inject any other `resolver` (a function DID -> DID document), e.g. a test's
did:example documents or the store's did:web cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from passport.errors import InputError, NotFoundError, PassportError
from passport.keys import multikey
from passport.keys.multikey import PublicKey

DidResolver = Callable[[str], Mapping[str, Any]]
"""DID -> DID document (a JSON object), offline. Raise a PassportError when the DID is unknown."""

RELATIONSHIPS = ("authentication", "assertionMethod", "keyAgreement", "capabilityInvocation", "capabilityDelegation")


@dataclass(frozen=True)
class ResolvedMethod:
    """A verification method ready to check signatures with, and what its controller authorised it for."""

    id: str
    type: str
    controller: str
    public_key_multibase: str
    public_key: PublicKey
    algorithm: str
    purposes: frozenset[str]


def default_resolver(did: str) -> Mapping[str, Any]:
    """`passport.dids.resolve_did`: did:key offline, did:web from the local cache only."""
    from passport.dids import resolve_did

    return resolve_did(did)


def _absolute(reference: Any, base: str) -> Any:
    return base + reference if isinstance(reference, str) and reference.startswith("#") else reference


def _find_method(document: Mapping[str, Any], vm_id: str) -> Mapping[str, Any] | None:
    base = str(document.get("id", ""))
    candidates: list[Any] = list(document.get("verificationMethod") or [])
    for relationship in RELATIONSHIPS:
        candidates.extend(m for m in document.get(relationship) or [] if isinstance(m, dict))
    for method in candidates:
        if isinstance(method, dict) and _absolute(method.get("id"), base) == vm_id:
            return method
    return None


def purposes_of(document: Mapping[str, Any], vm_id: str) -> frozenset[str]:
    """The verification relationships of `document` that list `vm_id` (by reference or embedded)."""
    base = str(document.get("id", ""))
    found = set()
    for relationship in RELATIONSHIPS:
        entries = document.get(relationship) or []
        for entry in entries if isinstance(entries, list) else [entries]:
            ref = entry.get("id") if isinstance(entry, dict) else entry
            if _absolute(ref, base) == vm_id:
                found.add(relationship)
    return frozenset(found)


def resolve_method(vm_id: str, resolver: DidResolver | None = None) -> ResolvedMethod:
    """Dereference `vm_id` (a DID URL) to a Multikey method. Raises NotFoundError or InputError with a reason."""
    resolve = resolver or default_resolver
    did = vm_id.split("#", 1)[0]
    if not did.startswith("did:"):
        raise InputError("verificationMethod is not a DID URL", code="INVALID_VERIFICATION_METHOD",
                         details={"verificationMethod": vm_id})
    document = resolve(did)
    method = _find_method(document, vm_id)
    if method is None:
        raise NotFoundError("the DID document has no such verification method", code="INVALID_VERIFICATION_METHOD",
                            details={"verificationMethod": vm_id})
    controller = method.get("controller")
    key = method.get("publicKeyMultibase")
    if not isinstance(controller, str) or not isinstance(key, str):
        raise InputError("the verification method has no controller or no publicKeyMultibase",
                         code="INVALID_VERIFICATION_METHOD", details={"verificationMethod": vm_id})
    if method.get("type") != "Multikey":
        raise InputError(f"verification method type {method.get('type')!r} is not Multikey",
                         code="INVALID_VERIFICATION_METHOD", details={"verificationMethod": vm_id})
    public_key = multikey.decode_public_key(key)
    controller_document = document if controller == document.get("id") else resolve(controller)
    return ResolvedMethod(
        id=vm_id,
        type="Multikey",
        controller=controller,
        public_key_multibase=key,
        public_key=public_key,
        algorithm=multikey.codec_for(public_key).algorithm,
        purposes=purposes_of(controller_document, vm_id),
    )


def try_resolve(vm_id: str, resolver: DidResolver | None) -> tuple[ResolvedMethod | None, str]:
    """`resolve_method` for verifiers: (method, "") or (None, the reason in words). Never raises."""
    try:
        return resolve_method(vm_id, resolver), ""
    except PassportError as exc:
        return None, f"{exc.message} ({exc.code})"
    except Exception as exc:  # an injected resolver's own failure must not escape a verifier
        return None, f"the resolver failed: {type(exc).__name__}"
