"""`passport carbon`: compute a battery's carbon footprint from its input, with the breakdown; re-check a result."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from indices.carbon import (
    CarbonResult,
    default_factors,
    footprint,
    load_classes,
    load_input,
    load_links,
    load_table,
    loader as carbon_loader,
    problems,
    render,
    to_passport,
)
from indices.carbon.inputs import invalid
from indices.carbon.withdrawn import EVIDENCE_WITHDRAWN_SINCE, withdrawn_since
from passport.cli import _context
from passport.cli.exit_codes import ExitCode
from passport.errors import InputError
from passport.jsonio import read_json_file
from passport.model import PassportCreate, parse_passport
from passport.store.migrate import require_current
from passport.trust import TrustSources, verify_credential

app = typer.Typer(help="Carbon footprint (Art. 7): compute with the breakdown of every number; recompute.",
                  no_args_is_help=True, pretty_exceptions_show_locals=False)


def _links(inp: Any) -> Any:
    """The battery's custody links from the store (I/O at the edge); None without a custody lot."""
    if inp.battery.custody_lot is None:
        return None

    engine = _context.store()
    require_current(engine)
    materials = {line.traced_material for line in inp.bill_of_materials if line.traced_material}
    with engine.connect() as conn:
        return load_links(conn, inp.battery.custody_lot, materials)


def _verifier() -> Any:
    """The one verification policy with the store's sources (did:web issuers, the status lists it holds), opened
    only when a supplier footprint is checked: a revoked or suspended footprint is excluded with that code."""
    return partial(verify_credential, sources=TrustSources.for_service(_context.engine, _context.settings(),
                                                                       loader=carbon_loader()))


def _text(result: Any, depth: int) -> list[str]:
    lines = [f"battery {result.battery_id} ({result.battery_category})",
             f"functional unit: {result.functional_unit}",
             f"lifetime energy: {result.lifetime_energy_kwh.value:,.1f} kWh = {result.functional_unit_formula}",
             f"footprint: {result.total_kg_co2e_per_kwh.value:.5f} kg CO2e/kWh, absolute "
             f"{result.total_kg_co2e.value:,.1f} kg CO2e, performance class {result.performance_class or '-'} "
             f"({result.class_table.id} v{result.class_table.version})",
             f"primary data share: {result.primary_data_share.value:.3f}; data quality rating "
             f"{result.data_quality_rating.value:.2f} ({result.data_quality_level})", "stages:"]
    for s in result.stages:
        lines.append(f"  {s.life_cycle_stage.value:<28} {s.kg_co2e_per_kwh.value:.5f} kg CO2e/kWh "
                     f"{s.kg_co2e.value:>12,.2f} kg CO2e")
    for a in result.supplier_footprints:
        lines.append(f"supplier footprint accepted: {a.pointer} line {a.line} share {a.share:.3f} "
                     f"{a.kg_co2e_per_kg} kg CO2e/kg ({a.digest_sri})")
    for r in result.rejected_supplier_footprints:
        lines.append(f"supplier footprint rejected: {r.pointer} [{r.code}] {r.reason}")
    for f in result.findings:
        lines.append(f"finding [{f.code}]{' ' + f.pointer if f.pointer else ''}: {f.message}")
    lines.append("breakdown:")
    lines += render(result.total_kg_co2e_per_kwh, indent="  ", max_depth=depth)
    return lines


@app.command()
def compute(
    input_file: Path = typer.Argument(..., metavar="INPUT.json",
                                      help="The calculation input (see passport/application/demo/carbon)."),
    as_json: bool = typer.Option(False, "--json", help="Print {carbonFootprint, result} as JSON."),
    factors: list[Path] = typer.Option([], "--factors", help="Emission-factor table (JSON); searched before the "
                                       "shipped tables of its kind. Repeatable."),
    classes: Path | None = typer.Option(None, "--classes", help="Performance-class table replacing the shipped "
                                        "illustrative one."),
    depth: int = typer.Option(4, "--depth", min=0, help="Levels of the breakdown to print (text output)."),
    no_custody: bool = typer.Option(False, "--no-custody", help="Do not read the store: without a custody "
                                    "trace every supplier footprint is rejected (NO_CUSTODY_TRACE)."),
    into: Path | None = typer.Option(None, "--into", metavar="PASSPORT.json",
                                     help="Print this passport document (as `passport issue` reads it) with its "
                                     "carbonFootprint replaced by the computed one, validated."),
) -> None:
    """Compute the footprint: per life-cycle stage, total per kWh, absolute, class, primary-data share, quality.

    Supplier footprint credentials count only where the store's custody trace links their lots to the battery."""
    inp = load_input(input_file)
    factor_set = default_factors().with_tables(*(load_table(p) for p in factors))
    result = footprint(inp, links=None if no_custody else _links(inp), factors=factor_set,
                       classes=load_classes(classes) if classes else None, verifier=_verifier())
    if into is not None:
        typer.echo(json.dumps(_into(into, result, inp), indent=1, ensure_ascii=False))
        return
    if as_json:
        out = {"carbonFootprint": (to_passport(result, inp.declaration).model_dump(mode="json")
                                   if inp.declaration else None),
               "result": result.to_json()}
        typer.echo(json.dumps(out, indent=1, ensure_ascii=False))
        return
    typer.echo("\n".join(_text(result, depth)))


def _into(path: Path, result: Any, inp: Any) -> dict[str, Any]:
    document = read_json_file(path)
    if not isinstance(document, dict):
        raise InputError("the passport must be a JSON object", code="INVALID_JSON", details={"file": str(path)})
    document["carbonFootprint"] = to_passport(result, inp.declaration).model_dump(mode="json")
    parse_passport(document, model=PassportCreate)
    return document


@app.command()
def recompute(
    result_file: Path = typer.Argument(..., metavar="RESULT.json",
                                       help="A result as `compute --json` prints it (or its `result` member)."),
    input_file: Path | None = typer.Option(None, "--input", metavar="INPUT.json",
                                           help="The calculation input the result was computed from: the status "
                                           "of every supplier footprint the result counted is checked again."),
) -> None:
    """Re-derive every number of a result from its leaves; exit 0 if all agree, 1 listing where they do not.

    With --input, each supplier footprint the result counted is verified again under the one policy (status
    from the lists the store holds): one revoked or suspended since is a finding EVIDENCE_WITHDRAWN_SINCE naming
    its digest (exit 1); one whose status cannot be checked now exits 3."""
    data = read_json_file(result_file)
    data = data.get("result", data) if isinstance(data, dict) else data
    try:
        result = CarbonResult.from_json(data)
    except ValidationError as exc:
        raise invalid(exc, "INVALID_CARBON_RESULT", data, file=str(result_file)) from exc
    bad = problems(result)
    findings = [] if input_file is None else withdrawn_since(
        result, load_input(input_file).supplier_footprints, _verifier())
    for f in findings:
        typer.echo(f"finding [{f.code}] {f.digest_sri}: {'[' + f.status + '] ' if f.status else ''}{f.reason}")
    if bad:
        typer.echo("does not recompute at: " + ", ".join(bad))
    if bad or any(f.code == EVIDENCE_WITHDRAWN_SINCE for f in findings):
        raise typer.Exit(ExitCode.CHECK_FAILED)
    if findings:
        raise typer.Exit(ExitCode.CHECK_NOT_RUN)
    typer.echo(f"recomputes: {result.total_kg_co2e_per_kwh.value:.5f} kg CO2e/kWh, class "
               f"{result.performance_class or '-'}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="carbon")
