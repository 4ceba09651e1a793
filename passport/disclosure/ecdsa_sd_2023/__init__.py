"""The W3C `ecdsa-sd-2023` cryptosuite (Data Integrity ECDSA Cryptosuites v1.0 §3.5–3.6).

One file per role, as the spec splits them: `sign` (base proof, by the issuer), `derive` (a disclosure,
by the holder or our server), `verify` (the derived proof, by anyone; and the base proof, by its holder),
`proof_value` (their CBOR encodings).
"""

from passport.disclosure.ecdsa_sd_2023.derive import derive_proof
from passport.disclosure.ecdsa_sd_2023.sign import CRYPTOSUITE, create_base_proof
from passport.disclosure.ecdsa_sd_2023.verify import SdProofResult, verify_base_proof, verify_derived_proof, verify_proof

__all__ = ["CRYPTOSUITE", "SdProofResult", "create_base_proof", "derive_proof", "verify_base_proof",
           "verify_derived_proof", "verify_proof"]
