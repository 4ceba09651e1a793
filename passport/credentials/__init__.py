"""Verifiable Credentials: Data Integrity proofs (eddsa-rdfc-2022, ecdsa-rdfc-2019 and their JCS twins),
proof sets and chains, the enveloped `vc+jwt` form, and a verifier that says which check failed and why.

    sign(credential, key, suite=...)        add a Data Integrity proof (raises ProofError)
    verify(credential) -> VerificationResult never raises on bad input
    sign_jwt / sign_enveloped / verify_jwt   VC-JOSE-COSE `vc+jwt`
    DataIntegrityProof, Cryptosuite          the proof machine and the declarative suites it runs
"""

from passport.credentials.cryptosuite import Cryptosuite
from passport.credentials.cryptosuites import CRYPTOSUITES, get_cryptosuite
from passport.credentials.jose import envelope, sign_enveloped, sign_jwt
from passport.credentials.proof import DataIntegrityProof, HashData
from passport.credentials.resolver import Resolver
from passport.credentials.result import Check, ProofResult, VerificationResult
from passport.credentials.sign import sign
from passport.credentials.status import StatusChecker
from passport.credentials.status_list import BitstringStatusChecker
from passport.credentials.verify import verify, verify_jwt

__all__ = sorted([
    "BitstringStatusChecker",
    "CRYPTOSUITES",
    "Check",
    "Cryptosuite",
    "DataIntegrityProof",
    "Resolver",
    "HashData",
    "ProofResult",
    "StatusChecker",
    "VerificationResult",
    "envelope",
    "get_cryptosuite",
    "sign",
    "sign_enveloped",
    "sign_jwt",
    "verify",
    "verify_jwt",
])
