"""Passports as SD-JWT VCs (IETF RFC 9901 SD-JWT with the SD-JWT VC profile), for EUDI wallets.

    issue.py        the passport -> an SD-JWT VC, one disclosure per Annex XIII attribute (the holder's copy)
    present.py      the holder: keep one access group's disclosures; bind to the holder key (KB-JWT)
    verify.py       signature, disclosures, vct, validity, key binding, Bitstring Status List
    structure.py    split, decode, unpack (shared by holder and verifier)
    disclosures.py  disclosures and their SHA-256 digests
    jwk.py          holder keys as JWKs (`cnf`)

Media type `application/dc+sd-jwt`; `vct` https://w3id.org/battery-passport/vct/v1. Issuing raises
(`InputError`, `ProofError`); verifying returns a `VerificationResult` with format `dc+sd-jwt`.
"""

from passport.sdjwt.issue import MEDIA_TYPE, VCT, issue_sd_jwt_vc
from passport.sdjwt.jwk import key_from_jwk, public_jwk
from passport.sdjwt.present import bind, select_disclosures
from passport.sdjwt.verify import SdJwtVerification, verify_sd_jwt

__all__ = ["MEDIA_TYPE", "VCT", "SdJwtVerification", "bind", "issue_sd_jwt_vc", "key_from_jwk", "public_jwk",
           "select_disclosures", "verify_sd_jwt"]
