"""JSON Schemas of the carbon models, generated from pydantic: the calculation input, the result, the supplier
footprint subject, the factor table and the class table. Regenerate with `python -m indices.carbon.schema`;
a test diffs the committed files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from indices.carbon.factors import ClassTable, FactorTable
from indices.carbon.inputs import CarbonInput
from indices.carbon.result import CarbonResult
from indices.carbon.supplier import SupplierFootprint
from schemas import DIALECT, write_json_schemas

SCHEMA_BASE = "https://w3id.org/battery-passport/schema/v1/"
MODELS: dict[str, tuple[type, str]] = {
    "carbon-input.schema.json": (CarbonInput, "validation"),
    "carbon-result.schema.json": (CarbonResult, "serialization"),
    "carbon-supplier-footprint.schema.json": (SupplierFootprint, "validation"),
    "carbon-factor-table.schema.json": (FactorTable, "validation"),
    "carbon-class-table.schema.json": (ClassTable, "validation"),
}


def carbon_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema."""
    out = {}
    for name, (model, mode) in MODELS.items():
        schema = TypeAdapter(model).json_schema(by_alias=True, mode=mode)  # type: ignore[arg-type]
        out[name] = {"$schema": DIALECT, "$id": SCHEMA_BASE + name, **schema}
    return out


def write_schemas(root: Path | None = None) -> list[Path]:
    """Write every carbon schema under `root` (default: the package's `schemas/json/`)."""
    return write_json_schemas(carbon_schemas(), root)


if __name__ == "__main__":
    for p in write_schemas():
        print(p)
