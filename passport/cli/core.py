"""Top-level commands: `passport version`, `passport settings`."""

from __future__ import annotations

import json

import typer

from passport.cli._context import settings as load
from passport.local_files import mask_url_password
from passport.settings import Settings
from passport.version import __version__


def version() -> None:
    """Print the installed version."""
    typer.echo(__version__)


def settings(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Describe every setting (PASSPORT_* variables) and its current value; secrets are masked."""
    current = load()
    rows = []
    for name, field in Settings.model_fields.items():
        value = getattr(current, name)
        if field.repr is False and value is not None:
            value = "[set]"
        elif isinstance(value, str):
            value = mask_url_password(value)  # e.g. the password inside PASSPORT_DATABASE_URL
        rows.append({"variable": f"PASSPORT_{name.upper()}", "value": str(value) if value is not None else None,
                     "description": field.description})
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['variable']}={row['value'] or ''}\n    {row['description']}")


def register(app: typer.Typer) -> None:
    app.command()(version)
    app.command()(settings)
