"""`passport roles`: role credentials for readers (issue, revoke) and the trust list of role issuers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer
from pydantic import ValidationError
from sqlmodel import Session

from passport.access.role_credentials import issue_from_store, issue_role_credential, revoke_role_credential
from passport.access.trust import TrustedIssuer, dump_trust_list, put_issuer, remove_issuer, trusted_issuers
from passport.audit import append_audit
from passport.cli import _context
from passport.cli.exit_codes import ExitCode, fail
from passport.cli.keys import _organisation_id
from passport.errors import PassportError
from passport.keys import load_key_file
from passport.store.engine import session_scope

app = typer.Typer(help="Issue and revoke role credentials; manage the trust list of role issuers.",
                  no_args_is_help=True)
trust = typer.Typer(help="The trust list kept in the store (PASSPORT_TRUST_LIST_FILE entries are listed too).",
                    no_args_is_help=True)
app.add_typer(trust, name="trust")


@contextmanager
def _errors() -> Iterator[None]:
    """Library errors leave through the exit-code policy (`passport.cli.exit_codes`)."""
    try:
        yield
    except PassportError as exc:
        fail(exc)


def _read_json(path: Path) -> dict:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        typer.echo(f"error [INVALID_INPUT]: {path} is not a readable JSON file ({type(exc).__name__})", err=True)
        raise typer.Exit(ExitCode.UNUSABLE_INPUT) from exc
    if not isinstance(value, dict):
        typer.echo(f"error [INVALID_INPUT]: {path} does not hold a JSON object", err=True)
        raise typer.Exit(ExitCode.UNUSABLE_INPUT)
    return value


@app.command()
def issue(
    holder: str = typer.Option(..., "--holder", help="DID of the reader the credential is about."),
    role: str = typer.Option(..., "--role", help="market_surveillance, notified_body, commission or "
                             "legitimate_interest."),
    organisation_name: str = typer.Option(..., "--organisation-name", help="The reader's organisation."),
    key: Path | None = typer.Option(None, "--key", help="Sign with this key file (no status entry: keep "
                                    "--valid-days short)."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG", help="Sign with this "
                                            "organisation's key in the store; the credential gets status entries "
                                            "here and can be revoked."),
    purpose: list[str] = typer.Option([], "--purpose", help="Legitimate-interest purpose (repeatable)."),
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", help="e.g. the authority's member state."),
    valid_days: int = typer.Option(365, "--valid-days", min=1, max=3650, help="Days the credential is valid."),
) -> None:
    """Issue a RoleCredential (VC 2.0, Data Integrity proof) with the authority's own key, on stdout."""
    if (key is None) == (organisation is None):
        typer.echo("error [INVALID_INPUT]: give exactly one of --key and --organisation", err=True)
        raise typer.Exit(ExitCode.UNUSABLE_INPUT)
    fields = dict(holder=holder, role=role, organisation=organisation_name, purposes=purpose,
                  jurisdiction=jurisdiction, valid_days=valid_days)
    with _errors():
        if key is not None:
            credential = issue_role_credential(load_key_file(key, settings=_context.settings()), **fields)
        else:
            organisation_id = _organisation_id(organisation)  # type: ignore[arg-type]
            credential = issue_from_store(_context.store(), _context.settings(), organisation_id, **fields)
    typer.echo(json.dumps(credential, indent=2, ensure_ascii=False))


@app.command()
def revoke(credential: Path = typer.Argument(..., help="The role credential (JSON) issued here.")) -> None:
    """Revoke a role credential issued with --organisation: its logins are refused at once."""
    with _errors():
        urls = revoke_role_credential(_context.store(), _context.settings(), _read_json(credential))
    typer.echo(f"revoked; re-signed {', '.join(urls)}", err=True)


@trust.command("list")
def trust_list(as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """Every trusted role issuer (file entries first), with roles and validity."""
    with _errors(), Session(_context.store()) as session:
        issuers = trusted_issuers(session, _context.settings().trust_list_file)
    if as_json:
        typer.echo(dump_trust_list(issuers))
        return
    for entry in issuers:
        typer.echo(f"{entry.did}  {entry.name}  {','.join(entry.roles)}  {entry.valid_from:%Y-%m-%d} .. "
                   f"{entry.valid_until:%Y-%m-%d}")


@trust.command("add")
def trust_add(
    did: str = typer.Argument(..., help="The issuer's DID."),
    name: str = typer.Option(..., "--name", help="Who it is."),
    role: list[str] = typer.Option(..., "--role", help="A reader role it may attest (repeatable)."),
    purpose: list[str] = typer.Option([], "--purpose", help="Limit legitimate interest to these purposes."),
    days: int = typer.Option(365, "--days", min=1, max=3650, help="Days from now the trust lasts."),
) -> None:
    """Trust DID to attest these roles from now for --days days (replaces its stored entry)."""
    now = datetime.now(UTC).replace(microsecond=0)
    try:
        entry = TrustedIssuer(did=did, name=name, roles=role,  # type: ignore[arg-type]
                              purposes=purpose or None, valid_from=now,  # type: ignore[arg-type]
                              valid_until=now + timedelta(days=days))
    except ValidationError as exc:
        for err in exc.errors():
            typer.echo(f"error [INVALID_INPUT]: {'/'.join(map(str, err['loc']))}: {err['msg']}", err=True)
        raise typer.Exit(ExitCode.UNUSABLE_INPUT) from exc
    with session_scope(_context.store()) as session:
        put_issuer(session, entry)
        append_audit(session, "cli", "trust-list", did, {"op": "put", **entry.model_dump(mode="json")})
    typer.echo(f"trusted {did} for {', '.join(entry.roles)} until {entry.valid_until:%Y-%m-%d}", err=True)


@trust.command("remove")
def trust_remove(did: str = typer.Argument(..., help="The issuer's DID.")) -> None:
    """Stop trusting DID at once (its role credentials no longer log in)."""
    with _errors(), session_scope(_context.store()) as session:
        remove_issuer(session, did)
        append_audit(session, "cli", "trust-list", did, {"op": "delete"})


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="roles")
