"""The `passport demo` step that issues the example passports (`passports/*.json`).

Each example is issued by its own operator (`generalProductInformation.operator.legalName`): an organisation
with a P-256 did:key (the ecdsa-sd-2023 issuer key), generated once and sealed in `data_dir/keys/demo-issuer-{slug}.key` (and in the
issuer key store, so the issuer API can sign for it too).
Each example is issued once: a second run prints the same URLs and stores nothing new.
Before signing, the computed sections replace the hand-written ones (`computed_sections`): the carbon footprint
of both examples, and for the NMC811 pack (whose lot the custody example holds) the chain-of-custody summary,
the GBA index results and the upstream credentials' digests (`relatedResource`, authority view only).
"""

from __future__ import annotations

import json
import logging
import re
from importlib.resources import files
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from passport.application.demo.carbon.load import EXAMPLES, claims, example_input
from passport.application.demo.custody.world import site_status
from passport.application.demo.keys import key_path, party_key
from passport.application.issuance import Compute, Draft, issue_passports
from passport.application.sections import compute_sections
from passport.custody.repository import T_DELEGATION, T_LOT, T_PARTY, delegate, register_party
from passport.custody.trace import resolve_lot
from passport.errors import ConflictError, NotFoundError
from passport.keys import generate_for_suite, load_key_file, save_key_file
from passport.keys.keystore import create_issuer_key
from passport.organisations.prefixes import GS1, bind_prefixes
from passport.registry import latest
from passport.registry.issue import SUITE, prepare
from passport.settings import Settings
from passport.store.engine import session_scope
from passport.store.tables import Organisation

log = logging.getLogger("passport.application.demo")


def _key_file(name: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return Path("keys") / f"demo-issuer-{slug}.key"


#: Example data: the GS1 company prefix of each example GTIN (synthetic makers; see examples/passports).
GS1_COMPANY_PREFIXES = {"04012345000016": "4012345", "09506000134352": "9506000"}


def demo_issuer(engine: Engine, settings: Settings, name: str, gtin: str | None = None):  # type: ignore[no-untyped-def]
    """(organisation slug, signer) of the demo issuer `name`, created on first use, holding the company prefix of
    `gtin`."""
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
        organisation.did_method = "key"
        session.add(organisation)
        session.flush()
        if gtin in GS1_COMPANY_PREFIXES:
            bind_prefixes(session, organisation, GS1, [GS1_COMPANY_PREFIXES[gtin]])
        organisation_id, slug = organisation.id, organisation.slug
    try:
        create_issuer_key(engine, organisation_id, suite=SUITE, key=key, settings=settings)  # type: ignore[arg-type]
    except ConflictError:
        pass  # installed by an earlier run
    return slug, key


def example_passports() -> list[tuple[str, dict]]:
    root = files("passport.application.demo") / "passports"
    return [(entry.name, json.loads(entry.read_text(encoding="utf-8")))
            for entry in sorted(root.iterdir(), key=lambda e: e.name) if entry.name.endswith(".json")]


def operator_speaks_for(engine: Engine, lot: str, operator: str, did: str) -> None:
    """Example data: the passport's operator (the issuer) records custody for the pack maker, the lot's custodian,
    as its delegated agent, so the operator's DID speaks for the lot (`prove_lot_binding`). Idempotent."""
    party = "urn:example:party:" + _key_file(operator).stem.removeprefix("demo-issuer-")
    with engine.begin() as conn:
        custodian = conn.scalars(select(T_LOT.c.custodian).where(T_LOT.c.id == lot)).one()
        if conn.scalars(select(T_PARTY.c.id).where(T_PARTY.c.id == party)).first() is None:
            register_party(conn, party, name=operator, did=did)
        if conn.scalars(select(T_DELEGATION.c.agent).where(T_DELEGATION.c.agent == party,
                                                           T_DELEGATION.c.principal == custodian)).first() is None:
            delegate(conn, party, custodian)


def computed_sections(engine: Engine, settings: Settings, name: str, url: str, *, operator: str,
                      issuer: str):  # type: ignore[no-untyped-def]
    """The sections `example_compute` asks for, computed (for tests that look at them before signing)."""
    c = example_compute(engine, settings, name, url, operator=operator, issuer=issuer)
    return compute_sections(engine, carbon_input=c.carbon, custody_lot=c.custody_lot, passport=url, issuer=issuer,
                            indices=c.indices, index_options=c.index_options)


def example_compute(engine: Engine, settings: Settings, name: str, url: str, *, operator: str,
                    issuer: str):  # type: ignore[no-untyped-def]
    """What issuance computes for example `name` (file stem): the footprint from `carbon/{name}.json`
    (its supplier claims signed by the demo parties' sealed keys, so custody can prove their links), and, when
    the store holds a custody ledger for the battery, its custody summary, upstream binding and GBA indices."""
    carbon_input = None
    if name in EXAMPLES:
        signers = {c["signer"] for c in claims(name)}
        keys = {s: party_key(settings, s) for s in signers if key_path(settings, s).exists()}
        carbon_input = example_input(name, keys)
    try:
        with engine.connect() as conn:
            lot: str | None = resolve_lot(conn, url)
    except NotFoundError:
        lot = None
    if lot is not None:
        operator_speaks_for(engine, lot, operator, issuer)
    return Compute(carbon=carbon_input, custody_lot=lot, indices=lot is not None,
                   index_options={"site_status": site_status})


def issue_example_passports(engine: Engine, settings: Settings) -> list[str]:
    """Issue every example passport not yet stored, with its computed sections, through the one issuance path
    (`passport.application.issuance.issue_passports`); one line per passport: its URL."""
    lines = []
    for name, data in example_passports():
        identifier, passport = prepare(data, settings.base_url)
        url = identifier.url(settings.base_url)
        lines.append(url)
        with session_scope(engine) as session:
            try:
                latest(session, identifier.path)
                continue
            except NotFoundError:
                pass
        issuer_name = passport.general_product_information.operator.legal_name
        slug, key = demo_issuer(engine, settings, issuer_name, identifier.gtin)
        compute = example_compute(engine, settings, name.removesuffix(".json"), url, operator=issuer_name,
                                  issuer=key.controller)
        issued = issue_passports(engine, [Draft(data, compute)], organisation=slug, base_url=settings.base_url,
                                 actor="passport demo", settings=settings, signer=key)
        for note in issued[0].notes:  # stdout stays one URL per passport; what was computed goes to the log
            log.info("issued %s: %s", url, note, extra={"passport": url})
    return lines
