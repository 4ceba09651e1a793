"""The holder's side: present exactly one access group's attributes, optionally bound to the holder's key.

Spec: RFC 9901 §4.3 (presentation, Key Binding JWT with `sd_hash`, `aud`, `nonce`, `iat`). A disclosure is kept
when its attribute is readable at the level (the Annex XIII tags, `passport.model.pointers_for`) or holds one
that is: a section is disclosed as its digests, so revealing it shows nothing more of a higher level.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from passport.credentials.jose import JWS_ALGORITHMS, _b64
from passport.errors import InputError
from passport.keys import Signer
from passport.model.access import AccessGroup
from passport.model.projection import pointers_for
from passport.sdjwt.issue import sign_compact
from passport.sdjwt.disclosures import b64_digest
from passport.sdjwt.structure import decode_jws, split, unpack

KB_TYP = "kb+jwt"


def _readable(pointer: str, visible: list[str]) -> bool:
    return any(pointer == p or pointer.startswith(p + "/") or p.startswith(pointer + "/") for p in visible)


def select_disclosures(sd_jwt: str, level: AccessGroup | str) -> str:
    """`sd_jwt` (issued, with every disclosure) cut down to what a reader at `level` may see; no KB-JWT."""
    try:
        parsed = split(sd_jwt)
        _, payload, _, _ = decode_jws(parsed.jws)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError("not an SD-JWT", code="INVALID_SD_JWT", details={"pointer": ""}) from exc
    unpacked = unpack(payload, parsed.disclosures)
    if unpacked.problems:
        raise InputError(f"the SD-JWT is not well formed: {unpacked.problems[0]}", code="INVALID_SD_JWT",
                         details={"problems": unpacked.problems})
    subject = {k: v for k, v in unpacked.claims.items()
               if k not in ("iss", "iat", "nbf", "exp", "vct", "sub", "status", "cnf")}
    visible = pointers_for({"credentialSubject": subject}, AccessGroup(level))
    kept = [d for d in parsed.disclosures if _readable(unpacked.pointers.get(b64_digest(d), ""), visible)]
    return "~".join([parsed.jws, *kept]) + "~"


def bind(presentation: str, holder: Signer, *, audience: str, nonce: str, now: datetime | None = None) -> str:
    """Append a Key Binding JWT signed by the holder's key (the one in `cnf`) over this presentation."""
    alg = JWS_ALGORITHMS.get(holder.algorithm)
    if alg is None:
        raise InputError("the holder key must be Ed25519, P-256 or P-384", details={"field": "holder_key"})
    without_kb = split(presentation).without_kb
    sd_hash = _b64(hashlib.sha256(without_kb.encode("ascii")).digest())
    payload = {"iat": int((now or datetime.now(UTC)).timestamp()), "aud": audience, "nonce": nonce,
               "sd_hash": sd_hash}
    return without_kb + sign_compact({"alg": alg, "typ": KB_TYP}, payload, holder)
