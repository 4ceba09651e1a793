"""Base proof: the issuer signs every statement separately with a one-time key, and the mandatory ones together.

Spec: VC-DI-ECDSA, ecdsa-sd-2023 algorithms baseProofTransformation, baseProofConfiguration,
baseProofHashing and baseProofSerialization.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Any

from passport.disclosure.ecdsa_sd_2023._hashing import (
    CRYPTOSUITE,
    PROOF_TYPE,
    mandatory_hash,
    proof_hash,
    unsecured,
)
from passport.disclosure.ecdsa_sd_2023.proof_value import BaseProofValue, serialize_base
from passport.disclosure.groups import canonicalize_and_group, hmac_label_map_factory
from passport.errors import PassportError, ProofError
from passport.jsonld import DocumentLoader
from passport.keys import KeyPair, Signer, generate_key_pair, multibase

__all__ = ["CRYPTOSUITE", "create_base_proof"]


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def create_base_proof(
    document: dict[str, Any],
    key: Signer,
    *,
    mandatory_pointers: list[str],
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
    loader: DocumentLoader | None = None,
    hmac_key: bytes | None = None,
    proof_key: KeyPair | None = None,
) -> dict[str, Any]:
    """`document` with an ecdsa-sd-2023 base proof; raises `ProofError` on anything it cannot sign.

    `hmac_key` and `proof_key` are injectable so tests can reproduce the W3C vectors; leave them unset
    in production, where both are fresh random values for every credential.
    """
    if key.algorithm != "P-256":
        raise ProofError(f"{CRYPTOSUITE} signs with a P-256 key, not {key.algorithm}",
                         code="ALGORITHM_SUITE_MISMATCH", details={"suite": CRYPTOSUITE})
    if "proof" in document:
        raise ProofError("the document already carries a proof; sign the unsecured document",
                         code="PROOF_GENERATION_ERROR", details={"pointer": "/proof"})
    document = unsecured(document)
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created or _now(),
        "verificationMethod": key.id,
        "proofPurpose": proof_purpose,
    }
    hmac_key = hmac_key if hmac_key is not None else os.urandom(32)
    proof_key = proof_key or generate_key_pair("P-256")
    try:
        # baseProofTransformation: HMAC-relabelled canonical N-Quads, split by the mandatory pointers.
        grouped = canonicalize_and_group(document, hmac_label_map_factory(hmac_key), {"mandatory": mandatory_pointers},
                                         loader=loader)
        group = grouped.groups["mandatory"]
        # baseProofHashing.
        config_hash = proof_hash(proof, document, loader=loader)
        m_hash = mandatory_hash(list(group.matching.values()))
    except PassportError as exc:
        raise ProofError(f"cannot create the base proof: {exc.message}", code="PROOF_GENERATION_ERROR",
                         details=exc.details) from exc
    # baseProofSerialization: one signature per non-mandatory statement, then the base signature.
    signatures = [proof_key.sign(nquad.encode()) for nquad in group.non_matching.values()]
    public_key = multibase.decode(proof_key.public_key_multibase)
    base_signature = key.sign(config_hash + public_key + m_hash)
    proof["proofValue"] = serialize_base(
        BaseProofValue(base_signature, public_key, hmac_key, signatures, list(mandatory_pointers)))
    return {**document, "proof": proof}
