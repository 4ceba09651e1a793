"""ecdsa-rdfc-2019: ECDSA P-256/SHA-256 or P-384/SHA-384 over RDFC-1.0 (Spec: VC DI ECDSA 1.0 §3.2).

The curve picks the hash for canonicalization AND for hashing: P-384 runs RDFC-1.0 with SHA-384.
"""

from passport.credentials._canonize import rdfc
from passport.credentials.cryptosuite import Cryptosuite

suite = Cryptosuite(
    name="ecdsa-rdfc-2019",
    transformation="rdfc-1.0",
    canonize=rdfc,
    hash_algorithms={"P-256": "sha256", "P-384": "sha384"},
)
