"""This service as a verifier: the one policy (`passport.trust.verify_credential`) with its store and settings.

The store answers what a remote verifier would need the network for: the did:web documents of our issuers,
the status lists we publish (entries under `PASSPORT_BASE_URL`) and the upstream contributions a passport's
`relatedResource` digests bind. Nothing here fetches a URL; a verifier returns, it never raises.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from passport.credentials.result import VerificationResult
from passport.settings import Settings
from passport.trust import TrustSources, verify_credential


def service_sources(engine: Engine, settings: Settings) -> TrustSources:
    """This service's trust sources: its store, base URL and issuer keys (to sign a list never signed yet)."""
    return TrustSources.for_service(engine, settings)


def verify_presented(credential: Any, engine: Engine, settings: Settings) -> VerificationResult:
    """`POST /verify` and the `/verify` page: every check under this service's sources."""
    return verify_credential(credential, service_sources(engine, settings))
