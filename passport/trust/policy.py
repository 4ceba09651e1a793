"""One verification policy, store-aware: DID documents and status lists from the store when this service holds
them, from the files the caller supplies otherwise, and from the network only when the caller opts in.

    resolver_for(sources)        vm id -> verification method: supplied DID documents, did:key offline, then
                                 the store's did:web documents (its issuers' keys, active and retired)
    status_checker_for(sources)  Bitstring Status List checks: supplied lists, this service's own lists from
                                 the store, then (opt-in) HTTPS; each list's own signature verified with the
                                 same resolver (a did:web issuer signs its lists with its did:web keys)
    verify_credential(...)       `passport.verify` with both, plus the digest bindings the store can check

Nothing here decides by a reason's wording: `VerificationResult.outcome` and the checks' codes carry the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from passport.credentials.result import Check, VerificationResult
from passport.credentials.status_list import BitstringStatusChecker
from passport.credentials.verify import list_verifier, verify
from passport.dids import resolve_verification_method
from passport.dids.document import DidResolutionError, VerificationMethod
from passport.errors import StoreError
from passport.lifecycle.checking import store_list_source
from passport.lifecycle.signers import signer_for_issuer
from passport.sdjwt import verify_sd_jwt
from passport.trust.bindings import DIGEST_BINDINGS, digest_bindings_check
from passport.trust.fetch import fetch_status_list

EngineSource = Engine | Callable[[], Engine]


@dataclass(frozen=True)
class TrustSources:
    """Where verification looks things up. The store (`engine`, a factory for commands that open it lazily)
    answers for this service's issuers and lists under `base_url`; `did_documents` and `status_lists` are what
    the caller was handed; `fetch_status` lets status lists be fetched over HTTPS."""

    engine: EngineSource | None = None
    base_url: str | None = None
    signer_for: Callable[[str], Any] | None = None
    """DID -> the issuer's signer, to sign one of our lists that was never signed yet (see `published_list`)."""
    did_documents: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    status_lists: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    loader: Any = None
    fetch_status: bool = False

    @classmethod
    def for_service(cls, engine: EngineSource, settings: Any, **extra: Any) -> TrustSources:
        """The sources of a running service (or a CLI with a store): its store, base URL and issuer keys."""
        def signer_for(did: str) -> Any:
            return signer_for_issuer(_engine(engine), settings)(did)

        return cls(engine=engine, base_url=settings.base_url, signer_for=signer_for, **extra)


def _engine(source: EngineSource) -> Engine:
    return source() if callable(source) and not isinstance(source, Engine) else source  # type: ignore[return-value]


def resolver_for(sources: TrustSources) -> Callable[[str], VerificationMethod]:
    """vm id -> method: the supplied DID documents, did:key from the identifier, then did:web from the store."""
    documents = dict(sources.did_documents)

    def resolve(vm_id: str) -> VerificationMethod:
        did = vm_id.partition("#")[0] if isinstance(vm_id, str) else ""
        if sources.engine is None or did in documents or not did.startswith("did:web:"):
            return resolve_verification_method(vm_id, cache=documents)
        try:
            return resolve_verification_method(vm_id, cache=documents, store=_engine(sources.engine))
        except SQLAlchemyError as exc:  # no store (a fresh machine) is "not found", not a crash
            raise DidResolutionError("did:web is resolved only from supplied DID documents or this service's "
                                     "store, and the store could not be read", code="DID_NOT_FOUND",
                                     details={"did": did}) from exc

    return resolve


def _store_lists(sources: TrustSources) -> Callable[[str], Mapping[str, Any] | None]:
    if sources.engine is None or sources.base_url is None or sources.signer_for is None:
        return lambda url: None
    source = store_list_source(lambda: _engine(sources.engine), sources.base_url, sources.signer_for)  # type: ignore[arg-type]

    def lookup(url: str) -> Mapping[str, Any] | None:
        # A store that cannot be read (a verifier's own empty data dir, a database that is down) holds no list
        # we can use: the status is then "not checked" (incomplete), never a failed or a passed check.
        try:
            return source(url)
        except (SQLAlchemyError, StoreError):
            return None

    return lookup


def status_checker_for(sources: TrustSources, resolver: Callable[[str], VerificationMethod] | None = None
                       ) -> BitstringStatusChecker:
    """The status checker of this policy: supplied lists, then ours from the store, then (opt-in) fetched ones;
    each list verified with the policy's resolver and loader before its bits are believed."""
    supplied = dict(sources.status_lists)
    ours = _store_lists(sources)
    resolve = resolver or resolver_for(sources)

    def lookup(url: str) -> Mapping[str, Any] | None:
        found = supplied.get(url) or ours(url)
        if found is None and sources.fetch_status:
            found = fetch_status_list(url)
        return found

    return BitstringStatusChecker(lists=lookup, verify_list=list_verifier(resolver=resolve, loader=sources.loader))


def verify_credential(credential: Any, sources: TrustSources, *, now: datetime | None = None,
                      audience: str | None = None, nonce: str | None = None) -> VerificationResult:
    """Verify `credential` (Data Integrity, vc+jwt, or an SD-JWT VC `<jws>~<disclosures>~[kb-jwt]`, whose Key
    Binding JWT `audience`/`nonce` require) under the one policy: signature and issuer (DIDs from `sources`),
    validity, contexts, status (lists from `sources`) and, with a store, the `relatedResource` digests it holds.
    Never raises."""
    resolver = resolver_for(sources)
    checker = status_checker_for(sources, resolver)
    if isinstance(credential, str) and "~" in credential:
        return verify_sd_jwt(credential, resolver=resolver, now=now, status_checker=checker, audience=audience,
                             nonce=nonce).result
    result = verify(credential, loader=sources.loader, resolver=resolver, now=now, status_checker=checker)
    if sources.engine is None:
        return result
    try:
        binding = digest_bindings_check(credential, _engine(sources.engine))
    except SQLAlchemyError:  # a verifier returns, it does not raise
        binding = Check(name=DIGEST_BINDINGS, passed=None, reason="the bound digests could not be looked up")
    if binding is None:
        return result
    checks = [*result.checks, binding]
    return VerificationResult(verified=result.verified and binding.passed is not False, checks=checks,
                              proofs=result.proofs, format=result.format)
