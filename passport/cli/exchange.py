"""`passport export` and `passport import`: passports in the Battery Pass 1.2.0, IDTA 02035 AAS, Catena-X 6.1.0 and
UNTP DPP data models.

Exit status: 0 written; 1 an import held values our model refuses (each named by its pointer; nothing written);
2 unusable input (unreadable file, unknown format, a stored passport that does not exist).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from passport.cli import _context
from passport.cli.credentials import _read_json
from passport.cli.exit_codes import fail
from passport.cli.lifecycle import _path
from passport.errors import InputError, PassportError
from passport.exchange import export_passport, import_passport
from passport.exchange.untp_dpp import dpp_credential, sign_dpp
from passport.keys import load_key_file
from passport.registry import latest
from passport.store.engine import session_scope


class Format(str, Enum):
    batterypass = "batterypass-1.2"
    aas = "aas-idta-02035"
    catenax = "catenax-6.1"
    untp_dpp = "untp-dpp"


class ImportFormat(str, Enum):
    batterypass = "batterypass-1.2"
    aas = "aas-idta-02035"
    catenax = "catenax-6.1"


class Level(str, Enum):
    public = "public"
    legitimate_interest = "legitimate_interest"
    authority = "authority"



def _load(source: str) -> dict[str, Any]:
    """A passport JSON or passport credential file, or a stored passport by its path or URL (newest version)."""
    path = Path(source)
    if path.is_file():
        return _read_json(source)
    if not source.startswith(("/01/", "/id/", "http://", "https://")):
        raise InputError(f"{source} is neither a file nor a passport path or URL", details={"file": source})

    with session_scope(_context.store()) as session:
        return latest(session, _path(source)).document


def export(
    source: str = typer.Argument(..., metavar="ID_OR_FILE", help="Passport path or URL in the store, or a file "
                                 "(passport JSON or passport credential)."),
    fmt: Format = typer.Option(..., "--format", help="Target data model."),
    level: Level = typer.Option(Level.public, "--level", help="Access level of the reader the export is for."),
    out: Path = typer.Option(..., "--out", help="Where to write the export."),
    key_file: Path | None = typer.Option(None, "--key", help="untp-dpp: sealed key file that signs the vc+jwt."),
    issuer_name: str | None = typer.Option(None, "--issuer-name", help="untp-dpp: the issuer's name."),
) -> None:
    """Write the passport in another data model, with only what a reader at --level may read."""
    try:
        document = _load(source)
        if fmt is Format.untp_dpp:
            out.write_text(_untp_dpp(document, level.value, key_file, issuer_name) + "\n", encoding="utf-8")
            typer.echo(f"wrote {out} (untp-dpp, {level.value}, vc+jwt)", err=True)
            return
        result = export_passport(document, fmt.value, level.value)
    except PassportError as exc:
        fail(exc)
    out.write_text(json.dumps(result.document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(f"wrote {out} ({fmt.value}, {level.value})", err=True)
    for pointer, reason in result.not_representable:
        typer.echo(f"  not representable: {pointer}: {reason}", err=True)
    if result.missing_required:
        typer.echo(f"  {len(result.missing_required)} attribute(s) their schema requires are not in our passport "
                   f"at this level, e.g. {', '.join(result.missing_required[:3])}", err=True)


def _untp_dpp(document: dict[str, Any], level: str, key_file: Path | None, issuer_name: str | None) -> str:
    if key_file is None:
        raise InputError("untp-dpp is a signed vc+jwt: give --key", details={"field": "--key"})
    key = load_key_file(key_file, settings=_context.settings())
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    credential = dpp_credential(document, level, issuer=key.controller, issuer_name=issuer_name or key.controller,
                                credential_id=f"urn:uuid:{uuid.uuid4()}", valid_from=now,
                                base_url=_context.settings().base_url)
    return sign_dpp(credential, key)


def import_(
    source: Path = typer.Argument(..., metavar="PATH", help="The document (Battery Pass: a JSON object "
                                  "{aspect: document}; AAS: a V3.0 JSON environment; Catena-X: one BatteryPass)."),
    fmt: ImportFormat = typer.Option(..., "--format", help="The data model of PATH."),
    out: Path | None = typer.Option(None, "--out", help="Write our passport JSON here (default: stdout)."),
) -> None:
    """Our passport JSON (a draft for `passport issue`) from another data model; nothing is written if any value
    is refused."""
    try:
        result = import_passport(fmt.value, _read_json(str(source)))
    except PassportError as exc:
        fail(exc)
    text = json.dumps(result.passport, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
    if result.missing:
        typer.echo(f"{len(result.missing)} attribute(s) our model requires are not in the source; complete them "
                   f"before `passport issue`: {', '.join(result.missing)}", err=True)


def register(app: typer.Typer) -> None:
    app.command(name="export")(export)
    app.command(name="import")(import_)
