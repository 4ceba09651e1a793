"""`passport backup push --to URL` and `passport backup verify --to URL`: keep a back-up copy of this
service's passports on another instance of it (EN 18221), over that instance's archive API.

Exit status: 0 done (verify: the copy is complete and the chains match), 1 the copy differs or was refused,
2 unusable input, 3 the back-up could not be reached.
"""

from __future__ import annotations

import json

import typer

from passport.archive import BackupClient, push, verify_backup
from passport.cli import _context
from passport.cli.exit_codes import ExitCode, fail
from passport.errors import PassportError
from passport.lifecycle import signer_for_issuer

app = typer.Typer(help="Back-up copies on another instance of this service (EN 18221).", no_args_is_help=True)

ToOption = typer.Option(..., "--to", metavar="URL", help="Base URL of the back-up instance.")
TokenOption = typer.Option(..., "--token", envvar="PASSPORT_BACKUP_TOKEN", help="An operator token of the back-up "
                           "instance (or PASSPORT_BACKUP_TOKEN).")



@app.command("push")
def push_command(to: str = ToOption, token: str = TokenOption,
                 as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON.")) -> None:
    """Replicate every version (with its views), status list, DPP record and audit entry the back-up lacks."""
    try:
        settings, engine = _context.settings(), _context.store()
        report = push(engine, BackupClient(to, token), settings.base_url, signer_for_issuer(engine, settings))
    except PassportError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps({"sent": report.sent, "created": report.created}, indent=2))
        return
    typer.echo("sent " + ", ".join(f"{k} {v}" for k, v in report.sent.items()) + "; new on the back-up: "
               + ", ".join(f"{k} {v}" for k, v in report.created.items()))


@app.command("verify")
def verify_command(to: str = ToOption, token: str = TokenOption,
                   as_json: bool = typer.Option(False, "--json", help="Print the differences as JSON.")) -> None:
    """Check the back-up holds every version byte for byte, the status lists, the DPP records, and the same
    audit chain (re-verified on the back-up)."""
    try:
        settings = _context.settings()
        local, differences = verify_backup(_context.store(), BackupClient(to, token), settings.base_url)
    except PassportError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps({"complete": not differences, "versions": len(local.versions),
                               "auditEntries": local.audit.lastSeq,
                               "differences": [{"code": d.code, "subject": d.subject} for d in differences]},
                              indent=2))
    elif differences:
        for d in differences:
            typer.echo(f"{d.code}: {d.subject}")
    else:
        typer.echo(f"complete: {len(local.versions)} versions, {len(local.statusLists)} status lists, "
                   f"{len(local.dpps)} DPP records, audit chain to entry {local.audit.lastSeq} matches")
    if differences:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="backup")
