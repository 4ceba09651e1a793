"""ecdsa-sd-2023: selective disclosure with ECDSA P-256 (Spec: VC DI ECDSA 1.0, ecdsa-sd-2023 algorithms).

The algorithms live in `passport.disclosure.ecdsa_sd_2023`; this module plugs them into the generic
`sign` (which then creates a base proof) and `verify` (which checks a derived proof, or a base proof as its
holder would).
"""

from __future__ import annotations

from typing import Any

from passport.credentials._canonize import rdfc
from passport.credentials.cryptosuite import Cryptosuite
from passport.disclosure.ecdsa_sd_2023 import create_base_proof, verify_proof
from passport.disclosure.ecdsa_sd_2023.proof_value import is_derived
from passport.errors import ProofError
from passport.keys import multikey
from passport.keys.multikey import PublicKey

#: What a base proof binds when the caller names nothing: who issued it, about whom, when it is valid, its status.
DEFAULT_MANDATORY = ("/issuer", "/validFrom", "/validUntil", "/credentialStatus")


def default_mandatory_pointers(document: dict[str, Any]) -> list[str]:
    pointers = [p for p in DEFAULT_MANDATORY if p[1:] in document]
    subject = document.get("credentialSubject")
    if isinstance(subject, dict) and "id" in subject:
        pointers.append("/credentialSubject/id")
    return pointers


def _add_proof(document: dict[str, Any], key: Any, options: dict[str, Any], loader: Any) -> dict[str, Any]:
    for unsupported in ("previousProof", "domain", "challenge"):
        if options.get(unsupported):
            raise ProofError(f"ecdsa-sd-2023 base proofs do not take {unsupported}", details={"field": unsupported})
    pointers = options.get("mandatoryPointers")
    if pointers is None:
        pointers = default_mandatory_pointers(document)
    return create_base_proof(document, key, mandatory_pointers=list(pointers), created=options["created"],
                             proof_purpose=options["proofPurpose"], loader=loader)


def _verify_proof(document: dict[str, Any], proof: dict[str, Any], public_key: PublicKey, loader: Any
                  ) -> tuple[bool, str, str | None]:
    result = verify_proof(document, multikey.encode_public_key(public_key), proof=proof, loader=loader)
    kind = "derived" if is_derived(proof.get("proofValue")) else "base"
    if result.verified:
        return True, f"ecdsa-sd-2023 {kind} proof: every disclosed statement is signed by the issuer", None
    return (False, f"ecdsa-sd-2023 {kind} proof does not verify: {result.reason}",
            f"ECDSA_SD_{kind.upper()}_{result.code or 'PROOF'}")


suite = Cryptosuite(
    name="ecdsa-sd-2023",
    transformation="rdfc-1.0",
    canonize=rdfc,
    hash_algorithms={"P-256": "sha256"},
    add_proof=_add_proof,
    verify_proof=_verify_proof,
)
