"""`passport registry register ID...`: register passports in the EU DPP registry (Reg. (EU) 2026/1778).

Exit status: 0 registered, 1 refused (already registered, a duplicate, a rejected payload or a proof that does
not hash the version sent), 2 unusable input or no registry configured, 3 the registry could not be reached.
"""

from __future__ import annotations

import getpass
import json

import typer

from passport.cli import _context
from passport.cli.exit_codes import fail
from passport.cli.lifecycle import _path
from passport.errors import ConfigurationError, PassportError
from passport.eu_registry import register_passports

app = typer.Typer(help="The EU DPP registry (Implementing Regulation (EU) 2026/1778).", no_args_is_help=True)


@app.command("register")
def register_command(
    identifiers: list[str] = typer.Argument(..., metavar="ID...", help="Passport paths or URLs."),
    registry: str | None = typer.Option(None, "--registry", help="Registry base URL (default: "
                                        "PASSPORT_REGISTRY_URL)."),
    as_json: bool = typer.Option(False, "--json", help="Print the outcomes as JSON."),
) -> None:
    """Send each passport's registration data (100 per request); store and print the registration id and the
    proof of registration (the hash of the version registered)."""
    try:
        settings = _context.settings()
        url = registry or settings.registry_url
        if not url:
            raise ConfigurationError("no registry: set PASSPORT_REGISTRY_URL or pass --registry",
                                     code="REGISTRY_NOT_CONFIGURED", details={"setting": "PASSPORT_REGISTRY_URL"})
        outcomes = register_passports(_context.store(), [_path(i) for i in identifiers], registry_url=url,
                                      base_url=settings.base_url, backup_url=settings.backup_provider_url,
                                      actor=f"cli:{getpass.getuser()}")
    except PassportError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps([{"identifier": o.identifier, "state": o.state, "version": o.version,
                                "registrationId": o.registration_id, "proof": o.proof} for o in outcomes], indent=2))
        return
    for o in outcomes:
        typer.echo(f"{o.identifier}: {o.state} {o.registration_id} (version {o.version}, proof "
                   f"{(o.proof or {}).get('passportDigest')})")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="registry")
