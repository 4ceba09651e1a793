"""Verify a credential: every proof of its set or chain, the issuer binding, purpose, validity, contexts, status.

Spec: VC Data Integrity 1.0 §4.4 (Verify Proof), §4.5 (Verify Proof Sets and Chains), §4.6 (Context
Validation); the suites' Verify Proof algorithms; VC Data Model 2.0 §4 and §4.9. Verifying never raises on
bad input: it returns a `VerificationResult` whose checks say which rule failed and why.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from passport.credentials import jose
from passport.credentials import result as r
from passport.credentials._time import parse_date_time_stamp, utc_now
from passport.credentials.checks import document_checks, terms_failed, undefined_terms_check
from passport.credentials.issuer import issuer_binding
from passport.credentials.cryptosuite import Cryptosuite
from passport.credentials.cryptosuites import CRYPTOSUITES, suite_of
from passport.credentials.proof import (
    DataIntegrityProof,
    MissingPreviousProof,
    context_prefix_matches,
    decode_proof_value,
    previous_proof_ids,
)
from passport.credentials.resolver import Resolver, ResolvedMethod, try_resolve
from passport.credentials.result import Check, ProofResult, VerificationResult
from passport.credentials.status import StatusChecker, not_checked, run_status_checker
from passport.credentials.status_list import BitstringStatusChecker, ListVerifier
from passport.errors import PassportError
from passport.jsonld.loader import default_loader

log = logging.getLogger(__name__)

_REQUIRED = ("type", "verificationMethod", "proofPurpose", "proofValue")


def verify(
    credential: Any,
    *,
    loader: Any = None,
    resolver: Resolver | None = None,
    now: datetime | None = None,
    status_lists: Any = None,
    status_checker: StatusChecker | None = None,
    expected_proof_purpose: str = "assertionMethod",
    domain: str | list[str] | None = None,
    challenge: str | None = None,
    allowed_contexts: Collection[str] | None = None,
) -> VerificationResult:
    """Verify a secured credential (Data Integrity proofs, or an enveloped `vc+jwt` / a compact JWS).

    `loader` is the offline JSON-LD loader (default: the shipped contexts); its URLs are the context
    allow-list unless `allowed_contexts` narrows it. `resolver` finds verification methods: None (did:key,
    offline), a {DID: DID document} mapping (a did:web cache), or a callable vm id -> VerificationMethod (see
    `passport.credentials.resolver`). `now` fixes the clock for validFrom/validUntil and proof expiry.
    `status_checker` decides `credentialStatus` (default: Bitstring Status Lists when `status_lists` is given,
    else "not checked").
    `domain` / `challenge`, when given, must equal the proof's (DI 1.0 §4.4 steps 5-6; presentations).
    """
    try:
        if jose.is_jose(credential):
            return verify_jwt(credential, loader=loader, resolver=resolver, now=now, status_lists=status_lists,
                              status_checker=status_checker, allowed_contexts=allowed_contexts)
        if not isinstance(credential, dict):
            return VerificationResult(verified=False, checks=[Check(
                name=r.ENVELOPE, passed=False, reason="the credential is not a JSON object", code="PARSING_ERROR")])
        expected = Expected(expected_proof_purpose, domain, challenge)
        return _Verification(credential, loader, resolver, now or utc_now(), expected).run(
            choose_status_checker(status_checker, status_lists, resolver=resolver, loader=loader), status_lists,
            allowed_contexts)
    except Exception as exc:  # last line of defence: a verifier returns, it does not raise
        log.exception("verification failed unexpectedly")
        return VerificationResult(verified=False, checks=[
            Check(name=r.SIGNATURE, passed=False, code="PROOF_VERIFICATION_ERROR",
                  reason=f"verification could not be completed: {type(exc).__name__}")])


def verify_jwt(value: Any, *, loader: Any = None, resolver: Resolver | None = None, now: datetime | None = None,
               status_lists: Any = None, status_checker: StatusChecker | None = None,
               allowed_contexts: Collection[str] | None = None) -> VerificationResult:
    """Verify a compact `vc+jwt` JWS or an enveloped one (`jose.verify_jws`), its status decided as `verify`
    decides it. Never raises on bad input."""
    return jose.verify_jws(value, loader=loader, resolver=resolver, now=now, status_lists=status_lists,
                           status_checker=choose_status_checker(status_checker, status_lists, resolver=resolver,
                                                                loader=loader),
                           allowed_contexts=allowed_contexts)


def list_verifier(*, resolver: Resolver | None = None, loader: Any = None) -> ListVerifier:
    """What a `BitstringStatusChecker` believes a status list with: `verify` with the same resolver and loader
    as the credential (a did:web issuer signs its lists with its did:web keys); the reason names each failed check."""
    def verify_list(list_credential: Any, now: datetime) -> tuple[bool, str]:
        result = verify(dict(list_credential), loader=loader, resolver=resolver, now=now)
        failed = [*result.errors, *result.unchecked]
        return result.verified, "; ".join(f"{c.name}: {c.reason}" for c in failed) or "verified"

    return verify_list


def choose_status_checker(checker: StatusChecker | None, status_lists: Any, *, resolver: Resolver | None = None,
                          loader: Any = None) -> StatusChecker:
    """The caller's checker; else Bitstring Status List when lists are supplied (each list verified by
    `list_verifier`); else 'not checked'."""
    if checker is not None:
        return checker
    if status_lists is not None:
        return BitstringStatusChecker(verify_list=list_verifier(resolver=resolver, loader=loader))
    return not_checked


@dataclass(frozen=True)
class Expected:
    """What the verifier expects of every proof: its purpose and, for presentations, domain and challenge."""

    purpose: str = "assertionMethod"
    domain: str | list[str] | None = None
    challenge: str | None = None


class _Verification:
    """One run over one credential; holds the proof machine so the document is canonicalized once."""

    def __init__(self, credential: dict[str, Any], loader: Any, resolver: Resolver | None, now: datetime,
                 expected: Expected):
        loader = default_loader() if loader is None else loader
        self.credential, self.loader, self.resolver, self.now = credential, loader, resolver, now
        self.expected = expected
        self.machine = DataIntegrityProof(credential, loader=loader)
        self.terms: Check | None = None  # set by the first canonicalization of the document

    def run(self, status_checker: StatusChecker, status_lists: Any, allowed: Collection[str] | None
            ) -> VerificationResult:
        checks = document_checks(self.credential, self.loader, allowed, self.now)
        proofs = [self._proof(i, proof) for i, proof in enumerate(self.machine.all_proofs)]
        if not proofs:
            checks.append(Check(name=r.PROOF_PRESENT, passed=False, reason="the credential has no proof",
                                code="PROOF_VERIFICATION_ERROR"))
        checks.append(self.terms or undefined_terms_check(self.machine.unsecured, self.loader))
        checks.append(run_status_checker(status_checker, self.credential, self.now, status_lists))
        return VerificationResult.from_checks(checks + [c for p in proofs for c in p.checks], proofs)

    # -- one proof ---------------------------------------------------------------------------------------------

    def _proof(self, index: int, proof: Any) -> ProofResult:
        checks: list[Check] = []
        fields = proof if isinstance(proof, dict) else {}
        self._steps(index, proof, checks)
        text = {k: fields.get(k) if isinstance(fields.get(k), str) else None
                for k in ("id", "type", "cryptosuite", "verificationMethod", "proofPurpose")}
        return ProofResult(index=index, id=text["id"], type=text["type"], cryptosuite=text["cryptosuite"],
                           verification_method=text["verificationMethod"], proof_purpose=text["proofPurpose"],
                           verified=bool(checks) and all(c.passed is not False for c in checks), checks=checks)

    def _steps(self, i: int, proof: Any, checks: list[Check]) -> None:
        def add(name: str, passed: bool, reason: str, code: str | None = None) -> bool:
            checks.append(Check(name=name, passed=passed, reason=reason, code=None if passed else code, proof=i))
            return passed

        # §4.4 step 3: type, verificationMethod and proofPurpose (and the suite's proofValue) must exist.
        if not isinstance(proof, dict):
            add(r.PROOF_FIELDS, False, "the proof is not a JSON object", "PARSING_ERROR")
            return
        missing = [k for k in _REQUIRED if not isinstance(proof.get(k), str) or not proof[k]]
        if proof.get("type") == "DataIntegrityProof" and not isinstance(proof.get("cryptosuite"), str):
            missing.append("cryptosuite")
        if not add(r.PROOF_FIELDS, not missing, f"the proof has no {', '.join(missing)}" if missing
                   else "type, cryptosuite, verificationMethod, proofPurpose and proofValue are present",
                   "PROOF_VERIFICATION_ERROR"):
            return
        suite = self._suite(proof, add)
        if suite is None or not self._previous(proof, add) or not self._created(proof, add):
            return
        signature = b""
        if suite.verify_proof is None:  # selective-disclosure suites read their own (CBOR) proof values
            try:
                signature = decode_proof_value(proof["proofValue"])
            except PassportError as exc:
                add(r.PROOF_VALUE, False, exc.message, "MALFORMED_PROOF_ERROR")
                return
            add(r.PROOF_VALUE, True, "base58btc multibase")
        method = self._method(proof, suite, add)
        if method is None:
            return
        checks.append(issuer_binding(self.credential, method.controller, proof=i))
        self._purpose(proof, method, add)
        self._domain_and_challenge(proof, add)
        if suite.verify_proof is not None:
            valid, reason, code = suite.verify_proof(self.machine.unsecured, proof, method.public_key, self.loader)
            if valid:  # the suite read the whole document as RDF: no need to expand it again for the terms check
                self.terms = self.terms or Check(name=r.UNDEFINED_TERMS, passed=True,
                                                 reason="every term is defined by the contexts")
            add(r.SIGNATURE, valid, reason, code or "PROOF_VERIFICATION_ERROR")
            return
        self._signature(proof, suite, method, signature, add)

    def _suite(self, proof: dict[str, Any], add: Any) -> Cryptosuite | None:
        suite = suite_of(proof)
        if suite is None:
            named = proof["cryptosuite"] if proof["type"] == "DataIntegrityProof" else f"proof type {proof['type']}"
            add(r.CRYPTOSUITE, False, f"{named} is not supported (supported: {', '.join(sorted(CRYPTOSUITES))})",
                "PROOF_VERIFICATION_ERROR")
            return None
        add(r.CRYPTOSUITE, True, f"{suite.name} is supported" + (" (legacy)" if suite.legacy else ""))
        return suite

    def _previous(self, proof: dict[str, Any], add: Any) -> bool:
        ids = previous_proof_ids(proof)
        if not ids:
            return True
        try:
            self.machine.matching_proofs(proof["previousProof"])
        except MissingPreviousProof as exc:
            return add(r.PREVIOUS_PROOF, False, f"previousProof names {exc.proof_id}, which is not in the proof set",
                       "PROOF_VERIFICATION_ERROR")
        return add(r.PREVIOUS_PROOF, True, f"chained to {', '.join(map(str, ids))}")

    def _created(self, proof: dict[str, Any], add: Any) -> bool:
        for name in ("created", "expires"):
            if name in proof and parse_date_time_stamp(proof[name]) is None:
                return add(r.CREATED, False, f"proof {name} is not an XML Schema dateTimeStamp",
                           "MALFORMED_PROOF_ERROR")
        expires = parse_date_time_stamp(proof.get("expires"))
        if expires is not None and self.now > expires:
            return add(r.CREATED, False, f"the proof expired at {proof['expires']}", "PROOF_VERIFICATION_ERROR")
        if "created" in proof or "expires" in proof:
            add(r.CREATED, True, "created/expires are valid dates and the proof has not expired")
        return True

    def _method(self, proof: dict[str, Any], suite: Cryptosuite, add: Any) -> ResolvedMethod | None:
        method, reason = try_resolve(proof["verificationMethod"], self.resolver)
        if method is None:
            add(r.VERIFICATION_METHOD, False, f"{proof['verificationMethod']} cannot be resolved: {reason}",
                "INVALID_VERIFICATION_METHOD")
            return None
        if method.algorithm not in suite.required_algorithms:
            add(r.VERIFICATION_METHOD, False, f"a {method.algorithm} key cannot verify a {suite.name} proof",
                "PROOF_VERIFICATION_ERROR")
            return None
        add(r.VERIFICATION_METHOD, True, f"{method.algorithm} Multikey controlled by {method.controller}")
        return method

    def _purpose(self, proof: dict[str, Any], method: ResolvedMethod, add: Any) -> None:
        purpose = proof["proofPurpose"]
        if purpose != self.expected.purpose:
            add(r.PROOF_PURPOSE, False, f"proofPurpose is {purpose}, expected {self.expected.purpose}",
                "MISMATCHED_PROOF_PURPOSE_ERROR")
        elif purpose not in method.purposes:
            add(r.PROOF_PURPOSE, False, f"the controller has not authorised this key for {purpose}",
                "MISMATCHED_PROOF_PURPOSE_ERROR")
        else:
            add(r.PROOF_PURPOSE, True, f"{purpose}, authorised by the key's controller")

    def _domain_and_challenge(self, proof: dict[str, Any], add: Any) -> None:
        expected = self.expected
        if expected.domain is not None:
            want = {expected.domain} if isinstance(expected.domain, str) else set(expected.domain)
            have = proof.get("domain")
            have = {have} if isinstance(have, str) else set(have) if isinstance(have, list) else None
            add(r.DOMAIN, have == want, "the proof's domain is the expected one" if have == want else
                f"the proof's domain is not {', '.join(sorted(want))}", "INVALID_DOMAIN_ERROR")
        if expected.challenge is not None:
            ok = proof.get("challenge") == expected.challenge
            add(r.CHALLENGE, ok, "the proof answers the expected challenge" if ok else
                "the proof's challenge is not the expected one", "INVALID_CHALLENGE_ERROR")

    def _signature(self, proof: dict[str, Any], suite: Cryptosuite, method: ResolvedMethod, signature: bytes,
                   add: Any) -> None:
        if suite.proof_context and "@context" in proof and not context_prefix_matches(
                self.credential.get("@context"), proof["@context"]):
            add(r.SIGNATURE, False, "the proof's @context is not a prefix of the document's @context",
                "PROOF_VERIFICATION_ERROR")
            return
        try:
            _, config_hash = self.machine.proof_config(suite, proof, method.algorithm)
        except PassportError as exc:
            add(r.UNDEFINED_TERMS if exc.code == "UNDEFINED_TERM" else r.SIGNATURE, False,
                f"the proof cannot be canonicalized: {exc.message}", exc.code)
            return
        try:
            _, document_hash = self.machine.document(suite, proof, method.algorithm)
        except PassportError as exc:
            self.terms = self.terms or terms_failed(exc, None)
            add(r.SIGNATURE, False, f"the document cannot be canonicalized: {exc.message}", exc.code)
            return
        if suite.transformation == "rdfc-1.0":
            self.terms = self.terms or Check(name=r.UNDEFINED_TERMS, passed=True,
                                             reason="every term is defined by the contexts")
        valid = suite.verify(method.public_key, config_hash + document_hash, signature)
        add(r.SIGNATURE, valid, f"{suite.name} signature by {method.id} is valid" if valid else
            f"the {suite.name} signature does not match the document", "PROOF_VERIFICATION_ERROR")
