"""`passport keys`: generate sealed key files, show their public parts, rotate the store's issuer keys."""

from __future__ import annotations

import json
import logging
from enum import Enum
from pathlib import Path
from typing import NoReturn

import typer

from passport.errors import PassportError

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


def _fail(exc: PassportError) -> NoReturn:
    """The same one line and exit status as `passport.cli.main` gives, also under CliRunner."""
    typer.echo(f"error [{exc.code}]: {exc}", err=True)
    raise typer.Exit(2)


@app.command()
def generate(
    suite: Suite = typer.Option(..., "--suite", help="Cryptosuite the key is for."),
    out: Path = typer.Option(..., "--out", help="Key file to write (JSON, private key sealed, mode 0600)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
    algorithm: Algorithm | None = typer.Option(None, "--algorithm",
                                               help="Curve when the suite allows several (P-384 for ecdsa-rdfc-2019)."),
    controller: str | None = typer.Option(None, "--controller",
                                          help="DID that controls the key (e.g. did:web:…); default: its own did:key."),
) -> None:
    """Generate a key pair, seal it into FILE and print its controller DID on stdout."""
    from passport.cli import _context
    from passport.keys import generate_for_suite, save_key_file

    settings = _context.settings()
    try:
        if out.exists() and not force:  # fail early; save_key_file checks again, race-free, when writing
            raise _exists(out)
        key = generate_for_suite(suite.value, algorithm=algorithm.value if algorithm else None, controller=controller)
        save_key_file(key, out, suite=suite.value, settings=settings, force=force)
    except PassportError as exc:
        _fail(exc)
    log.info("key generated", extra={"file": str(out), "verification_method": key.id, "suite": suite.value})
    typer.echo(key.controller)


def _exists(path: Path) -> PassportError:
    from passport.errors import ConflictError

    return ConflictError(f"{path} exists; pass --force to replace it", code="KEY_FILE_EXISTS",
                         details={"file": str(path)})


@app.command()
def show(
    file: Path = typer.Argument(..., help="Key file written by `passport keys generate`."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print a key file's public parts (id, controller, public key, suite); the secret is never opened."""
    from passport.keys import read_key_file

    try:
        public = read_key_file(file).public_view()
    except PassportError as exc:
        _fail(exc)
    if as_json:
        typer.echo(json.dumps(public, indent=2))
        return
    for name, value in public.items():
        typer.echo(f"{name}: {value}")


@app.command()
def rotate(
    organisation: int = typer.Option(..., "--organisation", help="Organisation id in the store."),
    suite: Suite = typer.Option(..., "--suite", help="Cryptosuite whose active key is replaced."),
    algorithm: Algorithm | None = typer.Option(None, "--algorithm", help="Curve for the new key, when the suite "
                                               "allows several."),
    controller: str | None = typer.Option(None, "--controller", help="DID for the new key; default: the "
                                          "organisation's DID."),
) -> None:
    """Retire the organisation's active issuer key for SUITE (it stays in its DID document, so old proofs keep
    verifying) and create a new active one; prints the new verification method id."""
    from passport.cli import _context
    from passport.keys.keystore import rotate_issuer_key
    from passport.store.migrate import require_current

    settings = _context.settings()
    engine = _context.engine()
    try:
        require_current(engine)
        record = rotate_issuer_key(engine, organisation, suite=suite.value,
                                   algorithm=algorithm.value if algorithm else None, controller=controller,
                                   settings=settings)
    except PassportError as exc:
        _fail(exc)
    log.info("issuer key rotated", extra={"organisation_id": organisation, "suite": suite.value,
                                          "verification_method": record.verification_method})
    typer.echo(record.verification_method)


@app.command("list")
def list_(
    organisation: int | None = typer.Option(None, "--organisation", help="Only this organisation's keys."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """List the store's issuer keys (public parts, active and retired)."""
    from passport.cli import _context
    from passport.keys.keystore import list_issuer_keys

    _context.settings()
    try:
        keys = list_issuer_keys(_context.engine(), organisation_id=organisation)
    except PassportError as exc:
        _fail(exc)
    rows = [k.model_dump(mode="json") for k in keys]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['status']:8} {row['suite']:16} org {row['organisation_id']}  {row['verification_method']}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="keys")
