"""Fixtures of the model tests: the example passports, as data and as validated models with an identifier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from passport.model import Passport, parse_passport

EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports"
EXAMPLE_NAMES = ("nmc811-ev-pack", "lfp-industrial-storage")
BASE_URL = "https://passports.example"


def load_example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def with_id(data: dict[str, Any]) -> dict[str, Any]:
    """The example as `passport issue` completes it: `id` is the base URL plus the unique identifier path."""
    return {"id": BASE_URL + data["generalProductInformation"]["uniqueIdentifier"], **data}


@pytest.fixture(params=EXAMPLE_NAMES)
def example_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def example_data(example_name: str) -> dict[str, Any]:
    return load_example(example_name)


@pytest.fixture
def example_passport(example_data: dict[str, Any]) -> Passport:
    return parse_passport(with_id(example_data))


@pytest.fixture
def ev_passport() -> Passport:
    return parse_passport(with_id(load_example("nmc811-ev-pack")))
