"""One base proof per passport, one derived disclosure per access group.

The issuer signs once (ecdsa-sd-2023) with the public attributes, the credential's identity and its status
entry as mandatory statements, so no reader can be shown a passport without them. Each reader then gets a
derived proof revealing exactly the attributes of their access group (Annex XIII), which verifies against
that one signature. The pointers come from the model's access-group tags (`passport.model.pointers_for`).
"""

from __future__ import annotations

from typing import Any

from passport.disclosure.ecdsa_sd_2023 import create_base_proof, derive_proof
from passport.keys import Signer
from passport.model.access import AccessGroup
from passport.model.projection import pointers_for

#: Envelope members every disclosure must carry, whoever reads it: dropping them would hide a revocation.
ALWAYS_REVEALED = ("credentialStatus",)
#: Envelope members only authorities see: digests of upstream evidence are derived from restricted data.
AUTHORITY_ONLY = ("relatedResource",)


def _unsigned(credential: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in credential.items() if k != "proof"}


def mandatory_pointers(credential: dict[str, Any]) -> list[str]:
    """What every disclosure reveals: the public view, the identity and the status entry."""
    pointers = pointers_for(_unsigned(credential), AccessGroup.PUBLIC)
    return pointers + [f"/{key}" for key in ALWAYS_REVEALED if key in credential]


def selective_pointers(credential: dict[str, Any], level: AccessGroup | str) -> list[str]:
    """What a reader at `level` sees beyond the mandatory statements."""
    level = AccessGroup(level)
    mandatory = set(mandatory_pointers(credential))
    unsigned = {k: v for k, v in _unsigned(credential).items() if k not in AUTHORITY_ONLY}
    pointers = [p for p in pointers_for(unsigned, level) if p not in mandatory]
    if level is AccessGroup.AUTHORITY:
        pointers += [f"/{key}" for key in AUTHORITY_ONLY if key in credential]
    return pointers


def sign_passport(credential: dict[str, Any], key: Signer, *, created: str | None = None,
                  loader: Any = None) -> dict[str, Any]:
    """The passport credential with its ecdsa-sd-2023 base proof (kept by the issuer, never served as is)."""
    return create_base_proof(credential, key, mandatory_pointers=mandatory_pointers(credential), created=created,
                             loader=loader)


def disclose(signed: dict[str, Any], level: AccessGroup | str, *, loader: Any = None) -> dict[str, Any]:
    """The derived credential a reader at `level` may see; it verifies against the issuer's one signature."""
    return derive_proof(signed, selective_pointers=selective_pointers(signed, level), loader=loader)
