"""Fixtures of the API tests: an app on a migrated store (SQLite and PostgreSQL) holding the example passports.

`stored_passports` stores the examples as the issuer would (full credential + one view per access group).
When signing works it uses `passport.registry.issue` with a fresh did:key issuer; the views are the model's
projections either way, so the access-level assertions hold on the real data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from api.access import get_caller
from api.app import create_app
from passport.auth import Caller, Role, access_level_of
from passport.keys import generate_key_pair
from passport.model import AccessGroup
from passport.dpp import ensure_record
from passport.registry.issue import SignedPassport, sign_passport, store
from passport.settings import Settings, load_settings
from passport.store.engine import session_scope

EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports"
BASE_URL = "http://testserver"


@dataclass(frozen=True)
class Example:
    name: str
    data: dict[str, Any]
    url: str
    path: str


def example_files() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.json"))
    assert len(files) >= 2, "the example passports are missing"
    return files


@pytest.fixture(scope="session")
def issuer_key():
    return generate_key_pair("P-256")  # ecdsa-sd-2023 issuer key


@pytest.fixture
def api_settings(engine: Engine, tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", base_url=BASE_URL, log_format="console",
                         database_url=engine.url.render_as_string(hide_password=False))


@pytest.fixture(scope="session")
def signed_examples(issuer_key) -> list[tuple[str, dict[str, Any], SignedPassport]]:
    """The example passports signed once per session (signing is the slow part); each test stores them anew."""
    out = []
    for path in example_files():
        data = json.loads(path.read_text())
        out.append((path.stem, data, sign_passport(data, signer=issuer_key, base_url=BASE_URL,
                                                   issuer_name="Example Issuer")))
    return out


@pytest.fixture
def stored_passports(engine: Engine, signed_examples) -> list[Example]:
    examples = []
    with session_scope(engine) as session:
        for name, data, signed in signed_examples:
            issued = store(session, signed)
            ensure_record(session, issued.identifier.path)  # its EN 18222 DPP id, as issuance mints it
            examples.append(Example(name, data, issued.url, issued.identifier.path))
    return examples


@pytest.fixture
def app(api_settings):
    return create_app(api_settings)


@pytest.fixture
def client(app, stored_passports) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def as_level(app, level: str) -> None:
    """Make every request of `app` come from a caller at `level` (dependency override, no token)."""
    role = {"public": None, "legitimate_interest": Role.LEGITIMATE_INTEREST, "authority": Role.NOTIFIED_BODY}[level]
    caller = Caller() if role is None else Caller(access_level=access_level_of(role), role=role,
                                                   organisation="Test Org", token_id="tok_test")
    app.dependency_overrides[get_caller] = lambda: caller


LEVELS = [g.value for g in AccessGroup]
