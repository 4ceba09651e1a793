"""Ed25519Signature2020, the legacy (2020 design pattern) form of eddsa-rdfc-2022 (Spec: VC DI EdDSA 1.0 §3.4).

Same steps as eddsa-rdfc-2022 (RDFC-1.0, SHA-256, Ed25519), but named by the proof `type` with no
`cryptosuite`, and the document must include https://w3id.org/security/suites/ed25519-2020/v1. Kept so that
credentials issued with it stay verifiable; new credentials should use eddsa-rdfc-2022.
"""

from passport.credentials._canonize import rdfc
from passport.credentials.cryptosuite import Cryptosuite

suite = Cryptosuite(
    name="Ed25519Signature2020",
    type="Ed25519Signature2020",
    transformation="rdfc-1.0",
    canonize=rdfc,
    hash_algorithms={"Ed25519": "sha256"},
)
