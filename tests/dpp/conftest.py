"""Fixtures of the EN 18222 tests: a migrated store (SQLite and PostgreSQL) served by the app, one issuing
organisation with its key and token, a second one, and tokens for each restricted access level."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from passport.auth import Role, create_token, token_hash_key
from passport.keys import generate_key_pair
from passport.keys.keystore import create_issuer_key
from passport.registry.issue import SUITE
from passport.settings import load_settings
from passport.store.engine import session_scope
from passport.store.tables import Organisation
from tests.conftest import hold_example_prefixes

EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports"
BASE_URL = "http://testserver"
SPEC = "https://w3id.org/battery-passport/schema/v1/battery-passport.schema.json"


def example(name: str = "lfp-industrial-storage") -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@dataclass
class Service:
    client: TestClient
    settings: Any
    headers: dict[str, dict[str, str]]  # by role: manufacturer, other_maker, public, legitimate_interest, authority
    issuer: Any


@pytest.fixture(scope="session")
def issuer_keys():
    return generate_key_pair("P-256"), generate_key_pair("P-256")


def _token(engine, settings, name: str, role: Role) -> str:
    with session_scope(engine) as s:
        return create_token(s, organisation=name, role=role, expires_in_days=1, key=token_hash_key(settings)).token


def _issuing(engine, settings, key, name: str, prefixes: bool) -> str:
    token = _token(engine, settings, name, Role.MANUFACTURER)
    with session_scope(engine) as s:
        org = s.exec(select(Organisation).where(Organisation.name == name)).one()
        org.did = key.controller
        s.add(org)
        if prefixes:  # Maker A holds the example GTINs' company prefixes
            hold_example_prefixes(s, org)
        org_id = org.id
    create_issuer_key(engine, org_id, suite=SUITE, key=key, settings=settings)
    return token


def make_service(engine, tmp_path, issuer_keys, **overrides) -> tuple[Any, dict[str, dict[str, str]]]:
    settings = load_settings(data_dir=tmp_path / "data", base_url=BASE_URL, log_format="console",
                             database_url=engine.url.render_as_string(hide_password=False), **overrides)
    tokens = {"manufacturer": _issuing(engine, settings, issuer_keys[0], "Maker A", True),
              "other_maker": _issuing(engine, settings, issuer_keys[1], "Maker B", False),
              "legitimate_interest": _token(engine, settings, "Recycler R", Role.LEGITIMATE_INTEREST),
              "authority": _token(engine, settings, "Market Surveillance M", Role.MARKET_SURVEILLANCE)}
    headers = {k: {"Authorization": f"Bearer {v}"} for k, v in tokens.items()}
    headers["public"] = {}
    return settings, headers


@pytest.fixture
def service(engine, tmp_path, issuer_keys):
    settings, headers = make_service(engine, tmp_path, issuer_keys)
    with TestClient(create_app(settings)) as client:
        yield Service(client, settings, headers, issuer_keys[0])


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(example())
