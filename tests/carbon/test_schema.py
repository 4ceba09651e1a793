"""The committed carbon JSON Schemas are exactly what the pydantic models generate, and the examples and
shipped tables validate against them."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from indices.carbon.factors import FACTORS_DIR
from indices.carbon.schema import carbon_schemas
from schemas import render_json as render

SCHEMAS = files("schemas") / "json"
EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "carbon"


@pytest.mark.parametrize("name", sorted(carbon_schemas()))
def test_committed_schema_is_regenerated_identically(name):
    assert (SCHEMAS / name).read_text(encoding="utf-8") == render(carbon_schemas()[name]), \
        "run `python -m indices.carbon.schema` and commit"


def test_five_schemas():
    assert len(carbon_schemas()) == 5


@pytest.mark.parametrize("example", ["nmc811-ev-pack.json", "lfp-industrial-storage.json"])
def test_example_inputs_validate(example):
    schema = carbon_schemas()["carbon-input.schema.json"]
    jsonschema.validate(json.loads((EXAMPLES / example).read_text(encoding="utf-8")), schema)


def test_shipped_tables_validate():
    tables = sorted(FACTORS_DIR.glob("*.json"))
    assert len(tables) == 9  # 8 factor tables and the class table
    for path in tables:
        name = "carbon-class-table.schema.json" if "classes" in path.name else "carbon-factor-table.schema.json"
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), carbon_schemas()[name])


def test_result_validates_against_its_schema(small):
    from indices.carbon import compute_footprint, parse_input

    result = compute_footprint(parse_input(small)).to_json()
    jsonschema.validate(result, carbon_schemas()["carbon-result.schema.json"])


def test_every_shipped_table_names_source_and_licence():
    for path in sorted(FACTORS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "source" in data:
            assert data["source"]["licence"] and data["source"]["url"] and data["source"]["publisher"]
            illustrative = {f["status"] for f in data["factors"].values()} == {"illustrative"}
            assert illustrative == ("ILLUSTRATIVE" in data["source"]["title"]), path.name
        else:
            assert "ILLUSTRATIVE" in data["title"] and "NOT the official" in data["title"]
