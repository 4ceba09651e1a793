"""DIDs: did:key resolved offline, did:web documents for our issuers resolved from a cache or the store.

Nothing in this package fetches a URL. Errors are `DidResolutionError` (a NotFoundError) with a precise code.
"""

from passport.dids.did_key import did_key, did_key_document
from passport.dids.did_web import did_web_document, did_web_from_url, did_web_url
from passport.dids.document import (
    RELATIONSHIPS,
    DidResolutionError,
    VerificationMethod,
    build_document,
    parse_did,
)
from passport.dids.resolver import resolve_did, resolve_verification_method

__all__ = sorted([
    "DidResolutionError",
    "RELATIONSHIPS",
    "VerificationMethod",
    "build_document",
    "did_key",
    "did_key_document",
    "did_web_document",
    "did_web_from_url",
    "did_web_url",
    "parse_did",
    "resolve_did",
    "resolve_verification_method",
])
