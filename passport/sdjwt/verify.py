"""Verify an SD-JWT VC: the issuer's signature, every disclosure, validity, type, key binding and status.

Spec: RFC 9901 §7.1 (verification of the SD-JWT), §7.3 (key binding), SD-JWT VC (`vct`, `iss`, `cnf`,
`status`). Like `passport.verify`, this returns a `VerificationResult` (format `dc+sd-jwt`) whose checks say
which rule failed; it never raises on bad input. The disclosed claims come back beside it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from passport.credentials import result as r
from passport.credentials.jose import JWS_ALGORITHMS, _b64
from passport.credentials.resolver import Resolver, try_resolve
from passport.credentials.result import Check, ProofResult, VerificationResult
from passport.credentials.status import StatusChecker, not_checked, run_status_checker
from passport.credentials.verify import choose_status_checker
from passport.keys import multikey
from passport.sdjwt.disclosures import HASH_NAME, SD_ALG
from passport.sdjwt.issue import STATUS_KIND, TYP, VCT
from passport.sdjwt.jwk import key_from_jwk
from passport.sdjwt.present import KB_TYP
from passport.sdjwt.structure import decode_jws, split, unpack

log = logging.getLogger(__name__)

FORMAT = "dc+sd-jwt"
DISCLOSURES = "disclosures"
TYPE = "vct"
KEY_BINDING = "key binding"
_ALGS = {alg: key for key, alg in JWS_ALGORITHMS.items()}
_LEEWAY = 300  # seconds of clock skew accepted on iat / nbf / exp


@dataclass
class SdJwtVerification:
    result: VerificationResult
    claims: dict[str, Any] = field(default_factory=dict)


class _Checks:
    def __init__(self) -> None:
        self.items: list[Check] = []

    def add(self, name: str, passed: bool | None, reason: str, code: str | None = None, proof: int | None = None
            ) -> bool:
        self.items.append(Check(name=name, passed=passed, reason=reason, code=None if passed is not False else code,
                                proof=proof))
        return bool(passed)


def verify_sd_jwt(text: Any, *, resolver: Resolver | None = None, now: datetime | None = None,
                  status_checker: StatusChecker | None = None, status_lists: Any = None,
                  audience: str | None = None, nonce: str | None = None) -> SdJwtVerification:
    """Verify `text` (`<jws>~<disclosures>~[<kb-jwt>]`). With `audience` and `nonce` a KB-JWT is required."""
    try:
        return _verify(text, resolver, now or datetime.now(UTC), status_checker, status_lists, audience, nonce)
    except Exception as exc:  # a verifier returns, it does not raise
        log.exception("SD-JWT verification failed unexpectedly")
        return SdJwtVerification(VerificationResult(verified=False, format=FORMAT, checks=[Check(
            name=r.SIGNATURE, passed=False, code="PROOF_VERIFICATION_ERROR",
            reason=f"verification could not be completed: {type(exc).__name__}")]))


def _verify(text: Any, resolver: Resolver | None, now: datetime, status_checker: StatusChecker | None,
            status_lists: Any, audience: str | None, nonce: str | None) -> SdJwtVerification:
    checks = _Checks()
    try:
        parsed = split(text if isinstance(text, str) else "")
        header, payload, signing_input, signature = decode_jws(parsed.jws)
    except (ValueError, UnicodeDecodeError):
        checks.add(r.JOSE_HEADER, False, "not an SD-JWT: <issuer-signed JWT>~<disclosures>~[KB-JWT]",
                   "PARSING_ERROR")
        return SdJwtVerification(VerificationResult(verified=False, checks=checks.items, format=FORMAT))
    proof_checks = _Checks()
    _signature(header, payload, signing_input, signature, resolver, proof_checks)
    unpacked = unpack(payload, parsed.disclosures)
    alg_ok = payload.get(SD_ALG, HASH_NAME) == HASH_NAME
    checks.add(DISCLOSURES, not unpacked.problems and alg_ok,
               "; ".join(unpacked.problems) if unpacked.problems else
               f"_sd_alg is {payload.get(SD_ALG)!r}, only sha-256 is supported" if not alg_ok else
               f"{len(parsed.disclosures)} disclosure(s), each referenced once by a digest", "INVALID_DISCLOSURE")
    checks.add(TYPE, payload.get("vct") == VCT, f"vct is {VCT}" if payload.get("vct") == VCT else
               f"vct is {payload.get('vct')!r}, expected {VCT}", "MALFORMED_CREDENTIAL")
    _validity(payload, now, checks)
    _key_binding(parsed, payload, audience, nonce, now, checks)
    checks.items.append(_status(payload, now, status_checker, status_lists))
    proof = ProofResult(index=0, type="sd-jwt", cryptosuite=header.get("alg") if isinstance(header.get("alg"), str)
                        else None, verification_method=header.get("kid") if isinstance(header.get("kid"), str)
                        else None, proof_purpose="assertionMethod",
                        verified=all(c.passed is not False for c in proof_checks.items), checks=proof_checks.items)
    result = VerificationResult.from_checks(checks.items + proof_checks.items, [proof], format=FORMAT)
    return SdJwtVerification(result, unpacked.claims)


def _signature(header: dict[str, Any], payload: dict[str, Any], signing_input: bytes, signature: bytes,
               resolver: Resolver | None, checks: _Checks) -> None:
    problems = []
    if header.get("typ") not in (TYP, "vc+sd-jwt"):
        problems.append(f"typ is {header.get('typ')!r}, expected {TYP}")
    if header.get("alg") not in _ALGS:
        problems.append(f"alg {header.get('alg')!r} is not one of {', '.join(_ALGS)}")
    if not isinstance(header.get("kid"), str):
        problems.append("kid (the issuer's verification method) is missing")
    if "crit" in header:
        problems.append("critical header parameters are not supported")
    if not checks.add(r.JOSE_HEADER, not problems, "; ".join(problems) or f"typ {TYP}, alg, kid",
                      "PROOF_VERIFICATION_ERROR", 0):
        return
    method, reason = try_resolve(header["kid"], resolver)
    if method is None:
        checks.add(r.VERIFICATION_METHOD, False, f"{header['kid']} cannot be resolved: {reason}",
                   "INVALID_VERIFICATION_METHOD", 0)
        return
    if method.algorithm != _ALGS[header["alg"]]:
        checks.add(r.VERIFICATION_METHOD, False, f"a {method.algorithm} key cannot verify alg {header['alg']}",
                   "PROOF_VERIFICATION_ERROR", 0)
        return
    checks.add(r.VERIFICATION_METHOD, True, f"{method.algorithm} key controlled by {method.controller}", proof=0)
    issuer = payload.get("iss")
    checks.add(r.ISSUER_BINDING, method.controller == issuer, f"the key is controlled by the issuer {issuer}"
               if method.controller == issuer else f"the key's controller {method.controller} is not iss {issuer}",
               "PROOF_VERIFICATION_ERROR", 0)
    checks.add(r.PROOF_PURPOSE, "assertionMethod" in method.purposes, "assertionMethod, authorised by the "
               "key's controller" if "assertionMethod" in method.purposes else
               "the controller has not authorised this key for assertionMethod", "MISMATCHED_PROOF_PURPOSE_ERROR", 0)
    valid = multikey.verify_with(method.public_key, signing_input, signature)
    checks.add(r.SIGNATURE, valid, f"{header['alg']} signature by {method.id} is valid" if valid else
               "the issuer's signature does not match", "PROOF_VERIFICATION_ERROR", 0)


def _validity(payload: dict[str, Any], now: datetime, checks: _Checks) -> None:
    moment = now.timestamp()
    nbf, exp = payload.get("nbf"), payload.get("exp")
    if any(v is not None and not isinstance(v, (int, float)) for v in (nbf, exp, payload.get("iat"))):
        checks.add(r.VALIDITY_PERIOD, False, "iat, nbf and exp must be NumericDates", "MALFORMED_CREDENTIAL")
    elif nbf is not None and moment + _LEEWAY < nbf:
        checks.add(r.VALIDITY_PERIOD, False, "not valid yet (nbf)", "NOT_YET_VALID")
    elif exp is not None and moment - _LEEWAY > exp:
        checks.add(r.VALIDITY_PERIOD, False, "expired (exp)", "EXPIRED")
    else:
        checks.add(r.VALIDITY_PERIOD, True, "within its validity period" if nbf or exp else "no validity period")


def _key_binding(parsed: Any, payload: dict[str, Any], audience: str | None, nonce: str | None, now: datetime,
                 checks: _Checks) -> None:
    required = audience is not None or nonce is not None
    if parsed.kb_jwt is None:
        if required:
            checks.add(KEY_BINDING, False, "a Key Binding JWT is required and missing", "KEY_BINDING_MISSING")
        else:
            checks.add(KEY_BINDING, None, "not checked: no Key Binding JWT was presented")
        return
    try:
        header, kb, signing_input, signature = decode_jws(parsed.kb_jwt)
        key = key_from_jwk((payload.get("cnf") or {}).get("jwk"))
    except Exception:  # noqa: BLE001 - any malformed part is one failed check
        checks.add(KEY_BINDING, False, "the KB-JWT is malformed or the SD-JWT has no cnf.jwk", "KEY_BINDING_INVALID")
        return
    expected_hash = _b64(hashlib.sha256(parsed.without_kb.encode("ascii")).digest())
    problems = []
    if header.get("typ") != KB_TYP or header.get("alg") not in _ALGS:
        problems.append("typ must be kb+jwt with a supported alg")
    elif not multikey.verify_with(key, signing_input, signature):
        problems.append("the KB-JWT is not signed by the cnf key")
    if kb.get("sd_hash") != expected_hash:
        problems.append("sd_hash does not match the presented SD-JWT")
    if audience is not None and kb.get("aud") != audience:
        problems.append("aud is not the expected audience")
    if nonce is not None and kb.get("nonce") != nonce:
        problems.append("nonce is not the expected one")
    if not isinstance(kb.get("iat"), (int, float)) or abs(kb["iat"] - now.timestamp()) > _LEEWAY:
        problems.append("iat is missing or not recent")
    checks.add(KEY_BINDING, not problems, "; ".join(problems) or "bound to the holder's key, audience and nonce",
               "KEY_BINDING_INVALID")


def _as_credential(payload: dict[str, Any]) -> dict[str, Any]:
    """The issuer and Bitstring Status List entries in the shape status checkers read."""
    status = payload.get("status")
    entries = status.get(STATUS_KIND) if isinstance(status, dict) else None
    return {"issuer": payload.get("iss"), **({"credentialStatus": entries} if entries is not None else {})}


def status_subject(text: str) -> dict[str, Any]:
    """For choosing a status checker before verifying (e.g. the store's lists): issuer and status entries."""
    try:
        return _as_credential(decode_jws(split(text).jws)[1])
    except (ValueError, UnicodeDecodeError):
        return {}


def _status(payload: dict[str, Any], now: datetime, checker: StatusChecker | None, status_lists: Any) -> Check:
    as_credential = _as_credential(payload)
    if "credentialStatus" not in as_credential:
        return Check(name=r.STATUS, passed=None, reason="not checked: the SD-JWT has no status")

    chosen = choose_status_checker(checker, status_lists) if checker or status_lists is not None else not_checked
    return run_status_checker(chosen, as_credential, now, status_lists)
