"""Keys: Multikey encoding, key pairs and the Signer protocol, encrypted storage at rest.

Private keys stay inside `KeyPair` objects and sealed key files / store rows; they never reach logs,
error messages or reprs.
"""

from passport.keys import multibase, multikey
from passport.keys.keypair import (
    SUITE_ALGORITHMS,
    SUITES,
    KeyPair,
    Signer,
    algorithm_for_suite,
    generate_for_suite,
    generate_key_pair,
)
from passport.keys.keyfile import KeyFile, load_key_file, read_key_file, save_key_file

__all__ = sorted([
    "KeyFile",
    "KeyPair",
    "SUITES",
    "SUITE_ALGORITHMS",
    "Signer",
    "algorithm_for_suite",
    "generate_for_suite",
    "generate_key_pair",
    "load_key_file",
    "multibase",
    "multikey",
    "read_key_file",
    "save_key_file",
])
