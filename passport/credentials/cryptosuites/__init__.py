"""The cryptosuites this library signs and verifies with, by their spec names."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from passport.credentials.cryptosuite import Cryptosuite
from passport.credentials.cryptosuites import (
    ecdsa_jcs_2019,
    ecdsa_rdfc_2019,
    ecdsa_sd_2023,
    ed25519_signature_2020,
    eddsa_jcs_2022,
    eddsa_rdfc_2022,
)
from passport.errors import ProofError

CRYPTOSUITES: Mapping[str, Cryptosuite] = MappingProxyType(
    {m.suite.name: m.suite for m in (eddsa_rdfc_2022, ecdsa_rdfc_2019, ecdsa_sd_2023, eddsa_jcs_2022,
                                     ecdsa_jcs_2019, ed25519_signature_2020)}
)


def get_cryptosuite(name: str) -> Cryptosuite:
    """The suite called `name`; unknown -> ProofError UNSUPPORTED_CRYPTOSUITE naming the known ones."""
    try:
        return CRYPTOSUITES[name]
    except (KeyError, TypeError):
        raise ProofError(f"unsupported cryptosuite {name!r}", code="UNSUPPORTED_CRYPTOSUITE",
                         details={"cryptosuite": name, "supported": sorted(CRYPTOSUITES)}) from None


def suite_of(proof: Mapping[str, Any]) -> Cryptosuite | None:
    """The suite a proof names: by `cryptosuite` for DataIntegrityProof, by `type` for legacy suites."""
    if proof.get("type") == "DataIntegrityProof":
        suite = CRYPTOSUITES.get(proof.get("cryptosuite"))  # type: ignore[arg-type]
        return suite if suite is not None and not suite.legacy else None
    suite = CRYPTOSUITES.get(proof.get("type"))  # type: ignore[arg-type]
    return suite if suite is not None and suite.legacy else None


__all__ = ["CRYPTOSUITES", "get_cryptosuite", "suite_of"]
