"""`passport issue` and `passport disclose`: a passport signed once, a view per access group.

`issue` validates the maker's data (Annex XIII model), gives it its identifier from `PASSPORT_BASE_URL`, and
signs it with an ecdsa-sd-2023 base proof (the issuer's copy). `disclose` derives from that the credential a
reader at one access group may see; it verifies against the same signature (`passport verify` accepts both).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

import typer

from passport.cli.credentials import _fail, _read_json
from passport.errors import InputError, PassportError


class Level(str, Enum):
    public = "public"
    legitimate_interest = "legitimate_interest"
    authority = "authority"


def issue(
    source: str = typer.Argument(..., metavar="PASSPORT.json", help="The maker's passport data, or - for stdin."),
    key_file: Path = typer.Option(..., "--key", help="Sealed P-256 key file (`passport keys generate --suite "
                                  "ecdsa-sd-2023`)."),
    issuer_name: str | None = typer.Option(None, "--issuer-name", help="Name shown beside the issuer's DID."),
) -> None:
    """Validate PASSPORT.json, sign it with an ecdsa-sd-2023 base proof and print the signed credential."""
    from passport.cli import _context
    from passport.credentials._time import format_date_time_stamp
    from passport.disclosure.levels import sign_passport
    from passport.keys import load_key_file
    from passport.registry.issue import build_credential

    try:
        data = _read_json(source)
        settings = _context.settings()
        key = load_key_file(key_file, settings=settings)
        now = datetime.now(timezone.utc).replace(microsecond=0)
        issuer = {"id": key.controller, "name": issuer_name} if issuer_name else key.controller
        _, credential = build_credential(data, issuer=issuer, base_url=settings.base_url, now=now)
        signed = sign_passport(credential, key, created=format_date_time_stamp(now))
    except PassportError as exc:
        _fail(exc)
    typer.echo(json.dumps(signed, indent=2, ensure_ascii=False))


def disclose(
    source: str = typer.Argument(..., metavar="SIGNED.json", help="A passport with its base proof, or - for stdin."),
    level: Level = typer.Option(..., "--level", help="The reader's access group."),
) -> None:
    """Print the derived credential a reader at LEVEL may see (it verifies against the issuer's signature)."""
    from passport.disclosure.levels import disclose as derive

    try:
        signed = _read_json(source)
        if not isinstance(signed, dict):
            raise InputError(f"{source} is not a JSON object", details={"file": source})
        derived = derive(signed, level.value)
    except PassportError as exc:
        _fail(exc)
    typer.echo(json.dumps(derived, indent=2, ensure_ascii=False))


def register(app: typer.Typer) -> None:
    app.command()(issue)
    app.command()(disclose)
