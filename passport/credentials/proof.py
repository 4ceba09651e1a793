"""The one Data Integrity proof machine: proof configuration -> canonicalize -> hash -> sign, for every suite.

Spec: VC Data Integrity 1.0 §4.2 (Add Proof), §4.3 (Add Proof Set/Chain), §4.5 (Verify Proof Sets and Chains)
and the shared shape of the suites' algorithms (eddsa-rdfc-2022 §3.2, ecdsa-rdfc-2019 §3.2, the JCS twins §3.3):

    hashData = hash(canonical proof configuration) || hash(canonical unsecured document [+ previous proofs])

A `DataIntegrityProof` is bound to one document. It canonicalizes the document once per (transformation,
hash, previousProof set) and reuses that hash for every proof of a proof set, which is where the time goes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from passport.credentials._time import parse_date_time_stamp
from passport.credentials.cryptosuite import Cryptosuite
from passport.errors import PassportError, ProofError
from passport.keys import multibase


@dataclass(frozen=True)
class HashData:
    """Every intermediate value of one proof's hashing, as the W3C vectors list them."""

    canonical_proof_config: bytes
    canonical_document: bytes
    proof_config_hash: bytes
    document_hash: bytes

    @property
    def value(self) -> bytes:
        """What is signed: proof-configuration hash first, then document hash."""
        return self.proof_config_hash + self.document_hash


class MissingPreviousProof(LookupError):
    """A `previousProof` names an id no proof in the set has."""

    def __init__(self, proof_id: object):
        super().__init__(proof_id)
        self.proof_id = proof_id


_SUITE_FIELDS = frozenset({"type", "cryptosuite", "proofValue"})


def proofs_of(document: Mapping[str, Any]) -> list[Any]:
    """The document's `proof` value as a list (a proof set of one when it is a single object)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return list(proof) if isinstance(proof, list) else [proof]


def _ids(previous_proof: Any) -> list[Any]:
    if previous_proof is None:
        return []
    return list(previous_proof) if isinstance(previous_proof, list) else [previous_proof]


class DataIntegrityProof:
    """Add and check Data Integrity proofs on one document (its proof set or chain included)."""

    def __init__(self, document: Mapping[str, Any], *, loader: Any = None):
        self.all_proofs: list[Any] = proofs_of(document)
        self.unsecured: dict[str, Any] = {k: v for k, v in document.items() if k != "proof"}
        self.loader = loader
        self._document_cache: dict[tuple[Any, ...], tuple[bytes, bytes]] = {}

    # -- proof sets and chains (§4.3 steps 3-5, §4.5 step 3.1-3.2) ---------------------------------------------

    def matching_proofs(self, previous_proof: Any) -> list[dict[str, Any]]:
        """The proofs `previousProof` names, in its order; a missing id raises MissingPreviousProof."""
        by_id = {p.get("id"): p for p in self.all_proofs if isinstance(p, dict) and p.get("id") is not None}
        matching = []
        for proof_id in _ids(previous_proof):
            if not isinstance(proof_id, str) or proof_id not in by_id:
                raise MissingPreviousProof(proof_id)
            matching.append(by_id[proof_id])
        return matching

    # -- hashing (suites' §3.x.4 Hashing, §3.x.5 Proof Configuration) -------------------------------------------

    def hash_data(self, suite: Cryptosuite, proof_options: Mapping[str, Any], key_algorithm: str) -> HashData:
        """Canonicalize and hash the proof configuration and the (cached) document for one proof."""
        canonical_config, config_hash = self.proof_config(suite, proof_options, key_algorithm)
        canonical_document, document_hash = self.document(suite, proof_options, key_algorithm)
        return HashData(canonical_proof_config=canonical_config, canonical_document=canonical_document,
                        proof_config_hash=config_hash, document_hash=document_hash)

    def proof_config(self, suite: Cryptosuite, proof_options: Mapping[str, Any], key_algorithm: str
                     ) -> tuple[bytes, bytes]:
        """(canonical proof configuration, its hash): the proof minus proofValue, in the document's context."""
        config = {k: v for k, v in proof_options.items() if k != "proofValue"}
        if not suite.proof_context and "@context" in self.unsecured:
            config["@context"] = self.unsecured["@context"]  # RDFC: the proof is read in the document's context
        canonical = suite.canonize(config, hash_algorithm=suite.hash_algorithm(key_algorithm), loader=self.loader)
        return canonical, suite.hash(canonical, key_algorithm)

    def document(self, suite: Cryptosuite, proof_options: Mapping[str, Any], key_algorithm: str
                 ) -> tuple[bytes, bytes]:
        """(canonical document, its hash) for one proof: the unsecured document plus the proofs it chains to.

        Cached per (transformation, hash, previousProof ids, JCS proof context): every proof of a proof set
        that chains to nothing shares one canonicalization.
        """
        previous = self.matching_proofs(proof_options.get("previousProof"))
        context = proof_options.get("@context") if suite.proof_context else None
        key = (suite.transformation, suite.hash_algorithm(key_algorithm), tuple(p["id"] for p in previous),
               json.dumps(context, sort_keys=True) if context is not None else None)
        cached = self._document_cache.get(key)
        if cached is None:
            document = dict(self.unsecured)
            if previous:
                document["proof"] = copy.deepcopy(previous)
            if context is not None:
                document["@context"] = context  # JCS verify: the document as the proof's @context saw it
            canonical = suite.canonize(document, hash_algorithm=suite.hash_algorithm(key_algorithm),
                                       loader=self.loader)
            cached = self._document_cache[key] = (canonical, suite.hash(canonical, key_algorithm))
        return cached

    # -- creating (§4.2 Add Proof; suites' Create Proof) ---------------------------------------------------------

    def create_proof(self, suite: Cryptosuite, signer: Any, options: Mapping[str, Any]) -> dict[str, Any]:
        """A new proof over the document (and the proofs its `previousProof` names). Raises ProofError."""
        algorithm = getattr(signer, "algorithm", None)
        if algorithm not in suite.required_algorithms:
            raise ProofError(f"{suite.name} cannot sign with a {algorithm} key",
                             details={"cryptosuite": suite.name, "algorithm": algorithm,
                                      "expected": sorted(suite.required_algorithms)})
        proof = {"type": suite.type, **({} if suite.legacy else {"cryptosuite": suite.name}),
                 **{k: v for k, v in options.items() if v is not None and k not in _SUITE_FIELDS}}
        for name in ("verificationMethod", "proofPurpose"):
            if not isinstance(proof.get(name), str) or not proof[name]:
                raise ProofError(f"proof option {name} is missing", details={"field": name})
        if "created" in proof and parse_date_time_stamp(proof["created"]) is None:
            raise ProofError("proof option created is not an XML Schema dateTimeStamp", details={"field": "created"})
        if suite.proof_context and "@context" in self.unsecured:
            proof["@context"] = copy.deepcopy(self.unsecured["@context"])
        try:
            hash_data = self.hash_data(suite, proof, algorithm)
        except MissingPreviousProof as exc:
            raise ProofError("previousProof names a proof the document does not have",
                             details={"field": "previousProof", "id": exc.proof_id}) from exc
        signature = suite.sign(signer, hash_data.value)
        proof["proofValue"] = multibase.encode(signature, "base58btc")
        return proof

    def add_proof(self, suite: Cryptosuite, signer: Any, options: Mapping[str, Any]) -> dict[str, Any]:
        """The secured document with one more proof (a single proof stays an object, a set becomes a list)."""
        proof = self.create_proof(suite, signer, options)
        secured = copy.deepcopy(self.unsecured)
        all_proofs = [*copy.deepcopy(self.all_proofs), proof]
        secured["proof"] = all_proofs[0] if len(all_proofs) == 1 else all_proofs
        return secured

def context_prefix_matches(document_context: Any, proof_context: Any) -> bool:
    """JCS suites: the document's @context starts with the proof's @context, in order (eddsa-jcs-2022 §3.3.2)."""
    doc = document_context if isinstance(document_context, list) else [document_context]
    prf = proof_context if isinstance(proof_context, list) else [proof_context]
    return len(prf) <= len(doc) and doc[: len(prf)] == prf


def decode_proof_value(proof_value: Any) -> bytes:
    """The signature bytes of a base58btc (`z`) proofValue; anything else raises ProofError MALFORMED_PROOF_ERROR."""
    if not isinstance(proof_value, str) or not proof_value.startswith("z"):
        raise ProofError("proofValue must be base58btc multibase text starting with 'z'",
                         code="MALFORMED_PROOF_ERROR", details={"field": "proofValue"})
    try:
        return multibase.decode(proof_value)
    except PassportError as exc:  # KeyMaterialError from multibase
        raise ProofError("proofValue is not valid base58btc", code="MALFORMED_PROOF_ERROR",
                         details={"field": "proofValue"}) from exc


def previous_proof_ids(proof: Mapping[str, Any]) -> Sequence[Any]:
    """The ids a proof's `previousProof` names (empty when it names none)."""
    return _ids(proof.get("previousProof"))
