"""From a proof's `verificationMethod` to a public key, its controller, and the purposes it is authorised for.

Spec: Controlled Identifiers 1.0 §3.3 (Retrieve Verification Method) and §2.3 (verification relationships).
Resolution itself is `passport.dids.resolve_verification_method` (did:key offline, did:web from a local cache
or the store, never the network). A verifier injects another source as `resolver`:

    None                           did:key only (offline)
    a mapping {DID: DID document}  a local did:web cache (e.g. documents a regulator was handed)
    a callable vm_id -> method     anything else, e.g. partial(resolve_verification_method, store=engine)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Union

from passport.dids import resolve_verification_method
from passport.errors import PassportError
from passport.keys.multikey import PublicKey

Resolver = Union[Callable[[str], Any], Mapping[str, Mapping[str, Any]]]
"""How verification methods are found: see the module docstring."""


@dataclass(frozen=True)
class ResolvedMethod:
    """A verification method ready to check signatures with, and what its controller authorised it for."""

    id: str
    controller: str
    public_key: PublicKey
    algorithm: str
    purposes: frozenset[str]


def _lookup(resolver: Resolver | None) -> Callable[[str], Any]:
    if resolver is None:
        return resolve_verification_method
    if isinstance(resolver, Mapping):
        return lambda vm_id: resolve_verification_method(vm_id, cache=resolver)
    return resolver


def resolve_method(vm_id: str, resolver: Resolver | None = None) -> ResolvedMethod:
    """Dereference `vm_id` (a DID URL) to a Multikey method. Raises a PassportError with the reason."""
    method = _lookup(resolver)(vm_id)
    return ResolvedMethod(id=method.id, controller=method.controller, public_key=method.public_key,
                          algorithm=method.algorithm, purposes=frozenset(method.relationships))


def try_resolve(vm_id: str, resolver: Resolver | None) -> tuple[ResolvedMethod | None, str]:
    """`resolve_method` for verifiers: (method, "") or (None, the reason in words). Never raises."""
    try:
        return resolve_method(vm_id, resolver), ""
    except PassportError as exc:
        return None, f"{exc.message} ({exc.code})"
    except Exception as exc:  # an injected resolver's own failure must not escape a verifier
        return None, f"the resolver failed: {type(exc).__name__}"
