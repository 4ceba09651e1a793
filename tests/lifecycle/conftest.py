"""Fixtures of the lifecycle tests: a migrated store (SQLite and PostgreSQL), an issuer and an issued passport."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from passport.keys import generate_key_pair
from passport.lifecycle import issue_version
from passport.registry.issue import IssuedPassport
from passport.store.engine import session_scope

EXAMPLES = Path(__file__).resolve().parents[2] / "passport" / "application" / "demo" / "passports"
BASE_URL = "http://testserver"


def example(name: str = "lfp-industrial-storage") -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@pytest.fixture(scope="session")
def issuer():
    return generate_key_pair("P-256")


@pytest.fixture(scope="session")
def second_issuer():
    return generate_key_pair("P-256")


@pytest.fixture
def data() -> dict[str, Any]:
    return copy.deepcopy(example())


@pytest.fixture
def issued(engine, issuer, data) -> IssuedPassport:
    with session_scope(engine) as session:
        return issue_version(session, data, signer=issuer, base_url=BASE_URL, actor="maker-a")


def signers(*keys):
    by_did = {k.controller: k for k in keys}
    return lambda did: by_did[did]


def verified_here(engine, credential, *keys):
    """The one policy with this store's status lists (signed by `keys` when never signed yet)."""
    from passport.trust import TrustSources, verify_credential

    return verify_credential(credential, TrustSources(engine=engine, base_url=BASE_URL, signer_for=signers(*keys)))
