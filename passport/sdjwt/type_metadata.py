"""The SD-JWT VC type metadata of `vct` https://w3id.org/battery-passport/vct/v1, generated from the model.

Spec: SD-JWT-based Verifiable Credentials, "SD-JWT VC Type Metadata" (`vct`, `name`, `description`, `claims` with
`path`, `display`, `sd`). Every attribute of the Annex XIII model has one claim entry, `sd: "always"` (each is
its own disclosure); a `null` in a path stands for every element of an array. `python -m passport.sdjwt`
rewrites `schemas/vct/battery-passport-v1.json`; a test checks the committed file equals the generated one.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from passport.model import Passport
from passport.model.tree import field_specs
from passport.sdjwt.issue import VCT

TYPE_METADATA_FILE = "vct/battery-passport-v1.json"


def _claims(model: type[BaseModel], prefix: list[str | None]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for alias, spec in field_specs(model).items():
        if not prefix and alias == "id":  # the battery is `sub`, always shown
            continue
        path = [*prefix, alias]
        info = spec.model.model_fields[spec.name]
        label = info.description or alias
        out.append({"path": path, "display": [{"lang": "en", "label": label}], "sd": "always"})
        if spec.nested is not None:
            out += _claims(spec.nested, [*path, None] if spec.is_list else path)
    return out


def type_metadata() -> dict[str, Any]:
    return {
        "vct": VCT,
        "name": "EU battery passport",
        "description": "A battery passport (Regulation (EU) 2023/1542, Annex XIII) as an SD-JWT VC: each attribute "
                       "is selectively disclosable; a holder presents those of its access group (public, "
                       "legitimate_interest, authority). Status: Bitstring Status List entries in "
                       "status.bitstring_status_list.",
        "display": [{"lang": "en", "name": "Battery passport"}, {"lang": "fr", "name": "Passeport de batterie"}],
        "claims": _claims(Passport, []),
    }


def render() -> str:
    return json.dumps(type_metadata(), indent=2, ensure_ascii=False) + "\n"


def write(root: Path | None = None) -> Path:
    base = Path(str(files("schemas"))) if root is None else root
    path = base / TYPE_METADATA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
