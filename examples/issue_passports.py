"""The `passport demo` step that issues the example passports (`examples/passports/*.json`).

Each example is issued by its own operator (`generalProductInformation.operator.legalName`): an organisation
with a P-256 did:key (the ecdsa-sd-2023 issuer key), generated once and sealed in `data_dir/keys/demo-issuer-{slug}.key` (and in the
issuer key store, so the issuer API can sign for it too).
Each example is issued once: a second run prints the same URLs and stores nothing new.
"""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from passport.errors import ConflictError, NotFoundError
from passport.registry.issue import SUITE
from passport.settings import Settings


def _key_file(name: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return Path("keys") / f"demo-issuer-{slug}.key"


def demo_issuer(engine: Engine, settings: Settings, name: str):  # type: ignore[no-untyped-def]
    """(organisation id, signer) of the demo issuer `name`, created on first use."""
    from passport.keys import generate_for_suite, load_key_file, save_key_file
    from passport.keys.keystore import create_issuer_key
    from passport.store.engine import session_scope
    from passport.store.tables import Organisation

    path = Path(settings.data_dir) / _key_file(name)
    if path.exists():
        key = load_key_file(path, settings=settings)
    else:
        key = generate_for_suite(SUITE)
        save_key_file(key, path, suite=SUITE, settings=settings)
    with session_scope(engine) as session:
        organisation = session.exec(select(Organisation).where(Organisation.name == name)).first()
        if organisation is None:
            organisation = Organisation(name=name, role="manufacturer")
        organisation.did = key.controller
        session.add(organisation)
        session.flush()
        organisation_id = organisation.id
    try:
        create_issuer_key(engine, organisation_id, suite=SUITE, key=key, settings=settings)  # type: ignore[arg-type]
    except ConflictError:
        pass  # installed by an earlier run
    return organisation_id, key


def example_passports() -> list[tuple[str, dict]]:
    root = files("examples") / "passports"
    return [(entry.name, json.loads(entry.read_text(encoding="utf-8")))
            for entry in sorted(root.iterdir(), key=lambda e: e.name) if entry.name.endswith(".json")]


def issue_example_passports(engine: Engine, settings: Settings) -> list[str]:
    """Issue every example passport not yet stored; one line per passport: its resolvable URL."""
    from passport.lifecycle import issue_version
    from passport.registry import latest
    from passport.registry.issue import prepare
    from passport.store.engine import session_scope

    lines = []
    for _name, data in example_passports():
        identifier, passport = prepare(data, settings.base_url)
        issuer_name = passport.general_product_information.operator.legal_name
        organisation_id, key = demo_issuer(engine, settings, issuer_name)
        with session_scope(engine) as session:
            try:
                latest(session, identifier.path)
            except NotFoundError:
                issue_version(session, data, signer=key, base_url=settings.base_url, actor="passport demo",
                              issuer_name=issuer_name, organisation_id=organisation_id)
        lines.append(identifier.url(settings.base_url))
    return lines
