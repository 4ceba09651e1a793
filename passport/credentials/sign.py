"""Sign a credential: add one Data Integrity proof (to its proof set, or chained with `previous_proof`).

Spec: VC Data Integrity 1.0 §4.2 (Add Proof) and §4.3 (Add Proof Set/Chain). Issuing raises `ProofError`;
the input is never modified.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from passport.credentials._time import format_date_time_stamp, utc_now
from passport.credentials.cryptosuites import get_cryptosuite
from passport.credentials.issuer import bind_issuer
from passport.credentials.numbers import lossy_numbers
from passport.credentials.proof import DataIntegrityProof
from passport.errors import PassportError, ProofError
from passport.jsonld.loader import default_loader


def sign(
    credential: Mapping[str, Any],
    key: Any,
    *,
    suite: str = "eddsa-rdfc-2022",
    created: datetime | str | None = None,
    proof_purpose: str = "assertionMethod",
    previous_proof: str | list[str] | None = None,
    proof_id: str | None = None,
    domain: str | list[str] | None = None,
    challenge: str | None = None,
    expires: datetime | str | None = None,
    mandatory_pointers: list[str] | None = None,
    loader: Any = None,
    issuer_from_key: bool = False,
    allow_other_issuer: bool = False,
) -> dict[str, Any]:
    """The credential with a new proof by `key` (a `passport.keys.Signer`: KeyPair, HSM or KMS adapter).

    `created` defaults to now (UTC, to the second); pass a datetime or an xsd:dateTimeStamp string to fix it.
    `previous_proof` names the id(s) of existing proofs this one chains to; `proof_id` gives the new proof an
    id so later proofs can chain to it. `domain` and `challenge` lock the proof to a verifier's security
    domain and nonce (DI 1.0 §2.1; used when proving possession, e.g. in presentations); `expires` ends the
    proof's validity (DI 1.0 §2.1).
    `mandatory_pointers` (ecdsa-sd-2023 only) name what every later disclosure must reveal; by default the
    issuer, the validity period and the status entry. Raises ProofError (code PROOF_GENERATION_ERROR, or the
    JSON-LD code in `details["cause"]` when the document cannot be canonicalized, e.g. an undefined term).

    Signing refuses what verification would refuse: a credential whose `issuer` (a presentation's `holder`) is
    not the key's controller raises ProofError ISSUER_MISMATCH naming both, unless `issuer_from_key` sets it to
    the key's controller (keeping an issuer object's other members). `allow_other_issuer` is for building the
    forgeries negative tests need, never for issuing.
    """
    if not isinstance(credential, Mapping):
        raise ProofError("a credential must be a JSON object", details={"field": "credential"})
    cryptosuite = get_cryptosuite(suite)
    lossy = next(lossy_numbers(credential), None)
    if lossy is not None:
        raise ProofError("this JSON number would not be signed faithfully (JSON-LD processors disagree on it); "
                         "write it as a decimal string", code="LOSSY_NUMBER", details={"pointer": lossy})
    for name in ("id", "controller", "algorithm"):
        if not isinstance(getattr(key, name, None), str):
            raise ProofError(f"the signing key has no {name}", details={"field": name})
    credential = bind_issuer(credential, key.controller, from_key=issuer_from_key, allow_other=allow_other_issuer)
    options = {
        "id": proof_id,
        "created": format_date_time_stamp(created or utc_now()) if not isinstance(created, str) else created,
        "verificationMethod": key.id,
        "proofPurpose": proof_purpose,
        "previousProof": previous_proof,
        "domain": domain,
        "challenge": challenge,
        "expires": format_date_time_stamp(expires) if isinstance(expires, datetime) else expires,
    }
    loader = default_loader() if loader is None else loader
    if mandatory_pointers is not None and cryptosuite.add_proof is None:
        raise ProofError(f"{suite} has no mandatory pointers: it is not a selective-disclosure suite",
                         details={"field": "mandatory_pointers"})
    try:
        if cryptosuite.add_proof is not None:
            if key.algorithm not in cryptosuite.required_algorithms:
                raise ProofError(f"{suite} signs with {', '.join(sorted(cryptosuite.required_algorithms))} keys, "
                                 f"not {key.algorithm}", code="ALGORITHM_SUITE_MISMATCH", details={"field": "key"})
            return cryptosuite.add_proof(dict(credential), key, {**options, "mandatoryPointers": mandatory_pointers},
                                         loader)
        return DataIntegrityProof(credential, loader=loader).add_proof(cryptosuite, key, options)
    except ProofError:
        raise
    except PassportError as exc:
        raise ProofError(f"cannot sign: {exc.message}", details={"cause": exc.code, **exc.details}) from exc

