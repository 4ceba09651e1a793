"""Verification: a derived proof by anyone, a base proof by the holder who received it.

Spec: VC-DI-ECDSA, ecdsa-sd-2023 algorithms createVerifyData and verifyDerivedProof. Verifying never raises:
it returns a result naming the first check that failed, with a stable code callers branch on:

    NO_PROOF               the document has no ecdsa-sd-2023 proof
    PROOF_VALUE            the proofValue is not a base / derived proof value (CBOR, header, lengths)
    LABEL_MAP              the derived proof's label map (the HMAC blank-node labels) does not cover the document
    MANDATORY_INDEXES      the mandatory indexes do not fit the disclosed statements
    KEY_ALGORITHM          the issuer key is not P-256
    BASE_SIGNATURE         the base signature fails: a mandatory statement or a proof option changed
    SIGNATURE_COUNT        not one signature per non-mandatory statement
    STATEMENT_SIGNATURE    a non-mandatory statement's signature fails: a revealed value changed
    CANONICALIZATION       the document cannot be expanded / canonicalized (the JSON-LD error's code is in reason)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from passport.disclosure.ecdsa_sd_2023._hashing import CRYPTOSUITE, mandatory_hash, proof_hash, unsecured
from passport.disclosure.ecdsa_sd_2023.proof_value import is_derived, parse_base, parse_derived
from passport.disclosure.groups import (
    canonicalize_and_group,
    custom_label_map_factory,
    hmac_label_map_factory,
    label_replacement_canonicalize,
)
from passport.errors import PassportError
from passport.jsonld import DocumentLoader, to_rdf
from passport.keys import multibase, multikey


@dataclass(frozen=True)
class SdProofResult:
    verified: bool
    reason: str | None = None
    code: str | None = None
    """One of the module docstring's codes when not verified."""


def _failure_code(exc: PassportError) -> str:
    """A proof value that does not parse, or a document that does not canonicalize."""
    return "PROOF_VALUE" if exc.code == "INVALID_PROOF_VALUE" else "CANONICALIZATION"


def _proof(document: dict[str, Any], proof: dict[str, Any] | None) -> dict[str, Any] | None:
    if proof is None:
        candidates = document.get("proof")
        proof = next((p for p in (candidates if isinstance(candidates, list) else [candidates])
                      if isinstance(p, dict) and p.get("cryptosuite") == CRYPTOSUITE), None)
    return proof if isinstance(proof, dict) and proof.get("cryptosuite") == CRYPTOSUITE else None


def _check_signatures(base_signature: bytes, public_key: bytes, config_hash: bytes, m_hash: bytes,
                      issuer_key_multibase: str, signatures: list[bytes], statements: list[str]) -> SdProofResult:
    if multikey.public_key_algorithm(issuer_key_multibase) != "P-256":
        return SdProofResult(False, f"{CRYPTOSUITE} needs a P-256 issuer key", "KEY_ALGORITHM")
    if not multikey.verify_signature(issuer_key_multibase, config_hash + public_key + m_hash, base_signature):
        return SdProofResult(False, "the base signature does not verify: mandatory statements or proof options changed",
                             "BASE_SIGNATURE")
    if len(signatures) != len(statements):
        return SdProofResult(False, f"{len(signatures)} signatures for {len(statements)} non-mandatory statements",
                             "SIGNATURE_COUNT")
    proof_key = multikey.decode_public_key(multibase.encode(public_key))
    for position, (signature, statement) in enumerate(zip(signatures, statements)):
        if not multikey.verify_with(proof_key, statement.encode(), signature):
            return SdProofResult(False, f"non-mandatory statement {position} does not verify: a revealed value "
                                 "changed", "STATEMENT_SIGNATURE")
    return SdProofResult(True)


def verify_derived_proof(document: dict[str, Any], issuer_key_multibase: str, *, proof: dict[str, Any] | None = None,
                         loader: DocumentLoader | None = None) -> SdProofResult:
    """Check a derived ecdsa-sd-2023 proof (`proof`, or the document's) against the issuer's P-256 Multikey."""
    proof = _proof(document, proof)
    if proof is None:
        return SdProofResult(False, f"no {CRYPTOSUITE} proof", "NO_PROOF")
    try:
        derived = parse_derived(proof.get("proofValue"))
        unsigned = unsecured(document)
        # createVerifyData: the reveal document's N-Quads under the issuer's blank node labels.
        try:
            _, nquads = label_replacement_canonicalize(to_rdf(unsigned, loader=loader),
                                                       custom_label_map_factory(derived.label_map))
        except KeyError:
            return SdProofResult(False, "the label map does not cover the disclosed blank nodes", "LABEL_MAP")
        if any(i >= len(nquads) for i in derived.mandatory_indexes) or len(set(derived.mandatory_indexes)) != len(
                derived.mandatory_indexes):
            return SdProofResult(False, "mandatory indexes do not fit the disclosed statements", "MANDATORY_INDEXES")
        wanted = set(derived.mandatory_indexes)
        mandatory = [nquads[i] for i in sorted(wanted)]
        non_mandatory = [nq for i, nq in enumerate(nquads) if i not in wanted]
        config_hash = proof_hash(proof, unsigned, loader=loader)
        return _check_signatures(derived.base_signature, derived.public_key, config_hash, mandatory_hash(mandatory),
                                 issuer_key_multibase, derived.signatures, non_mandatory)
    except PassportError as exc:
        return SdProofResult(False, exc.message, _failure_code(exc))


def verify_proof(document: dict[str, Any], issuer_key_multibase: str, *, proof: dict[str, Any] | None = None,
                 loader: DocumentLoader | None = None) -> SdProofResult:
    """A derived proof as anyone checks it, or a base proof as its holder does: whichever `proof` is."""
    found = _proof(document, proof)
    if found is not None and is_derived(found.get("proofValue")):
        return verify_derived_proof(document, issuer_key_multibase, proof=found, loader=loader)
    return verify_base_proof(document, issuer_key_multibase, proof=found, loader=loader)


def verify_base_proof(document: dict[str, Any], issuer_key_multibase: str, *, proof: dict[str, Any] | None = None,
                      loader: DocumentLoader | None = None) -> SdProofResult:
    """Check a base proof (what a holder does on receipt): every statement signed, the mandatory ones bound."""
    proof = _proof(document, proof)
    if proof is None:
        return SdProofResult(False, f"no {CRYPTOSUITE} proof", "NO_PROOF")
    try:
        base = parse_base(proof.get("proofValue"))
        unsigned = unsecured(document)
        grouped = canonicalize_and_group(unsigned, hmac_label_map_factory(base.hmac_key),
                                         {"mandatory": base.mandatory_pointers}, loader=loader)
        group = grouped.groups["mandatory"]
        config_hash = proof_hash(proof, unsigned, loader=loader)
        return _check_signatures(base.base_signature, base.public_key, config_hash,
                                 mandatory_hash(list(group.matching.values())), issuer_key_multibase,
                                 base.signatures, list(group.non_matching.values()))
    except PassportError as exc:
        return SdProofResult(False, exc.message, _failure_code(exc))
