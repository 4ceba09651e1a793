"""The published JSON Schemas of the models we exchange with (vendored under `schemas/exchange/`), and checking a
document against one.

Both the Battery Pass 1.2.0 and the Catena-X 6.1.0 schemas are SAMM-generated JSON Schema draft-04; six of the
seven Battery Pass files are UTF-16LE with a byte-order mark, as published, so they are read with the BOM honoured.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema

_ROOT = files("schemas") / "exchange"


@dataclass(frozen=True)
class SchemaError:
    """One failed check: the JSON pointer in the document, the schema keyword that failed, the message."""

    pointer: str
    keyword: str
    message: str


@cache
def load_schema(folder: str, name: str) -> dict[str, Any]:
    """A vendored schema, `schemas/exchange/<folder>/<name>`, decoded by its byte-order mark."""
    raw = (_ROOT / folder / name).read_bytes()
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return json.loads(raw.decode(encoding))


def check(document: Any, schema: dict[str, Any]) -> list[SchemaError]:
    """Every way `document` fails `schema` (draft-04, formats checked), in document order."""
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = []
    for error in validator.iter_errors(document):
        pointer = "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else ""
            pointer = f"{pointer}/{missing}"
        errors.append(SchemaError(pointer, str(error.validator), error.message))
    return sorted(errors, key=lambda e: (e.pointer, e.keyword))
