"""eddsa-jcs-2022: Ed25519 over RFC 8785 canonical JSON, SHA-256 (Spec: VC DI EdDSA 1.0 §3.3).

The proof carries the document's `@context` (Create Proof step 2), so it is signed too.
"""

from passport.credentials._canonize import jcs
from passport.credentials.cryptosuite import Cryptosuite

suite = Cryptosuite(
    name="eddsa-jcs-2022",
    transformation="jcs",
    canonize=jcs,
    hash_algorithms={"Ed25519": "sha256"},
    proof_context=True,
)
