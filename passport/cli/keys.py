"""`passport keys`: generate sealed key files, show their public parts, rotate the store's issuer keys."""

from __future__ import annotations

import json
import logging
from enum import Enum
from pathlib import Path

import typer
from sqlmodel import select

from passport.cli import _context
from passport.cli.exit_codes import fail
from passport.errors import ConflictError, InputError, PassportError
from passport.keys import generate_for_suite, read_key_file, save_key_file
from passport.keys.keystore import create_issuer_key, list_issuer_keys, rotate_issuer_key
from passport.organisations import get_organisation
from passport.store.engine import session_scope
from passport.store.migrate import require_current
from passport.store.tables import Organisation

app = typer.Typer(help="Generate, inspect and rotate signing keys (private keys are always sealed at rest).",
                  no_args_is_help=True, pretty_exceptions_show_locals=False)  # keys never reach a traceback
log = logging.getLogger("passport.keys")


class Suite(str, Enum):
    eddsa_rdfc_2022 = "eddsa-rdfc-2022"
    ecdsa_rdfc_2019 = "ecdsa-rdfc-2019"
    ecdsa_sd_2023 = "ecdsa-sd-2023"


class Algorithm(str, Enum):
    ed25519 = "Ed25519"
    p256 = "P-256"
    p384 = "P-384"



def _organisation_id(slug: str) -> int:
    """The store id behind an organisation's slug (ids never appear on the command line)."""
    engine = _context.store()
    require_current(engine)
    with session_scope(engine) as session:
        return get_organisation(session, slug).id  # type: ignore[return-value]


@app.command()
def generate(
    suite: Suite = typer.Option(..., "--suite", help="Cryptosuite the key is for."),
    out: Path | None = typer.Option(None, "--out", help="Key file to write (JSON, private key sealed, mode 0600)."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG",
                                            help="Store the key as this organisation's issuer key instead (sealed in "
                                            "the store, controlled by the organisation's DID)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    algorithm: Algorithm | None = typer.Option(None, "--algorithm",
                                               help="Curve when the suite allows several (P-384 for ecdsa-rdfc-2019)."),
    controller: str | None = typer.Option(None, "--controller",
                                          help="DID that controls the key (e.g. did:web:…); default: its own did:key."),
) -> None:
    """Generate a key pair, seal it into FILE (or the store, with --organisation) and print its controller DID
    (with --organisation: its verification method id) on stdout."""
    settings = _context.settings()
    if (out is None) == (organisation is None):
        fail(_usage("give --out FILE (a key file) or --organisation SLUG (the store's issuer key)"))
    if organisation is not None:
        _generate_stored(organisation, suite, algorithm, controller)
        return
    assert out is not None
    try:
        if out.exists() and not force:  # fail early; save_key_file checks again, race-free, when writing
            raise _exists(out)
        key = generate_for_suite(suite.value, algorithm=algorithm.value if algorithm else None, controller=controller)
        save_key_file(key, out, suite=suite.value, settings=settings, force=force)
    except PassportError as exc:
        fail(exc)
    log.info("key generated", extra={"file": str(out), "verification_method": key.id, "suite": suite.value})
    typer.echo(key.controller)


def _usage(message: str) -> PassportError:
    return InputError(message, code="INVALID_OPTIONS")


def _generate_stored(slug: str, suite: Suite, algorithm: Algorithm | None, controller: str | None) -> None:
    try:
        record = create_issuer_key(_context.store(), _organisation_id(slug), suite=suite.value,
                                   algorithm=algorithm.value if algorithm else None, controller=controller,
                                   settings=_context.settings())
    except ConflictError as exc:
        if exc.code == "ACTIVE_KEY_EXISTS":
            exc = ConflictError(f"{slug} already has an active {suite.value} key: replace it with `passport keys "
                                f"rotate --organisation {slug} --suite {suite.value}`", code=exc.code,
                                details={"organisation": slug, "suite": suite.value})
        fail(exc)
    except PassportError as exc:
        fail(exc)
    log.info("issuer key created", extra={"organisation": slug, "suite": suite.value,
                                          "verification_method": record.verification_method})
    typer.echo(record.verification_method)


def _exists(path: Path) -> PassportError:
    return ConflictError(f"{path} exists; pass --force to replace it", code="KEY_FILE_EXISTS",
                         details={"file": str(path)})


@app.command()
def show(
    file: Path = typer.Argument(..., help="Key file written by `passport keys generate`."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print a key file's public parts (id, controller, public key, suite); the secret is never opened."""
    try:
        public = read_key_file(file).public_view()
    except PassportError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(public, indent=2))
        return
    for name, value in public.items():
        typer.echo(f"{name}: {value}")


@app.command()
def rotate(
    organisation: str = typer.Option(..., "--organisation", metavar="SLUG", help="The organisation's slug."),
    suite: Suite = typer.Option(..., "--suite", help="Cryptosuite whose active key is replaced."),
    algorithm: Algorithm | None = typer.Option(None, "--algorithm", help="Curve for the new key, when the suite "
                                               "allows several."),
    controller: str | None = typer.Option(None, "--controller", help="DID for the new key; default: the "
                                          "organisation's DID."),
) -> None:
    """Retire the organisation's active issuer key for SUITE (it stays in its DID document, so old proofs keep
    verifying) and create a new active one; prints the new verification method id."""
    settings = _context.settings()
    engine = _context.store()
    try:
        require_current(engine)
        record = rotate_issuer_key(engine, _organisation_id(organisation), suite=suite.value,
                                   algorithm=algorithm.value if algorithm else None, controller=controller,
                                   settings=settings)
    except PassportError as exc:
        fail(exc)
    log.info("issuer key rotated", extra={"organisation": organisation, "suite": suite.value,
                                          "verification_method": record.verification_method})
    typer.echo(record.verification_method)


@app.command("list")
def list_(
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG",
                                            help="Only this organisation's keys."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List the store's issuer keys (public parts, active and retired)."""
    _context.settings()
    try:
        keys = list_issuer_keys(_context.store(),
                                organisation_id=_organisation_id(organisation) if organisation else None)
        slugs = _slugs()
    except PassportError as exc:
        fail(exc)
    rows = []
    for key in keys:
        row = key.model_dump(mode="json", exclude={"id", "organisation_id"})
        rows.append({"organisation": slugs.get(key.organisation_id), **row})
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['status']:8} {row['suite']:16} {row['organisation']}  {row['verification_method']}")


def _slugs() -> dict[int, str]:
    with session_scope(_context.store()) as session:
        return {o.id: o.slug for o in session.exec(select(Organisation)).all()}  # type: ignore[misc]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
