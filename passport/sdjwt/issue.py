"""Issue a passport as an SD-JWT VC: every Annex XIII attribute its own disclosure, the envelope in the clear.

Spec: RFC 9901 (SD-JWT) §4 and SD-JWT-based Verifiable Credentials (`dc+sd-jwt`, `vct`, `cnf`, `status`).
The credential's envelope becomes registered claims that every holder must show: `iss` (the issuer DID), `sub`
(the battery), `nbf`/`exp` (validFrom/validUntil), `iat`, `vct`, `status` and, when a holder key is given,
`cnf` (for key binding). Each member of `credentialSubject` becomes a disclosure, recursively: a section is
disclosed as an object holding only the digests of its own members, so a holder reveals exactly the attributes
of its access group (`passport.sdjwt.present`). Status is the passport's Bitstring Status List entries, under
`status.bitstring_status_list` (the same lists the JSON-LD passport uses; no Token Status List is kept).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from passport.credentials._time import parse_date_time_stamp
from passport.credentials.checks import issuer_id
from passport.credentials.jose import JWS_ALGORITHMS, _b64
from passport.errors import InputError, ProofError
from passport.keys import Signer
from passport.sdjwt.disclosures import HASH_NAME, SD, SD_ALG, Disclosure, make

VCT = "https://w3id.org/battery-passport/vct/v1"
TYP = "dc+sd-jwt"
STATUS_KIND = "bitstring_status_list"
MEDIA_TYPE = "application/dc+sd-jwt"


def _conceal(value: Any, out: list[Disclosure]) -> Any:
    """Objects: every member a disclosure, the object itself only its sorted digests. Arrays: elements kept in
    place (their own members concealed). Scalars: as they are."""
    if isinstance(value, dict):
        digests = []
        for name, member in value.items():
            disclosure = make(name, _conceal(member, out))
            out.append(disclosure)
            digests.append(disclosure.digest)
        return {SD: sorted(digests)}  # sorted: the order of members tells nothing
    if isinstance(value, list):
        return [_conceal(item, out) for item in value]
    return value


def _seconds(credential: dict[str, Any], name: str) -> int | None:
    if name not in credential:
        return None
    moment = parse_date_time_stamp(credential[name])
    if moment is None:
        raise InputError(f"{name} is not an XML Schema dateTimeStamp", details={"pointer": f"/{name}"})
    return int(moment.timestamp())


def sd_jwt_claims(credential: dict[str, Any], *, holder_jwk: dict[str, str] | None, now: datetime
                  ) -> tuple[dict[str, Any], list[Disclosure]]:
    """The SD-JWT payload of a passport credential and its disclosures."""
    subject = credential.get("credentialSubject")
    issuer = issuer_id(credential)
    if not isinstance(subject, dict) or issuer is None:
        raise InputError("a passport credential needs an issuer and one credentialSubject",
                         details={"pointer": "/credentialSubject" if issuer else "/issuer"})
    disclosures: list[Disclosure] = []
    body = {k: v for k, v in subject.items() if k not in ("id", "type")}
    payload: dict[str, Any] = {"iss": issuer, "iat": int(now.timestamp()), "vct": VCT}
    if isinstance(subject.get("id"), str):
        payload["sub"] = subject["id"]
    for claim, member in (("nbf", "validFrom"), ("exp", "validUntil")):
        seconds = _seconds(credential, member)
        if seconds is not None:
            payload[claim] = seconds
    status = credential.get("credentialStatus")
    if status:
        payload["status"] = {STATUS_KIND: status if isinstance(status, list) else [status]}
    if holder_jwk is not None:
        payload["cnf"] = {"jwk": holder_jwk}
    payload[SD] = _conceal(body, disclosures)[SD]
    payload[SD_ALG] = HASH_NAME
    return payload, disclosures


def sign_compact(header: dict[str, Any], payload: dict[str, Any], signer: Signer) -> str:
    """A compact JWS (RFC 7515 §7.1) signed by `signer` (its raw Ed25519 / ECDSA r||s signature)."""
    signing_input = (f"{_b64(json.dumps(header, separators=(',', ':')).encode())}."
                     f"{_b64(json.dumps(payload, separators=(',', ':'), ensure_ascii=False).encode('utf-8'))}")
    return f"{signing_input}.{_b64(signer.sign(signing_input.encode('ascii')))}"


def issue_sd_jwt_vc(credential: dict[str, Any], signer: Signer, *, holder_jwk: dict[str, str] | None = None,
                    now: datetime | None = None) -> str:
    """The passport as an SD-JWT VC with every disclosure (`<jws>~<d1>~...~<dn>~`): what the holder keeps."""
    alg = JWS_ALGORITHMS.get(signer.algorithm)
    if alg is None:
        raise ProofError("an SD-JWT VC is signed with an Ed25519, P-256 or P-384 key",
                         details={"algorithm": signer.algorithm})
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    payload, disclosures = sd_jwt_claims(unsigned, holder_jwk=holder_jwk, now=now or datetime.now(UTC))
    if payload["iss"] != signer.controller:
        raise ProofError("the key is not controlled by the passport's issuer", code="ISSUER_KEY_MISMATCH",
                         details={"issuer": payload["iss"]})
    jws = sign_compact({"alg": alg, "typ": TYP, "kid": signer.id}, payload, signer)
    return "~".join([jws, *(d.encoded for d in disclosures)]) + "~"
