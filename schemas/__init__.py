"""Shipped data that defines formats: JSON Schemas (`json/`) and JSON-LD contexts (`contexts/`).

Loaded through these functions so code never depends on the current directory.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from passport.errors import NotFoundError

ROOT = files(__name__)


@lru_cache(maxsize=None)
def load_json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema `schemas/json/<name>.schema.json`."""
    resource = ROOT / "json" / f"{name}.schema.json"
    if not resource.is_file():
        raise NotFoundError(f"no JSON Schema named {name!r}", details={"file": f"schemas/json/{name}.schema.json"})
    return json.loads(resource.read_text(encoding="utf-8"))


#: The JSON Schema dialect of every generated schema.
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def render_json(document: dict[str, Any]) -> str:
    """The committed text of a generated file: indented, UTF-8, newline-terminated (diffs stay readable)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_json_schemas(documents: dict[str, dict[str, Any]], root: Path | None = None) -> list[Path]:
    """Write generated schemas {file name: schema} under `root` (default: the package's `schemas/json/`)."""
    base = root or Path(str(ROOT / "json"))
    written = []
    for name, schema in documents.items():
        path = base / name
        path.write_text(render_json(schema), encoding="utf-8")
        written.append(path)
    return written


def json_schema_names() -> list[str]:
    return sorted(p.name.removesuffix(".schema.json") for p in (ROOT / "json").iterdir() if p.name.endswith(".schema.json"))
