"""Hashes shared by sign, derive and verify (spec: baseProofHashing and createVerifyData)."""

from __future__ import annotations

import hashlib
from typing import Any

from passport.jsonld import DocumentLoader, canonicalize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "ecdsa-sd-2023"


def proof_config(proof: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    """The proof without `proofValue`, in the document's `@context` (VC-DI add-proof and baseProofConfiguration)."""
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in document:
        config["@context"] = document["@context"]
    return config


def proof_hash(proof: dict[str, Any], document: dict[str, Any], *, loader: DocumentLoader | None = None) -> bytes:
    return hashlib.sha256(canonicalize(proof_config(proof, document), loader=loader).encode()).digest()


def mandatory_hash(mandatory: list[str]) -> bytes:
    return hashlib.sha256("".join(mandatory).encode()).digest()


def unsecured(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "proof"}
