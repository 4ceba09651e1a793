"""eddsa-rdfc-2022: Ed25519 over RDFC-1.0 canonical N-Quads, SHA-256 (Spec: VC DI EdDSA 1.0 §3.2)."""

from passport.credentials._canonize import rdfc
from passport.credentials.cryptosuite import Cryptosuite

suite = Cryptosuite(
    name="eddsa-rdfc-2022",
    transformation="rdfc-1.0",
    canonize=rdfc,
    hash_algorithms={"Ed25519": "sha256"},
)
