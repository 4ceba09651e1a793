"""ecdsa-jcs-2019: ECDSA P-256/SHA-256 or P-384/SHA-384 over RFC 8785 JSON (Spec: VC DI ECDSA 1.0 §3.3)."""

from passport.credentials._canonize import jcs
from passport.credentials.cryptosuite import Cryptosuite

suite = Cryptosuite(
    name="ecdsa-jcs-2019",
    transformation="jcs",
    canonize=jcs,
    hash_algorithms={"P-256": "sha256", "P-384": "sha384"},
    proof_context=True,
)
