"""did:web: the DID of an issuer's web origin, and the document it publishes listing its keys.

Spec: did:web Method Specification §3.1 (the DID from a URL: host, `%3A` before a port, `:` between path
segments) and §3.2 (the URL of the document: `/.well-known/did.json` or `<path>/did.json`, always https).
We publish documents; we never fetch one: resolution reads a local cache or the store (`passport.dids.resolver`).
Active keys are listed under every signing relationship; retired keys stay under `assertionMethod` only, so
credentials they signed keep verifying while they can no longer authenticate or delegate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol
from urllib.parse import quote, unquote, urlsplit

from passport.dids.document import DidResolutionError, VerificationMethod, build_document, parse_did
from passport.errors import InputError

ACTIVE_RELATIONSHIPS = frozenset({"authentication", "assertionMethod", "capabilityInvocation",
                                  "capabilityDelegation"})
RETIRED_RELATIONSHIPS = frozenset({"assertionMethod"})
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?")


class PublishedKey(Protocol):
    """What a did:web document needs of a key (e.g. `passport.keys.tables.IssuerKeyPublic`)."""

    verification_method: str
    public_key_multibase: str
    status: str


def _segment(text: str) -> str:
    return quote(text, safe="").replace("~", "%7E")


def did_web_from_url(url: str) -> str:
    """The did:web for an origin or a path below it: https://example.com:8443/orgs/a -> did:web:example.com%3A8443:orgs:a."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise InputError("a did:web needs an http(s) URL with a host and no query or fragment",
                         code="INVALID_DID_WEB_URL", details={"url": url})
    try:
        host = parts.hostname.encode("idna").decode("ascii").lower()
    except UnicodeError as exc:
        raise InputError("the URL's host is not a valid domain name", code="INVALID_DID_WEB_URL",
                         details={"url": url}) from exc
    if parts.port is not None:
        host += f"%3A{parts.port}"
    segments = [s for s in parts.path.split("/") if s]
    if segments[-2:] == [".well-known", "did.json"]:
        segments = segments[:-2]
    elif segments[-1:] == ["did.json"]:
        segments = segments[:-1]
    if any(s in {".", ".."} for s in segments):
        raise InputError("a did:web path cannot contain . or ..", code="INVALID_DID_WEB_URL", details={"url": url})
    return ":".join(["did:web", host, *(_segment(unquote(s)) for s in segments)])


def did_web_url(did: str) -> str:
    """Where the document of a did:web is published (https; the path's `did.json` or `/.well-known/did.json`)."""
    method, specific = parse_did(did)
    if method != "web":
        raise DidResolutionError("not a did:web", code="INVALID_DID", details={"did": did})
    host, *path = specific.split(":")
    host = unquote(host)
    decoded = [unquote(s) for s in path]
    if not _HOST.fullmatch(host) or any(s in {"", ".", ".."} or "/" in s for s in decoded):
        raise DidResolutionError("malformed did:web", code="INVALID_DID", details={"did": did})
    tail = "/".join(_segment(s) for s in decoded) + "/did.json" if decoded else ".well-known/did.json"
    return f"https://{host}/{tail}"


def did_web_document(did: str, keys: Iterable[PublishedKey]) -> dict[str, Any]:
    """The DID document of issuer `did` listing its active and retired keys (see the module docstring)."""
    parse_did(did)
    methods = []
    for key in keys:
        if not key.verification_method.startswith(did + "#"):
            raise InputError("a key of another DID cannot be published in this document",
                             code="KEY_CONTROLLER_MISMATCH", details={"did": did, "key": key.verification_method})
        if key.status not in {"active", "retired"}:
            continue
        relationships = ACTIVE_RELATIONSHIPS if key.status == "active" else RETIRED_RELATIONSHIPS
        methods.append(VerificationMethod(id=key.verification_method, type="Multikey", controller=did,
                                          public_key_multibase=key.public_key_multibase,
                                          relationships=relationships))
    return build_document(did, methods)
