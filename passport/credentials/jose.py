"""The JOSE form: a credential secured as a compact JWS of type `vc+jwt`, and its enveloped form.

Spec: Securing Verifiable Credentials using JOSE and COSE (VC-JOSE-COSE) §3.1.1 (`vc+jwt`: header `alg`,
`kid` = verification method, `typ` "vc+jwt", `cty` "vc"; the payload is the credential itself) and VC Data
Model 2.0 §4.13 (EnvelopedVerifiableCredential, `id` = `data:application/vc+jwt,<jws>`). RFC 7515 compact
serialization is base64url framing only; signatures come from the `Signer` (EdDSA per RFC 8037, ES256/ES384
raw r||s per RFC 7518), verification from `cryptography` through `passport.keys.multikey`.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from passport.credentials import result as r
from passport.credentials._time import utc_now
from passport.credentials.checks import document_checks, undefined_terms_check
from passport.credentials.issuer import issuer_binding
from passport.credentials.resolver import Resolver, try_resolve
from passport.credentials.result import Check, ProofResult, VerificationResult
from passport.credentials.status import StatusChecker, run_status_checker
from passport.errors import InputError, PassportError, ProofError
from passport.jsonio import read_json
from passport.jsonld import to_rdf
from passport.jsonld.loader import default_loader
from passport.keys import multikey

MEDIA_TYPE = "application/vc+jwt"
DATA_URL_PREFIX = f"data:{MEDIA_TYPE},"
JWS_ALGORITHMS = {"Ed25519": "EdDSA", "P-256": "ES256", "P-384": "ES384"}
_KEY_FOR_ALG = {alg: key for key, alg in JWS_ALGORITHMS.items()}
_COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text) or len(text) % 4 == 1:
        raise ValueError("not unpadded base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(credential: Mapping[str, Any], key: Any, *, loader: Any = None) -> str:
    """The credential as a compact JWS (`typ` vc+jwt), signed by `key` (a Signer). Raises ProofError.

    The JWS signs JSON bytes, but readers process the payload as JSON-LD: a term no context defines is
    refused here (details["cause"] UNDEFINED_TERM), as verifiers refuse it.
    """
    if not isinstance(credential, Mapping):
        raise ProofError("a credential must be a JSON object", details={"field": "credential"})
    _check_terms(credential, loader)
    alg = JWS_ALGORITHMS.get(getattr(key, "algorithm", None))  # type: ignore[arg-type]
    if alg is None or not isinstance(getattr(key, "id", None), str):
        raise ProofError("vc+jwt needs an Ed25519, P-256 or P-384 key with a verification method id",
                         details={"algorithm": getattr(key, "algorithm", None)})
    header = {"alg": alg, "kid": key.id, "typ": "vc+jwt", "cty": "vc"}
    try:
        payload = json.dumps(credential, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ProofError("the credential is not serializable as JSON", details={"field": "credential"}) from exc
    signing_input = f"{_b64(json.dumps(header, separators=(',', ':')).encode())}.{_b64(payload.encode('utf-8'))}"
    return f"{signing_input}.{_b64(key.sign(signing_input.encode('ascii')))}"


def _check_terms(credential: Mapping[str, Any], loader: Any) -> None:
    try:
        to_rdf(dict(credential), loader=_loader(loader))
    except PassportError as exc:
        raise ProofError(f"cannot sign: {exc.message}", details={"cause": exc.code, **exc.details}) from exc


def envelope(jws: str) -> dict[str, Any]:
    """An EnvelopedVerifiableCredential carrying `jws` in a data: URL."""
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": DATA_URL_PREFIX + jws,
            "type": "EnvelopedVerifiableCredential"}


def sign_enveloped(credential: Mapping[str, Any], key: Any, *, loader: Any = None) -> dict[str, Any]:
    """`envelope(sign_jwt(credential, key))`."""
    return envelope(sign_jwt(credential, key, loader=loader))


def is_jose(value: Any) -> bool:
    """True for a compact JWS string (or bytes) and for an EnvelopedVerifiableCredential object."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(value, str):
        return bool(_COMPACT.fullmatch(value.strip()))
    return isinstance(value, dict) and value.get("type") in ("EnvelopedVerifiableCredential",
                                                             ["EnvelopedVerifiableCredential"])


def _jws_of(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(value, str):
        return value.strip()
    target = value.get("id")
    if isinstance(target, str) and target.startswith(DATA_URL_PREFIX):
        return target[len(DATA_URL_PREFIX):]
    return None


def _fail(check: Check) -> VerificationResult:
    return VerificationResult(verified=False, checks=[check], format="vc+jwt")


def verify_jws(value: Any, *, status_checker: StatusChecker, loader: Any = None, resolver: Resolver | None = None,
               now: datetime | None = None, status_lists: Any = None,
               allowed_contexts: Collection[str] | None = None) -> VerificationResult:
    """Verify a compact `vc+jwt` JWS or an enveloped one: header, key, signature, then the credential's rules.

    The status checker is chosen by the caller (`verify.verify_jwt` chooses it as `verify` does): a status list
    is itself a credential, verified by the verifier this module sits below."""
    jws = _jws_of(value)
    if jws is None or not _COMPACT.fullmatch(jws):
        return _fail(Check(name=r.JOSE_HEADER, passed=False, code="PARSING_ERROR",
                           reason=f"not a compact JWS (expected an id starting with {DATA_URL_PREFIX})"))
    encoded_header, encoded_payload, encoded_signature = jws.split(".")
    try:
        header = read_json(_unb64(encoded_header))
        credential = read_json(_unb64(encoded_payload))
        signature = _unb64(encoded_signature)
    except (ValueError, binascii.Error, UnicodeDecodeError, InputError):
        return _fail(Check(name=r.JOSE_HEADER, passed=False, code="PARSING_ERROR",
                           reason="the JWS header, payload or signature is not base64url-encoded JSON"))
    checks: list[Check] = []

    def add(name: str, passed: bool, reason: str, code: str | None = None) -> bool:
        checks.append(Check(name=name, passed=passed, reason=reason, code=None if passed else code, proof=0))
        return passed

    ok = _header(header, add)
    if ok and not isinstance(credential, dict):
        ok = add(r.ENVELOPE, False, "the JWS payload is not a JSON object", "PARSING_ERROR")
    if ok:
        _key_and_signature(header, credential, f"{encoded_header}.{encoded_payload}".encode("ascii"), signature,
                           resolver, add)
    text = {k: header.get(k) if isinstance(header, dict) and isinstance(header.get(k), str) else None
            for k in ("alg", "kid")}
    proof = ProofResult(index=0, type="vc+jwt", cryptosuite=text["alg"], verification_method=text["kid"],
                        proof_purpose="assertionMethod",
                        verified=bool(checks) and all(c.passed is not False for c in checks), checks=checks)
    doc_checks: list[Check] = []
    if isinstance(credential, dict):
        moment = now or utc_now()
        loader = _loader(loader)
        doc_checks = [*document_checks(credential, loader, allowed_contexts, moment),
                      undefined_terms_check(credential, loader),
                      run_status_checker(status_checker, credential, moment, status_lists)]
    return VerificationResult.from_checks(doc_checks + checks, [proof], format="vc+jwt")


def _loader(loader: Any) -> Any:
    return default_loader() if loader is None else loader


def _header(header: Any, add: Any) -> bool:
    if not isinstance(header, dict):
        return add(r.JOSE_HEADER, False, "the JWS header is not a JSON object", "PARSING_ERROR")
    problems = []
    if header.get("typ") != "vc+jwt":
        problems.append(f"typ is {header.get('typ')!r}, expected 'vc+jwt'")
    if header.get("alg") not in _KEY_FOR_ALG:
        problems.append(f"alg {header.get('alg')!r} is not one of {', '.join(_KEY_FOR_ALG)}")
    if not isinstance(header.get("kid"), str):
        problems.append("kid (the verification method) is missing")
    if "crit" in header:
        problems.append("critical header parameters are not supported")
    if "cty" in header and header["cty"] != "vc":
        problems.append(f"cty is {header['cty']!r}, expected 'vc'")
    return add(r.JOSE_HEADER, not problems, "; ".join(problems) or "typ vc+jwt, alg, kid", "PROOF_VERIFICATION_ERROR")


def _key_and_signature(header: dict[str, Any], credential: dict[str, Any], signing_input: bytes, signature: bytes,
                       resolver: Resolver | None, add: Any) -> None:
    method, reason = try_resolve(header["kid"], resolver)
    if method is None:
        add(r.VERIFICATION_METHOD, False, f"{header['kid']} cannot be resolved: {reason}",
            "INVALID_VERIFICATION_METHOD")
        return
    if _KEY_FOR_ALG[header["alg"]] != method.algorithm:
        add(r.VERIFICATION_METHOD, False, f"a {method.algorithm} key cannot verify alg {header['alg']}",
            "PROOF_VERIFICATION_ERROR")
        return
    add(r.VERIFICATION_METHOD, True, f"{method.algorithm} Multikey controlled by {method.controller}")
    binding = issuer_binding(credential, method.controller)
    add(binding.name, bool(binding.passed), binding.reason, binding.code)
    authorised = "assertionMethod" in method.purposes
    add(r.PROOF_PURPOSE, authorised, "assertionMethod, authorised by the key's controller" if authorised else
        "the controller has not authorised this key for assertionMethod", "MISMATCHED_PROOF_PURPOSE_ERROR")
    valid = multikey.verify_with(method.public_key, signing_input, signature)
    add(r.SIGNATURE, valid, f"{header['alg']} signature by {method.id} is valid" if valid else
        "the JWS signature does not match", "PROOF_VERIFICATION_ERROR")
