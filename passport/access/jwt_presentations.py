"""Log in with a presentation secured as a JWT (`vp+jwt`): the holder signs the presentation with `nonce` (our
challenge) and `aud` (our domain) as claims, the key binding of the JOSE form.

Spec: VC-JOSE-COSE §3.2 (`typ` vp+jwt, the payload is the presentation, `kid` the holder's verification method),
RFC 7519 (`nonce`, `aud`, `exp`, `iat`). The role credential inside is a Data Integrity credential or an
EnvelopedVerifiableCredential (`vc+jwt`); either way it goes through the service's verification policy, then
the same role and trust checks as a Data Integrity presentation (`passport.access.presentations`).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from passport.access.challenges import Challenge
from passport.access.presentations import (
    CredentialVerifier,
    RoleLogin,
    _fail,
    _role_credential,
    finish_login,
)
from passport.credentials.jose import JWS_ALGORITHMS, _jws_of, _unb64
from passport.credentials.resolver import Resolver, try_resolve
from passport.errors import InputError
from passport.jsonio import read_json
from passport.keys import multikey

TYP = "vp+jwt"
MEDIA_TYPE = "application/vp+jwt"
_COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_ALGS = {alg: key for key, alg in JWS_ALGORITHMS.items()}


def is_jwt_presentation(value: Any) -> bool:
    return isinstance(value, str) and bool(_COMPACT.fullmatch(value.strip()))


def _decode(jws: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    head, body, signature = jws.strip().split(".")
    try:  # the bounded reader: depth, duplicate members and NaN refused
        header, payload = read_json(_unb64(head)), read_json(_unb64(body))
    except InputError as exc:
        raise ValueError(exc.message) from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("the JWT header and payload must be objects")
    return header, payload, f"{head}.{body}".encode("ascii"), _unb64(signature)


def jwt_challenge_of(jws: str) -> object:
    """The `nonce` claim (our challenge) of a vp+jwt, None when unreadable."""
    try:
        return _decode(jws)[1].get("nonce")
    except (ValueError, UnicodeDecodeError):
        return None


def _embedded(credential: Any) -> dict[str, Any]:
    """The credential to read the role from: the JWT payload of an enveloped one, else itself."""
    jws = _jws_of(credential) if isinstance(credential, dict) and credential.get("type") in (
        "EnvelopedVerifiableCredential", ["EnvelopedVerifiableCredential"]) else None
    if jws is None:
        return credential
    try:
        return _decode(jws)[1]
    except (ValueError, UnicodeDecodeError) as exc:
        raise _fail("ROLE_CREDENTIAL_INVALID", "the enveloped role credential is not a readable vc+jwt") from exc


def authenticate_jwt_presentation(jws: str, challenge: Challenge, *, trust: list, verify_credential: CredentialVerifier,
                                  resolver: Resolver | None = None, now: datetime) -> RoleLogin:
    """Steps 2-6 of `passport.access.presentations` for a vp+jwt whose challenge the caller has consumed."""
    try:
        header, payload, signing_input, signature = _decode(jws)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _fail("PRESENTATION_INVALID", "not a compact JWS of JSON objects", checks=["JOSE header"]) from exc
    if payload.get("aud") != challenge.domain:
        raise _fail("PRESENTATION_WRONG_DOMAIN", "the presentation was made for another verifier",
                    expected=challenge.domain)
    exp = payload.get("exp")
    if exp is not None and (not isinstance(exp, (int, float)) or now.timestamp() > exp):
        raise _fail("PRESENTATION_EXPIRED", "the presentation's exp has passed")
    holder = payload.get("holder")
    holder = holder.get("id") if isinstance(holder, dict) else holder
    problems = []
    if header.get("typ") != TYP or header.get("alg") not in _ALGS or not isinstance(header.get("kid"), str):
        problems.append("JOSE header")
    else:
        method, _ = try_resolve(header["kid"], resolver)
        if method is None or method.algorithm != _ALGS[header["alg"]] or "authentication" not in method.purposes:
            problems.append("verification method")
        elif method.controller != holder:
            problems.append("verification method bound to issuer")
        elif not multikey.verify_with(method.public_key, signing_input, signature):
            problems.append("signature")
    if problems:
        raise _fail("PRESENTATION_INVALID", "the presentation does not verify", checks=problems)
    presented, _ = _role_credential(payload, str(holder), read=_embedded)
    return finish_login(presented, holder=str(holder), verify_credential=verify_credential, trust=trust, now=now,
                        read=_embedded)
