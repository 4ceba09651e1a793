"""Resolve DIDs and verification methods offline: did:key from the identifier, did:web from a cache or the store.

Spec: DID Core v1.0 §7.1 (resolution), Controlled Identifiers v1.0 §3.3 (retrieve verification method).
Nothing here opens a network connection; a did:web that is not in the given cache or store is DID_NOT_FOUND.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from passport.dids.did_key import did_key_document
from passport.dids.document import RELATIONSHIPS, DidResolutionError, VerificationMethod, parse_did
from passport.dids.store import StoreDidDocuments
from passport.errors import KeyMaterialError
from passport.keys import multikey

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

DidCache = Mapping[str, Mapping[str, Any]]
SUPPORTED_METHODS = ("key", "web")


def resolve_did(did: str, *, cache: DidCache | None = None, store: Engine | None = None) -> dict[str, Any]:
    """The DID document of `did` (a copy): from `cache`, then the store's issuer keys, then did:key offline."""
    method, _ = parse_did(did)
    if method not in SUPPORTED_METHODS:
        raise DidResolutionError(f"DID method {method!r} is not supported (did:key, did:web)",
                                 code="METHOD_NOT_SUPPORTED", details={"did": did, "method": method})
    sources: list[DidCache] = [cache] if cache is not None else []
    if store is not None:
        sources.append(StoreDidDocuments(store))
    for source in sources:
        document = source.get(did)
        if document is not None:
            return _checked(did, document)
    if method == "key":
        return did_key_document(did)
    raise DidResolutionError("did:web is resolved only from the local cache or the store, and this DID is in "
                             "neither", code="DID_NOT_FOUND", details={"did": did})


def _checked(did: str, document: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(document, Mapping) or document.get("id") != did:
        raise DidResolutionError("the cached DID document is not the document of this DID",
                                 code="INVALID_DID_DOCUMENT", details={"did": did})
    return copy.deepcopy(dict(document))


def _absolute(reference: Any, did: str) -> Any:
    return did + reference if isinstance(reference, str) and reference.startswith("#") else reference


def _relationships(document: Mapping[str, Any], did: str, vm_id: str) -> frozenset[str]:
    found = set()
    for relationship in RELATIONSHIPS:
        entries = document.get(relationship) or []
        for entry in entries if isinstance(entries, list) else [entries]:
            reference = entry.get("id") if isinstance(entry, Mapping) else entry
            if _absolute(reference, did) == vm_id:
                found.add(relationship)
    return frozenset(found)


def _find(document: Mapping[str, Any], did: str, vm_id: str) -> Mapping[str, Any] | None:
    candidates: list[Any] = list(document.get("verificationMethod") or [])
    for relationship in RELATIONSHIPS:  # methods may also be embedded in a relationship
        entries = document.get(relationship) or []
        candidates.extend(e for e in (entries if isinstance(entries, list) else [entries]) if isinstance(e, Mapping))
    return next((m for m in candidates if isinstance(m, Mapping) and _absolute(m.get("id"), did) == vm_id), None)


def resolve_verification_method(vm_id: str, *, cache: DidCache | None = None,
                                store: Engine | None = None) -> VerificationMethod:
    """The Multikey method `vm_id` (did…#fragment) as listed in its DID's document, with its relationships.

    A verifier checks the proof purpose with `method.authorises("assertionMethod")`.
    """
    did, hash_, fragment = vm_id.partition("#") if isinstance(vm_id, str) else ("", "", "")
    if not hash_ or not fragment:
        raise DidResolutionError("a verification method id is a DID URL with a fragment (did:…#…)",
                                 code="INVALID_DID_URL", details={"verificationMethod": str(vm_id)})
    document = resolve_did(did, cache=cache, store=store)
    method = _find(document, did, vm_id)
    if method is None:
        raise DidResolutionError("the DID document does not list this verification method",
                                 code="VERIFICATION_METHOD_NOT_FOUND", details={"verificationMethod": vm_id})
    controller, key, kind = method.get("controller"), method.get("publicKeyMultibase"), method.get("type")
    if kind != "Multikey" or not isinstance(controller, str) or not isinstance(key, str):
        raise DidResolutionError("the verification method is not a Multikey with a controller and publicKeyMultibase",
                                 code="INVALID_VERIFICATION_METHOD",
                                 details={"verificationMethod": vm_id, "type": str(kind)})
    if controller != did:
        raise DidResolutionError("the verification method's controller is not the DID that lists it",
                                 code="INVALID_VERIFICATION_METHOD",
                                 details={"verificationMethod": vm_id, "controller": controller})
    try:
        multikey.decode_public_key(key)
    except KeyMaterialError as exc:
        raise DidResolutionError(f"the verification method's public key is unusable ({exc.code})",
                                 code="INVALID_PUBLIC_KEY", details={"verificationMethod": vm_id,
                                                                     "reason": exc.code}) from exc
    return VerificationMethod(id=vm_id, type="Multikey", controller=controller, public_key_multibase=key,
                              relationships=_relationships(document, did, vm_id))
