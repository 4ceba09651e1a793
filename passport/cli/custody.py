"""`passport custody`: submit signed traceability events, trace a battery or lot to its origins, check the chain."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

import typer

from passport.cli import _context
from passport.cli.exit_codes import ExitCode
from passport.custody.drafting import EventDraft, draft_credential, parse_lot_spec, read_lots_csv
from passport.custody.findings import check_store
from passport.custody.bulk import Submission, submit_many, worker_count
from passport.trust.worker import StoreVerifier
from passport.custody.intake import submit as submit_one
from passport.custody.participants import (
    CustodyDelegationIn,
    CustodyPartyIn,
    CustodySiteIn,
    add_delegation,
    add_party,
    add_site,
    list_delegations,
    list_parties,
    list_sites,
    revoke_delegation,
)
from passport.custody.programme import Suspension, status_from_suspensions
from passport.custody.state import no_status
from passport.custody.trace import batteries_reached, resolve_lot, trace_origins
from passport.errors import InputError, PassportError
from passport.jsonio import read_json_file
from passport.organisations import get_organisation
from passport.organisations.validation import parse_request
from passport.store.engine import session_scope
from passport.store.migrate import require_current
from passport.trust import TrustSources, verify_credential

app = typer.Typer(help="Chain of custody: signed traceability events, trace, integrity check.", no_args_is_help=True)

SUSPENSIONS_HELP = ("JSON file of programme suspensions, [{\"site\": URI, \"start\": ISO time, \"end\": ISO time|null}]"
                    " (e.g. exported from the monitoring programme).")


def _site_status(path: Path | None):  # type: ignore[no-untyped-def]

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
    files: list[Path] = typer.Argument(None, help="Signed DigitalTraceabilityEvent credentials (JSON)."),
    bulk: Path | None = typer.Option(None, "--bulk", help="Submit every *.json credential in this directory (in "
                                     "name order) as one batch, all or nothing.", file_okay=False, exists=True),
    workers: int = typer.Option(min(4, os.cpu_count() or 1), "--workers", min=1,
                                help="With --bulk: processes verifying signatures in parallel."),
    suspensions: Path | None = typer.Option(None, "--suspensions", help=SUSPENSIONS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON result per file."),
) -> None:
    """Verify each contribution's signature and the signer's authority, then apply its events all or nothing.

    Files are independent: a refused one does not stop the others; the exit status is 1 if any was refused.
    With --bulk DIR the directory is one submission: every credential is applied, or none (the refused one is
    named), through the bulk path (signatures checked in parallel, rows written set-based)."""
    engine = _context.store()
    require_current(engine)
    status = _site_status(suspensions)
    sources = TrustSources.for_service(engine, _context.settings())  # did:web issuers and our lists from the store
    verifier = partial(verify_credential, sources=sources)
    if bulk is not None:
        if files:
            raise InputError("give files or --bulk DIR, not both", code="INVALID_ARGUMENTS",
                             details={"argument": "FILES"})
        _submit_bulk(engine, bulk, workers, status, verifier, as_json)
        return
    if not files:
        raise InputError("give the credential files to submit, or --bulk DIR", code="INVALID_ARGUMENTS",
                         details={"argument": "FILES"})
    refused = 0
    for path in files:
        try:
            receipt = submit_one(engine, path.read_bytes(), site_status=status, source=str(path), verify=verifier)
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
        raise typer.Exit(ExitCode.CHECK_FAILED)


def _submit_bulk(engine, directory: Path, workers: int, status, verifier, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    paths = sorted(p for p in directory.iterdir() if p.suffix == ".json" and p.is_file())
    if not paths:
        raise InputError("the directory holds no *.json credential", code="EMPTY_BATCH",
                         details={"file": str(directory)})
    try:
        submissions = [Submission(str(p), p.read_bytes()) for p in paths]
    except OSError as exc:
        raise InputError(f"cannot read the batch: {exc}", details={"file": str(directory)}) from exc
    if worker_count(len(submissions), workers) > 1:   # worker processes open the store themselves
        verifier = StoreVerifier(engine.url.render_as_string(hide_password=False), _context.settings())
    try:
        receipts = submit_many(engine, submissions, verify=verifier, workers=workers, site_status=status)
    except PassportError as exc:
        if as_json:
            typer.echo(json.dumps({"accepted": False, "error": exc.to_dict()}))
        else:
            details = exc.details or {}
            typer.echo(f"refused batch {directory}: {details.get('file', '')} [{exc.code}] {exc.message}", err=True)
            for f in details.get("findings", []):
                typer.echo(f"  [{f['code']}] {f['message']}", err=True)
        raise typer.Exit(ExitCode.CHECK_FAILED) from None
    events = sum(len(r.event_ids) for r in receipts)
    if as_json:
        typer.echo(json.dumps({"accepted": True, "credentials": len(receipts), "events": events,
                               "receipts": [{"file": s.source, "events": list(r.event_ids),
                                             "digestSRI": r.digest_sri,
                                             "warnings": [w.model_dump() for w in r.warnings]}
                                            for s, r in zip(submissions, receipts)]}))
    else:
        typer.echo(f"accepted {directory}: {len(receipts)} credential(s), {events} event(s)")
        for s, r in zip(submissions, receipts):
            for w in r.warnings:
                typer.echo(f"  {s.source}: warning [{w.code}] {w.message}")


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
    engine = _context.store()
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
    findings = check_store(_context.store(), site_status=_site_status(suspensions))
    if as_json:
        typer.echo(json.dumps({"findings": [f.model_dump() for f in findings]}, indent=2))
    else:
        for f in findings:
            typer.echo(f"{f.severity:7} [{f.code}] {f.message} (event {f.event_id})")
        typer.echo(f"{len(findings)} finding(s)")
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="custody")


parties = typer.Typer(help="Custody parties: organisations in the chain and the DIDs that sign their events.",
                      no_args_is_help=True)
sites = typer.Typer(help="Custody sites: mines, refineries, plants (GLN, SGLN or URI).", no_args_is_help=True)
delegations = typer.Typer(help="Delegations: agents recording events for a party.", no_args_is_help=True)
app.add_typer(parties, name="parties")
app.add_typer(sites, name="sites")
app.add_typer(delegations, name="delegations")


def _write(action, model, data: dict) -> dict:  # type: ignore[no-untyped-def]

    body = parse_request(model, data, drop_none=True)
    engine = _context.store()
    require_current(engine)
    with engine.begin() as conn:
        return action(conn, body, actor="passport custody")


def _show(rows: list[dict], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        typer.echo("  ".join(str(v) for v in row.values() if v is not None))


def _did_of(organisation: str) -> str:
    with session_scope(_context.store()) as session:
        did = get_organisation(session, organisation).did
    if not did:
        raise InputError(f"{organisation} has no DID yet: `passport keys generate --organisation {organisation} "
                         "--suite eddsa-rdfc-2022`", code="ORGANISATION_HAS_NO_DID", details={"option": "--organisation"})
    return did


@parties.command("add")
def parties_add(
    party_id: str = typer.Option(..., "--id", help="The party's URI (PGLN URN, LEI URN or DID)."),
    name: str = typer.Option(..., "--name", help="Legal or trade name."),
    did: str | None = typer.Option(None, "--did", help="DID whose keys sign its events."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG",
                                            help="Take the DID of this organisation instead of --did."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-2."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Add a party; next: its sites (`passport custody sites add`) and a contributor token bound to it."""
    if organisation is not None:
        did = _did_of(organisation)
    _show([_write(add_party, CustodyPartyIn, {"id": party_id, "name": name, "did": did, "country": country})],
          as_json)


@parties.command("list")
def parties_list(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List parties."""
    with _context.store().connect() as conn:
        _show(list_parties(conn), as_json)


@sites.command("add")
def sites_add(
    site_id: str = typer.Option(..., "--id", help="13-digit GLN (check digit checked), SGLN URN or URI."),
    party: str = typer.Option(..., "--party", help="The party operating it."),
    country: str = typer.Option(..., "--country", help="ISO 3166-1 alpha-2."),
    name: str | None = typer.Option(None, "--name", help="Name (never shown publicly)."),
    origin: bool = typer.Option(False, "--origin", help="A mine site (lots start here)."),
    programme: str | None = typer.Option(None, "--programme", help="Monitoring programme (name or https link)."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Add a site of a party."""
    _show([_write(add_site, CustodySiteIn, {"id": site_id, "party": party, "country": country, "name": name,
                                            "origin": origin, "programme": programme})], as_json)


@sites.command("list")
def sites_list(party: str | None = typer.Option(None, "--party", help="Only this party's sites."),
               as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List sites."""
    with _context.store().connect() as conn:
        _show(list_sites(conn, party), as_json)


@delegations.command("add")
def delegations_add(agent: str = typer.Option(..., "--agent", help="The party recording events."),
                    principal: str = typer.Option(..., "--principal", help="The party it records for."),
                    as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Let AGENT record events for PRINCIPAL."""
    _show([_write(add_delegation, CustodyDelegationIn, {"agent": agent, "principal": principal})], as_json)


@delegations.command("list")
def delegations_list(party: str | None = typer.Option(None, "--party", help="Only those naming this party."),
                     as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List delegations."""
    with _context.store().connect() as conn:
        _show(list_delegations(conn, party), as_json)


@delegations.command("revoke")
def delegations_revoke(agent: str = typer.Option(..., "--agent"),
                       principal: str = typer.Option(..., "--principal")) -> None:
    """End a delegation at once."""
    _write(revoke_delegation, CustodyDelegationIn, {"agent": agent, "principal": principal})
    typer.echo(f"revoked: {agent} no longer records for {principal}")


event = typer.Typer(help="Draft traceability events as unsigned UNTP DTE credentials (then `passport sign`).",
                    no_args_is_help=True)
app.add_typer(event, name="event")

LOT_HELP = "LOT=KG[:MATERIAL=GRADE,...], e.g. urn:epc:class:lgtin:9520003.0400001.RF-1=1250:Co=0.21; repeatable."


@event.command("new")
def event_new(
    event_type: str = typer.Option(..., "--type", help="object, aggregation, transformation or transaction."),
    issuer: str | None = typer.Option(None, "--issuer", help="The signer's DID (the credential's issuer)."),
    organisation: str | None = typer.Option(None, "--organisation", metavar="SLUG", help="Issue as this "
                                            "organisation: its DID and legal name."),
    issuer_name: str | None = typer.Option(None, "--issuer-name", help="The issuer's name (UNTP requires one)."),
    site: str | None = typer.Option(None, "--site", help="Where it happened (SGLN or site URI)."),
    when: str | None = typer.Option(None, "--time", help="ISO 8601 time with offset (default: now, UTC)."),
    lot: list[str] = typer.Option([], "--lot", help="A lot (object, aggregation child, transaction, "
                                  "transformation input). " + LOT_HELP),
    output: list[str] = typer.Option([], "--output", help="Transformation output. " + LOT_HELP),
    lots_csv: Path | None = typer.Option(None, "--lots", metavar="LOTS.csv", help="Lots from a CSV (columns lot, "
                                         "kg, optional role input|output|child, product, material grades)."),
    action: str = typer.Option("add", "--action", help="object events: add (commission new lots) or observe."),
    parent: str | None = typer.Option(None, "--parent", help="Aggregation: the container."),
    source: str | None = typer.Option(None, "--source", help="Transaction: the party giving up the lots."),
    destination: str | None = typer.Option(None, "--destination", help="Transaction: the party receiving them."),
    transaction: str | None = typer.Option(None, "--transaction", help="Transaction: the despatch advice id."),
    model: str | None = typer.Option(None, "--model", help="Chain-of-custody model: identity_preserved, "
                                     "segregated or mass_balance."),
    recorder: str | None = typer.Option(None, "--recorder", help="The party recording the event (its id)."),
    event_id: str | None = typer.Option(None, "--event-id", help="EPCIS eventID (default: a new urn:uuid)."),
    out: Path | None = typer.Option(None, "--out", help="Write the credential here (default: stdout)."),
) -> None:
    """Write an unsigned UNTP Digital Traceability Event credential; sign it with `passport sign --key FILE` and
    submit it with `passport custody submit` or POST /api/v1/contributions/custody."""
    if event_type not in ("object", "aggregation", "transformation", "transaction"):
        raise InputError("--type is object, aggregation, transformation or transaction", details={"option": "--type"})
    if action not in ("add", "observe"):
        raise InputError("--action is add or observe", details={"option": "--action"})
    if organisation is not None:
        issuer = _did_of(organisation)
        issuer_name = issuer_name or _legal_name(organisation)
    if issuer is None:
        raise InputError("give --issuer DID or --organisation SLUG", code="INVALID_OPTIONS",
                         details={"option": "--issuer"})
    try:
        moment = datetime.fromisoformat(when) if when else datetime.now(timezone.utc).replace(microsecond=0)
    except ValueError as exc:
        raise InputError("--time is an ISO 8601 time with its offset", details={"option": "--time"}) from exc
    if moment.tzinfo is None:
        raise InputError("--time needs its UTC offset (e.g. 2026-03-01T08:00:00+01:00)", details={"option": "--time"})
    lots = [parse_lot_spec(t, field_name=f"--lot {i + 1}") for i, t in enumerate(lot)]
    if lots_csv is not None:
        try:
            text = lots_csv.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError("cannot read the lots CSV", details={"file": str(lots_csv)}) from exc
        lots += read_lots_csv(text, source=str(lots_csv))
    draft = EventDraft(type=event_type, site=site, when=moment, lots=lots,  # type: ignore[arg-type]
                       outputs=[parse_lot_spec(t, field_name=f"--output {i + 1}") for i, t in enumerate(output)],
                       action=action, parent=parent, source=source, destination=destination,  # type: ignore[arg-type]
                       transaction=transaction, model=model, recorder=recorder, event_id=event_id)
    credential = draft_credential([draft], issuer=issuer, issuer_name=issuer_name)
    text = json.dumps(credential, indent=2, ensure_ascii=False)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        typer.echo(f"wrote {out}: sign it with `passport sign --key KEY.json {out}`", err=True)


def _legal_name(organisation: str) -> str:
    with session_scope(_context.store()) as session:
        return get_organisation(session, organisation).name
