"""`passport bettermining`: import Better Mining exports, print the OECD Step 5 report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from pydantic import ValidationError

from indices.bettermining.importer import import_files
from indices.bettermining.queries import report_from_store
from indices.bettermining.render import render_text
from indices.bettermining.sources import ColumnMapping
from passport.cli import _context
from passport.errors import InputError
from passport.jsonio import read_json_file
from passport.store.migrate import require_current

app = typer.Typer(help="Better Mining upstream data: import exports, print the OECD Step 5 report.",
                  no_args_is_help=True)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option} must be a date YYYY-MM-DD", details={"field": option}) from exc


def _mapping(path: Path | None, columns: list[str], delimiter: str | None, encoding: str | None,
             date_format: str | None):  # type: ignore[no-untyped-def]

    if path is None and not columns:
        return None
    base = read_json_file(path) if path else {"columns": {}}
    for item in columns:
        field, sep, header = item.partition("=")
        if not sep:
            raise InputError("--column takes FIELD=HEADER", details={"field": "--column"})
        base.setdefault("columns", {})[field.strip()] = header.strip()
    for key, value in (("delimiter", delimiter), ("encoding", encoding), ("date_format", date_format)):
        if value is not None:
            base[key] = value
    try:
        return ColumnMapping.model_validate(base)
    except ValidationError as exc:
        raise InputError(f"invalid column mapping: {exc.errors()[0]['msg']}",
                         details={"file": str(path) if path else "--column"}) from exc


@app.command("import")
def import_(
    paths: list[Path] = typer.Argument(..., help="Export files: incidents (JSON/CSV), corrective actions, "
                                                 "CAP status counts, sites (JSON)."),
    mapping: Path | None = typer.Option(None, "--mapping", help="JSON column mapping for CSVs in another layout."),
    column: list[str] = typer.Option([], "--column", help="FIELD=HEADER, repeatable; adds to or replaces --mapping."),
    delimiter: str | None = typer.Option(None, help="CSV field separator (with a mapping)."),
    encoding: str | None = typer.Option(None, help="CSV text encoding (with a mapping); default UTF-8."),
    date_format: str | None = typer.Option(None, help="strptime date format (with a mapping); default ISO 8601."),
    period_from: str | None = typer.Option(None, "--period-from", help="Period of undated CAP data: first day."),
    period_to: str | None = typer.Option(None, "--period-to", help="Period of undated CAP data: last day."),
    as_json: bool = typer.Option(False, "--json", help="Print the import summary as JSON."),
) -> None:
    """Import exports in one transaction: a bad row names file, row and field, and nothing is written."""
    start, end = _date(period_from, "--period-from"), _date(period_to, "--period-to")
    if (start is None) != (end is None):
        raise InputError("give both --period-from and --period-to", details={"field": "--period-from"})
    engine = _context.store()
    require_current(engine)
    summary = import_files(engine, paths, mapping=_mapping(mapping, column, delimiter, encoding, date_format),
                           period=(start, end) if start and end else None)
    if as_json:
        typer.echo(summary.model_dump_json(indent=2))
        return
    for f in summary.files:
        typer.echo(f"{f.file}: {f.format}, {f.records} records: {f.inserted} new, {f.updated} updated, "
                   f"{f.unchanged} unchanged")
    for reason, count in sorted(summary.notes.items()):
        typer.echo(f"note: {count} × {reason}")


@app.command()
def report(
    period_from: str | None = typer.Option(None, "--from", help="First day of the period (YYYY-MM-DD)."),
    period_to: str | None = typer.Option(None, "--to", help="Last day of the period (YYYY-MM-DD)."),
    site: str | None = typer.Option(None, "--site", help="Report on one site instead of the whole programme."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
) -> None:
    """Print the OECD Step 5 tables: incidents by risk, category, score category; CAP status; major breaches."""
    engine = _context.store()
    require_current(engine)
    result = report_from_store(engine, period_from=_date(period_from, "--from"), period_to=_date(period_to, "--to"),
                               site_id=site)
    if as_json:
        typer.echo(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
        return
    typer.echo(render_text(result), nl=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bettermining")
