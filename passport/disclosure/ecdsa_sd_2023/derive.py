"""Derived proof: reveal what some JSON pointers select, keep every revealed statement verifiable.

Spec: VC-DI-ECDSA, ecdsa-sd-2023 algorithms createDisclosureData and serializeDerivedProofValue; the step
numbers in comments are those of createDisclosureData.
"""

from __future__ import annotations

import copy
from typing import Any

from passport.disclosure.ecdsa_sd_2023._hashing import CRYPTOSUITE, unsecured
from passport.disclosure.ecdsa_sd_2023.proof_value import DerivedProofValue, parse_base, serialize_derived
from passport.disclosure.groups import canonicalize_and_group, hmac_label_map_factory
from passport.disclosure.select import select_json_ld
from passport.errors import PassportError, ProofError
from passport.jsonld import DocumentLoader, canonicalize_quads


def _base_proof(document: dict[str, Any]) -> dict[str, Any]:
    proofs = document.get("proof")
    candidates = proofs if isinstance(proofs, list) else [proofs] if isinstance(proofs, dict) else []
    for proof in candidates:
        if isinstance(proof, dict) and proof.get("cryptosuite") == CRYPTOSUITE:
            return proof
    raise ProofError(f"the credential has no {CRYPTOSUITE} base proof", code="PROOF_GENERATION_ERROR",
                     details={"pointer": "/proof"})


def derive_proof(
    document: dict[str, Any],
    *,
    selective_pointers: list[str],
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """The reveal document for `selective_pointers` (plus the issuer's mandatory pointers) with a derived proof."""
    proof = _base_proof(document)
    base = parse_base(proof.get("proofValue"))
    unsigned = unsecured(document)
    combined_pointers = list(base.mandatory_pointers) + [p for p in selective_pointers if p not in base.mandatory_pointers]
    if not combined_pointers:
        raise ProofError("nothing to disclose: no mandatory and no selective pointers", code="PROOF_GENERATION_ERROR",
                         details={"pointer": "/proof/proofValue"})
    try:
        # createDisclosureData steps 4-5: group the issuer's HMAC-relabelled N-Quads three ways.
        grouped = canonicalize_and_group(
            unsigned, hmac_label_map_factory(base.hmac_key),
            {"mandatory": list(base.mandatory_pointers), "selective": list(selective_pointers), "combined": combined_pointers},
            loader=loader,
        )
        mandatory, selective, combined = (grouped.groups[n] for n in ("mandatory", "selective", "combined"))
        # Step 8: positions of the mandatory statements among the revealed ones.
        combined_indexes = sorted(combined.matching)
        mandatory_indexes = [pos for pos, index in enumerate(combined_indexes) if index in mandatory.matching]
        # Step 9-10: keep the signatures of the revealed non-mandatory statements.
        filtered = [base.signatures[pos] for pos, index in enumerate(sorted(mandatory.non_matching))
                    if index in selective.matching]
        if len(base.signatures) != len(mandatory.non_matching):
            raise ProofError("the base proof's signature count does not match the document",
                             code="PROOF_GENERATION_ERROR", details={"pointer": "/proof/proofValue"})
        # Step 11-12: the reveal document, and the map from its canonical labels to the issuer's labels.
        reveal = select_json_ld(combined_pointers, unsigned)
        canonical = canonicalize_quads(combined.deskolemized_quads)
        verifier_label_map = {
            canon.removeprefix("_:"): grouped.label_map[inp.removeprefix("_:")] for inp, canon in canonical.issued.items()
        }
    except PassportError as exc:
        if isinstance(exc, ProofError):
            raise
        raise ProofError(f"cannot derive the disclosure: {exc.message}", code="PROOF_GENERATION_ERROR",
                         details=exc.details) from exc
    derived_proof = {k: copy.deepcopy(v) for k, v in proof.items() if k != "proofValue"}
    derived_proof["proofValue"] = serialize_derived(DerivedProofValue(
        base.base_signature, base.public_key, filtered, verifier_label_map, mandatory_indexes))
    return {**(reveal or {}), "proof": derived_proof}
