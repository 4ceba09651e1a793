"""`passport custody`: submit signed traceability events, trace a battery or lot to its origins, check the chain."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import typer

from passport.errors import InputError, PassportError
from passport.jsonio import read_json_file

app = typer.Typer(help="Chain of custody: signed traceability events, trace, integrity check.", no_args_is_help=True)

SUSPENSIONS_HELP = ("JSON file of programme suspensions, [{\"site\": URI, \"start\": ISO time, \"end\": ISO time|null}]"
                    " (e.g. exported from the monitoring programme).")


def _site_status(path: Path | None):  # type: ignore[no-untyped-def]
    from passport.custody.programme import Suspension, status_from_suspensions
    from passport.custody.state import no_status

    if path is None:
        return no_status
    items = read_json_file(path)
    try:
        return status_from_suspensions([
            Suspension(site=i["site"], start=datetime.fromisoformat(i["start"]),
                       end=datetime.fromisoformat(i["end"]) if i.get("end") else None) for i in items])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError("cannot read the suspensions file", details={"file": str(path)}) from exc


@app.command()
def submit(
    files: list[Path] = typer.Argument(..., help="Signed DigitalTraceabilityEvent credentials (JSON)."),
    suspensions: Path | None = typer.Option(None, "--suspensions", help=SUSPENSIONS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON result per file."),
) -> None:
    """Verify each contribution's signature and the signer's authority, then apply its events all or nothing.

    Files are independent: a refused one does not stop the others; the exit status is 1 if any was refused."""
    from passport.cli import _context
    from passport.custody.intake import submit as submit_one
    from passport.store.migrate import require_current

    engine = _context.engine()
    require_current(engine)
    status = _site_status(suspensions)
    refused = 0
    for path in files:
        try:
            receipt = submit_one(engine, path.read_bytes(), site_status=status, source=str(path))
            result = {"file": str(path), "accepted": True, "events": list(receipt.event_ids),
                      "digestSRI": receipt.digest_sri, "warnings": [w.model_dump() for w in receipt.warnings]}
        except OSError as exc:
            refused += 1
            result = {"file": str(path), "accepted": False, "error": {"code": "INVALID_INPUT", "message": str(exc)}}
        except PassportError as exc:
            refused += 1
            result = {"file": str(path), "accepted": False, "error": exc.to_dict()}
        if as_json:
            typer.echo(json.dumps(result))
        elif result["accepted"]:
            typer.echo(f"accepted {path}: {len(result['events'])} event(s), {result['digestSRI']}")
            for w in result["warnings"]:
                typer.echo(f"  warning [{w['code']}] {w['message']}")
        else:
            typer.echo(f"refused {path}: [{result['error']['code']}] {result['error']['message']}", err=True)
            for f in result["error"].get("details", {}).get("findings", []):
                typer.echo(f"  [{f['code']}] {f['message']}", err=True)
    if refused:
        raise typer.Exit(1)


@app.command()
def trace(
    lot_or_battery_id: str = typer.Argument(..., help="A lot id, a battery id or a passport URL/path "
                                                      "(/01/{gtin}/21/{serial} or /{scheme}/{id})."),
    material: str | None = typer.Option(None, "--material", help="Material to trace (default Co when present)."),
    forward: bool = typer.Option(False, "--forward", help="Treat the id as a site: list the batteries it reached."),
    suspensions: Path | None = typer.Option(None, "--suspensions", help=SUSPENSIONS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Origin sites of a battery's (or lot's) material with the mass share of each; or, with --forward,
    every battery a site's material reached."""
    from passport.cli import _context
    from passport.custody.trace import batteries_reached, resolve_lot, trace_origins

    engine = _context.engine()
    with engine.connect() as conn:
        if forward:
            reached = batteries_reached(conn, lot_or_battery_id)
            typer.echo(json.dumps({"site": lot_or_battery_id, "batteries": reached}, indent=2) if as_json else
                       "\n".join(f"{r['lot']}  " + ", ".join(f"{m} {s:.2%}" for m, s in r["shares"].items())
                                 for r in reached) or "no battery reached")
            return
        lot = resolve_lot(conn, lot_or_battery_id)
        result = trace_origins(conn, lot, material, site_status=_site_status(suspensions))
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
        return
    typer.echo(f"{result.lot}: origins of its {result.material}")
    for o in result.origins:
        typer.echo(f"  {o.share:8.2%}  {o.country}  {o.site}{'  (monitored)' if o.monitored else ''}")
    typer.echo(f"  {result.unknown_share:8.2%}  unknown origin")


@app.command()
def check(
    suspensions: Path | None = typer.Option(None, "--suspensions", help=SUSPENSIONS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
) -> None:
    """Replay every stored event through the custody rules and list the integrity findings.

    Exit status 1 if any finding is an error."""
    from passport.cli import _context
    from passport.custody.findings import check_store

    findings = check_store(_context.engine(), site_status=_site_status(suspensions))
    if as_json:
        typer.echo(json.dumps({"findings": [f.model_dump() for f in findings]}, indent=2))
    else:
        for f in findings:
            typer.echo(f"{f.severity:7} [{f.code}] {f.message} (event {f.event_id})")
        typer.echo(f"{len(findings)} finding(s)")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="custody")
