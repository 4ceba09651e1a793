"""`passport indices`: GBA Child Labour and Human Rights indices of a battery, their breakdown, and re-derivation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer

from indices.aggregation import recompute as rederive
from indices.aggregation import withdrawn_since
from indices.evidence.inputs import IndexInputs
from indices.rulebook import default_rulebooks, load_path
from indices.store import add_assessments, latest, recheck_verifier
from indices.store import compute as compute_indices
from passport.cli import _context
from passport.cli.custody import _site_status
from passport.cli.exit_codes import ExitCode
from passport.errors import InputError
from passport.jsonio import read_json_file
from passport.store.migrate import require_current

app = typer.Typer(help="GBA-aligned Child Labour and Human Rights indices: compute, explain, recompute.",
                  no_args_is_help=True)
evidence_app = typer.Typer(help="Assessment credentials (self, second- and third-party).", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")

ID_HELP = "A battery or lot id, or a passport URL/path (/01/{gtin}/21/{serial} or /{scheme}/{id})."
SUSPENSIONS_HELP = ("JSON file of programme suspensions [{\"site\", \"start\", \"end\"}] (as for `passport custody`); "
                    "default: each site's current standing in the imported Better Mining sites.")


def _read_json(path: Path) -> Any:
    return read_json_file(path)


def _credentials(paths: list[Path]) -> list[dict[str, Any]]:
    """Credentials from files: one credential, or a JSON array of them, per file."""
    out: list[dict[str, Any]] = []
    for path in paths:
        document = _read_json(path)
        out += document if isinstance(document, list) else [document]
    return out


def _rulebooks(paths: list[Path]) -> dict[Any, Any] | None:
    if not paths:
        return None

    books = default_rulebooks()
    for path in paths:
        rulebook = load_path(path)
        books[rulebook.index] = rulebook
    return books


def _outcome_json(outcome: Any) -> dict[str, Any]:
    if hasattr(outcome, "company"):
        return {"accepted": True, "digest": outcome.digest, "company": outcome.company,
                "assessmentType": outcome.assessment_type, "rulebook": outcome.rulebook}
    return {"accepted": False, "digest": outcome.digest, "code": outcome.code, "reason": outcome.reason,
            "pointer": outcome.pointer}


@evidence_app.command("add")
def evidence_add(
    files: list[Path] = typer.Argument(..., help="DueDiligenceAssessmentCredential files (a credential or an array)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON result per credential."),
) -> None:
    """Verify each assessment credential (offline) and keep the accepted ones; exit 1 if any is refused."""
    outcomes = [_outcome_json(o) for o in add_assessments(_context.store(), _credentials(files))]
    for o in outcomes:
        typer.echo(json.dumps(o) if as_json else
                   f"accepted {o['digest']} ({o['assessmentType']}, {o['company']})" if o["accepted"] else
                   f"refused {o['digest']}: [{o['code']}] {o['reason']} {o['pointer']}".rstrip())
    if not all(o["accepted"] for o in outcomes):
        raise typer.Exit(ExitCode.CHECK_FAILED)


@app.command()
def compute(
    battery: str = typer.Argument(..., help=ID_HELP),
    evidence: list[Path] = typer.Option([], "--evidence", help="Assessment credentials to take in first."),
    rulebook: list[Path] = typer.Option([], "--rulebook", help="A rulebook file replacing the shipped one for its index."),
    suspensions: Path | None = typer.Option(None, "--suspensions", help=SUSPENSIONS_HELP),
    period_from: str | None = typer.Option(None, "--from", help="Programme data from this date (YYYY-MM-DD)."),
    period_to: str | None = typer.Option(None, "--to", help="Programme data up to this date (YYYY-MM-DD)."),
    out: Path | None = typer.Option(None, "--out", help="Write the disclosure (inputs and result) to this file."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Compute both indices of a battery from its custody trace, stored assessments and programme data."""
    engine = _context.store()
    require_current(engine)
    if evidence:
        refused = [o for o in map(_outcome_json, add_assessments(engine, _credentials(evidence))) if not o["accepted"]]
        for o in refused:
            typer.echo(f"refused {o['digest']}: [{o['code']}] {o['reason']}", err=True)
    try:
        start = dt.date.fromisoformat(period_from) if period_from else None
        end = dt.date.fromisoformat(period_to) if period_to else None
    except ValueError as exc:
        raise InputError("--from/--to must be dates (YYYY-MM-DD)") from exc
    result = compute_indices(engine, battery, rulebooks=_rulebooks(rulebook),
                 site_status=_site_status(suspensions) if suspensions else None,
                 period_from=start, period_to=end)
    if out is not None:
        with engine.connect() as conn:
            disclosure = latest(conn, result.subject)
        out.write_text(json.dumps({"inputs": disclosure.inputs.model_dump(mode="json"), "result": disclosure.result},
                                  indent=1), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(result.summary(), indent=2))
        return
    typer.echo(f"{result.subject} (computed {result.computed_at.isoformat()})")
    for product in (result.child_labour, result.human_rights):
        typer.echo(_headline(product.summary(), product.index.value))


def _headline(s: dict[str, Any], name: str) -> str:
    rated = s["score"] is not None and s.get("rated", True)
    score = f"{s['score']:.1f}" if rated else "—"  # below the rulebook's minimum coverage: no headline number
    minimum = "" if rated or s["score"] is None else f" (the rulebook rates from {s['min_coverage_to_rate']:.0%})"
    return (f"  {name:13s} {score:>5s}  {s['label']:<13s} {s['met']}/{s['applicable']} indicators, "
            f"{s['companies']} of {s['companies_in_chain']} companies, coverage {s['coverage']:.1%}{minimum}, traced "
            f"{s['traced']:.1%}, verification {s['verification'] or '—'}, traceability level {s['traceability_level']}")


def _explain(result: dict[str, Any], authority: bool) -> list[str]:
    lines = [f"{result['subject']} (computed {result['computed_at']}, inputs {result['inputs_digest']})"]
    for name in ("child_labour", "human_rights"):
        p = result[name]
        lines.append(_headline({**p, "companies_in_chain": p["companies_in_chain"]}, name))
        lines.append(f"    rulebook {p['rulebook']['id']} {p['rulebook']['version']} ({p['rulebook']['digest']})")
        for m in p["materials"]:
            lines.append(f"    {m['material']:3s} weight {m['weight']:.2%}  traced {m['traced']:.2%}  covered {m['covered']:.2%}")
        if not authority:
            continue
        for c in p["breakdown"]:
            score = "not assessed" if c["score"] is None else f"{c['score']:.1f}"
            lines.append(f"    {c['company']}  {c['stage']}  weight {c['weight']:.4%}  {score}  "
                         f"{c['met']}/{c['applicable']}  verification {c['verification_level'] or '—'}")
            for i in c["items"]:
                mark = "met " if i["met"] else "n/a " if not i["applicable"] else "not "
                lines.append(f"      {mark}{i['indicator']} ({i['points']} pts, {i['level']}) {i['reason']}"
                             + (f"  <- {', '.join(i['evidence'])}" if i["evidence"] else ""))
    for r in result.get("rejected", []):
        lines.append(f"  rejected evidence {r['digest']}: [{r['code']}] {r['reason']} {r['pointer']}".rstrip())
    return lines


@app.command()
def explain(
    passport_id: str = typer.Argument(..., help=ID_HELP),
    level: str = typer.Option("public", "--level", help="public (figures per index and material) or authority "
                                                        "(every company and indicator with its evidence digests)."),
    as_json: bool = typer.Option(False, "--json", help="Print the stored result as JSON."),
) -> None:
    """Print the breakdown of the last computed indices of a battery."""
    if level not in ("public", "authority"):
        raise InputError("--level must be public or authority", details={"level": level})
    with _context.store().connect() as conn:
        disclosure = latest(conn, passport_id)
    result = disclosure.result
    if level == "public":
        result = {**result, **{k: {**result[k], "breakdown": []} for k in ("child_labour", "human_rights")}}
    typer.echo(json.dumps(result, indent=2) if as_json else "\n".join(_explain(result, level == "authority")))


@app.command()
def recompute(
    passport_id: str | None = typer.Argument(None, help=ID_HELP + " Its last stored disclosure is re-derived."),
    bundle: Path | None = typer.Option(None, "--bundle", help="A disclosure file written by `compute --out`."),
    as_json: bool = typer.Option(False, "--json", help="Print {matches, differences, result} as JSON."),
) -> None:
    """Re-derive the published result from the disclosed inputs, verifying every credential again under the one
    policy (status from the lists the store holds: evidence revoked or suspended since is reported as
    EVIDENCE_WITHDRAWN_SINCE with its digest); exit 1 if it does not match or relied on withdrawn evidence."""
    if (passport_id is None) == (bundle is None):
        raise InputError("give a battery id or --bundle FILE (one of them)")
    engine = _context.engine()
    if bundle is not None:
        document = _read_json(bundle)
        if not isinstance(document, dict) or "inputs" not in document or "result" not in document:
            raise InputError("not a disclosure file: expected {inputs, result}", details={"file": str(bundle)})
        inputs, published = IndexInputs.model_validate(document["inputs"]), document["result"]
    else:
        with _context.store().connect() as conn:
            disclosure = latest(conn, passport_id or "")
        inputs, published = disclosure.inputs, disclosure.result
    derived, differences = rederive(inputs, published, verifier=recheck_verifier(engine, inputs.computed_at))
    withdrawn = withdrawn_since(published, derived)
    findings = [{"code": "EVIDENCE_WITHDRAWN_SINCE", "digest": r.digest, "status": r.code, "reason": r.reason}
                for r in withdrawn]
    if as_json:
        typer.echo(json.dumps({"matches": not differences, "differences": differences, "findings": findings,
                               "result": derived.summary()}, indent=2))
    else:
        for f in findings:
            typer.echo(f"finding [EVIDENCE_WITHDRAWN_SINCE] {f['digest']}: [{f['status']}] the published result "
                       f"relied on it; {f['reason']}")
        if differences:
            typer.echo(f"DOES NOT MATCH: {len(differences)} difference(s)")
            for pointer in differences[:50]:
                typer.echo(f"  {pointer}")
        elif not findings:
            typer.echo(f"matches: {inputs.subject} re-derived from {len(inputs.assessments)} credential(s), "
                       f"{len(inputs.programme.sites)} programme site(s), inputs {derived.inputs_digest}")
    if differences or findings:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="indices")
