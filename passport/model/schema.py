"""JSON Schemas generated from the model, and the writer of every generated artefact (schemas and context).

`battery-passport.schema.json` validates a passport (quantities as numbers or decimal strings),
`battery-passport-create.schema.json` the same without a required `id` (what `passport issue` reads);
`battery-passport-credential.schema.json` describes the unsigned credential as `to_credential` writes it
(quantities as strings). Each field keeps its `accessGroup`, `annexXIII` and `unitCode` annotations.
Regenerate with `python -m passport.model`; a test diffs the committed files.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from passport.model.context import CONTEXT_FILE, CONTEXT_URL, render_context
from passport.model.credential import CREDENTIAL_TYPE, SUBJECT_TYPE, VC2_CONTEXT_URL
from passport.model.passport import Passport, PassportBase, PassportCreate

SCHEMA_BASE = "https://w3id.org/battery-passport/schema/v1/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
PASSPORT_SCHEMA_FILE = "battery-passport.schema.json"
CREATE_SCHEMA_FILE = "battery-passport-create.schema.json"
CREDENTIAL_SCHEMA_FILE = "battery-passport-credential.schema.json"


def passport_schema(model: type[PassportBase] = Passport) -> dict[str, Any]:
    """Schema of a passport as input: what `model.model_validate` accepts, less the cross-field rules."""
    name = PASSPORT_SCHEMA_FILE if model is Passport else CREATE_SCHEMA_FILE
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, "$id": SCHEMA_BASE + name, **schema}


def credential_schema() -> dict[str, Any]:
    """Schema of an unsigned BatteryPassportCredential as `to_credential` writes it."""
    subject = Passport.model_json_schema(by_alias=True, mode="serialization", ref_template="#/$defs/{model}")
    defs = subject.pop("$defs")
    subject["properties"] = {"type": {"const": SUBJECT_TYPE}, **subject["properties"]}
    subject["required"] = ["type", *subject["required"]]
    defs["Passport"] = subject
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_BASE + CREDENTIAL_SCHEMA_FILE,
        "title": CREDENTIAL_TYPE,
        "type": "object",
        "required": ["@context", "type", "issuer", "validFrom", "credentialSubject"],
        "properties": {
            "@context": {"type": "array", "prefixItems": [{"const": VC2_CONTEXT_URL}, {"const": CONTEXT_URL}],
                         "minItems": 2},
            "id": {"type": "string", "format": "uri"},
            "type": {"type": "array", "allOf": [{"contains": {"const": "VerifiableCredential"}},
                                                {"contains": {"const": CREDENTIAL_TYPE}}]},
            "issuer": {"anyOf": [{"type": "string", "format": "uri"},
                                 {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}]},
            "validFrom": {"type": "string", "format": "date-time"},
            "validUntil": {"type": "string", "format": "date-time"},
            "credentialSubject": {"$ref": "#/$defs/Passport"},
            "proof": {},
        },
        "$defs": defs,
    }


def render(document: dict[str, Any]) -> str:
    """Committed text of a generated JSON document."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def artefacts() -> dict[str, str]:
    """Generated file (relative to `schemas/`) -> its exact text."""
    return {
        f"json/{PASSPORT_SCHEMA_FILE}": render(passport_schema()),
        f"json/{CREATE_SCHEMA_FILE}": render(passport_schema(PassportCreate)),
        f"json/{CREDENTIAL_SCHEMA_FILE}": render(credential_schema()),
        f"contexts/{CONTEXT_FILE}": render_context(),
    }


def write_artefacts(root: Path | None = None) -> list[Path]:
    """Write every generated artefact under `root` (default: the installed `schemas` package)."""
    base = Path(str(files("schemas"))) if root is None else root
    written = []
    for relative, text in artefacts().items():
        path = base / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
