"""The `passport demo` step that issues the example passports (`examples/passports/*.json`).

The demo issuer is an organisation with an Ed25519 did:key, generated once and sealed in
`data_dir/keys/demo-issuer.key` (and in the issuer key store, so the issuer API can sign for it too).
Each example is issued once: a second run prints the same URLs and stores nothing new.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from passport.errors import ConflictError, NotFoundError
from passport.settings import Settings

ISSUER_NAME = "Voltara Mobility Europe GmbH (synthetic example)"
SUITE = "eddsa-rdfc-2022"
KEY_FILE = Path("keys") / "demo-issuer.key"


def demo_issuer(engine: Engine, settings: Settings):  # type: ignore[no-untyped-def]
    """(organisation id, signer) of the demo issuer, created on first use."""
    from passport.keys import generate_key_pair, load_key_file, save_key_file
    from passport.keys.keystore import create_issuer_key
    from passport.store.engine import session_scope
    from passport.store.tables import Organisation

    path = Path(settings.data_dir) / KEY_FILE
    if path.exists():
        key = load_key_file(path, settings=settings)
    else:
        key = generate_key_pair("Ed25519")
        save_key_file(key, path, suite=SUITE, settings=settings)
    with session_scope(engine) as session:
        organisation = session.exec(select(Organisation).where(Organisation.name == ISSUER_NAME)).first()
        if organisation is None:
            organisation = Organisation(name=ISSUER_NAME, role="manufacturer")
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
    from passport.registry import latest
    from passport.registry.issue import issue, prepare
    from passport.store.engine import session_scope

    organisation_id, key = demo_issuer(engine, settings)
    lines = []
    for _name, data in example_passports():
        identifier, _ = prepare(data, settings.base_url)
        with session_scope(engine) as session:
            try:
                latest(session, identifier.path)
            except NotFoundError:
                issue(session, data, signer=key, base_url=settings.base_url, issuer_name=ISSUER_NAME,
                      organisation_id=organisation_id)
        lines.append(identifier.url(settings.base_url))
    return lines
