"""Selective disclosure: one issuer signature, a verifiable view per reader.

`ecdsa_sd_2023/` is the W3C cryptosuite (base proof, derived proof, verification);
`select.py`, `skolemize.py` and `groups.py` are the spec's selective-disclosure primitives
(Data Integrity ECDSA Cryptosuites v1.0 §3.3–3.4) it is built from.
"""
