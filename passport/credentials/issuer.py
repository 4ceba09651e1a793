"""Who issued a credential, and whether a key speaks for that issuer: one answer for every caller.

Spec: VC Data Model 2.0 §4.7 (`issuer`: a URL, or an object with `id`); VC Data Integrity 1.0 §4.4 and
Controlled Identifiers 1.0 §3.3 (the verification method's controller must be the issuer, or a signature by
any key could claim to come from anyone). Verifiers (`verify`, `verify_jwt`) check the resolved method's
controller; intake steps that also accept injected verifiers check the proofs' own `verificationMethod` DIDs
with `signed_by_issuer`, so an impostor's valid signature never counts whatever verifier was plugged in.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from passport.credentials import result as r
from passport.credentials.result import Check
from passport.errors import ProofError

ISSUER_MISMATCH = "ISSUER_MISMATCH"


def issuer_id(credential: Mapping[str, Any]) -> str | None:
    """The issuer's URL, whether `issuer` is a string or an object with `id`; None when there is none."""
    issuer = credential.get("issuer") if isinstance(credential, Mapping) else None
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) and issuer else None


def is_presentation(document: Mapping[str, Any]) -> bool:
    """True when `type` names VerifiablePresentation (VC Data Model 2.0 §4.13)."""
    types = document.get("type")
    return "VerifiablePresentation" in (types if isinstance(types, list) else [types])


def bound_party(document: Mapping[str, Any]) -> str | None:
    """Who must control the proof's key: a credential's issuer, a presentation's holder."""
    if is_presentation(document):
        holder = document.get("holder")
        holder = holder.get("id") if isinstance(holder, Mapping) else holder
        return holder if isinstance(holder, str) and holder else None
    return issuer_id(document)


def issuer_binding(document: Mapping[str, Any], controller: str | None, *, proof: int | None = None) -> Check:
    """The key's controller is the credential's issuer, or the presentation's holder (the "signed by its own
    key" rule)."""
    party = bound_party(document)
    role = "holder" if is_presentation(document) else "issuer"
    if controller is not None and controller == party:
        return Check(name=r.ISSUER_BINDING, passed=True, reason=f"the key is controlled by the {role} {party}",
                     proof=proof)
    return Check(name=r.ISSUER_BINDING, passed=False, code=ISSUER_MISMATCH, proof=proof,
                 reason=f"the key's controller {controller} is not the {role} {party}")


def signed_by_issuer(credential: Mapping[str, Any]) -> Check:
    """Every proof names a verification method of the issuer's own DID (`did…#fragment`), and there is one."""
    proofs = credential.get("proof") if isinstance(credential, Mapping) else None
    proofs = proofs if isinstance(proofs, list) else [proofs] if proofs is not None else []
    if not proofs:
        return Check(name=r.ISSUER_BINDING, passed=False, code=ISSUER_MISMATCH, reason="the credential has no proof")
    for index, proof in enumerate(proofs):
        method = proof.get("verificationMethod") if isinstance(proof, Mapping) else None
        controller = method.split("#", 1)[0] if isinstance(method, str) and "#" in method else None
        check = issuer_binding(credential, controller, proof=index)
        if not check.passed:
            return check
    return Check(name=r.ISSUER_BINDING, passed=True, reason="every proof is made with a key of the issuer's DID")


def bind_issuer(credential: Mapping[str, Any], controller: str, *, from_key: bool = False, allow_other: bool = False
                ) -> Mapping[str, Any]:
    """The credential whose issuer the key speaks for: checked, or (`from_key`) set to the key's controller."""
    if from_key and not is_presentation(credential):
        issuer = credential.get("issuer")
        return {**credential, "issuer": {**issuer, "id": controller} if isinstance(issuer, Mapping) else controller}
    party = bound_party(credential)
    if party is not None and party != controller and not allow_other:
        role = "holder" if is_presentation(credential) else "issuer"
        raise ProofError(f"the credential's {role} {party} is not the signing key's controller {controller}: "
                         "verification would refuse it (set the issuer from the key instead)", code="ISSUER_MISMATCH",
                         details={"pointer": "/holder" if role == "holder" else "/issuer", role: party,
                                  "controller": controller})
    return credential
