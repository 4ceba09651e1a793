"""The SYNTHETIC carbon examples: the calculation inputs of the two example passports, with their supplier
footprint claims signed at load time (keys are fresh per run, as in the custody example)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import passport
from indices.carbon import footprint_credential, loader
from passport.keys import KeyPair, generate_key_pair

HERE = Path(__file__).parent
EXAMPLES = ("nmc811-ev-pack", "lfp-industrial-storage")


def claims(name: str) -> list[dict[str, Any]]:
    return json.loads((HERE / f"{name}.supplier-claims.json").read_text(encoding="utf-8"))["claims"]


def example_input(name: str, keys: Mapping[str, KeyPair] | None = None) -> dict[str, Any]:
    """The input of example `name` with its claims signed: by the custody example's party key when `keys`
    has it (so custody can prove the link), else by a fresh key that speaks for no one in the chain."""
    keys = dict(keys or {})
    data = json.loads((HERE / f"{name}.json").read_text(encoding="utf-8"))
    signed = []
    for n, claim in enumerate(claims(name)):
        key = keys.setdefault(claim["signer"], generate_key_pair("Ed25519"))
        credential = footprint_credential(claim["subject"], issuer=key.controller,
                                          credential_id=f"urn:example:carbon:{name}:{n}")
        signed.append(passport.sign(credential, key, loader=loader(), created="2026-01-15T00:00:00Z"))
    data["supplierFootprints"] = signed
    return data
