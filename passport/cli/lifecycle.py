"""`passport revoke|suspend|reinstate|status|versions|battery-status|transfer`: a passport's lifecycle in the store.

ID is a passport path (`/01/{gtin}/21/{serial}`, `/id/{uuid}`) or its URL. Exit status: 0 done, 1 refused
(a forbidden transition, a revoked passport...), 2 the command could not run.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import typer

from passport.cli import _context
from passport.cli.credentials import _read_json
from passport.cli.exit_codes import fail
from passport.errors import PassportError
from passport.eu_registry import registration_of
from passport.identifiers import parse_path
from passport.keys.keystore import load_issuer_signer
from passport.lifecycle import (
    change_battery_status,
    history,
    parse_as_of,
    passport_state,
    set_passport_status,
    signer_for_issuer,
    transfer_responsibility,
    version_as_of,
)
from passport.registry import by_version, latest
from passport.registry.issue import SUITE
from passport.store.engine import session_scope
from passport.store.tables import Organisation


def _path(identifier: str) -> str:
    raw = urlsplit(identifier).path if identifier.startswith(("http://", "https://")) else identifier
    return parse_path(raw).path


def _actor(actor: str | None) -> str:
    return actor or f"cli:{getpass.getuser()}"


def _run(work: Callable[[Any, Any], Any]) -> Any:
    try:
        settings, engine = _context.settings(), _context.store()
        with session_scope(engine) as session:
            return work(session, (settings, engine))
    except PassportError as exc:
        fail(exc)


def _print_state(state: Any, as_json: bool, registration: Any = None) -> None:
    data = {"identifier": state.identifier, "version": state.version, "batteryStatus": state.battery_status,
            "revoked": state.revoked, "suspended": state.suspended, "statusLists": state.status_lists}
    if registration is not None:  # Reg. (EU) 2026/1778
        data["euRegistry"] = {"state": registration.state, "registrationId": registration.registration_id,
                              "version": registration.version, "error": registration.error,
                              "proof": json.loads(registration.proof) if registration.proof else None}
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    flags = "revoked" if state.revoked else "suspended" if state.suspended else "valid"
    typer.echo(f"{state.identifier}: version {state.version}, battery status {state.battery_status}, {flags}")
    if registration is not None:
        proof = json.loads(registration.proof) if registration.proof else {}
        typer.echo(f"EU registry: {registration.state} {registration.registration_id or ''} (version "
                   f"{registration.version}, proof {proof.get('passportDigest', registration.error or '-')})")


def _status_command(action: str) -> Callable[..., None]:
    def command(
        identifier: str = typer.Argument(..., metavar="ID", help="Passport path or URL."),
        reason: str | None = typer.Option(None, "--reason", help="Why (kept in the audit trail)."),
        actor: str | None = typer.Option(None, "--actor", help="Who acts (default: cli:<user>)."),
        as_json: bool = typer.Option(False, "--json", help="Print the resulting state as JSON."),
    ) -> None:
        state = _run(lambda session, ctx: set_passport_status(
            session, _path(identifier), action, actor=_actor(actor), reason=reason,
            signer_for=signer_for_issuer(ctx[1], ctx[0])))
        _print_state(state, as_json)

    command.__doc__ = {"revoke": "Revoke every version of a passport (final): set its revocation bits.",
                       "suspend": "Suspend every version of a passport: set its suspension bits.",
                       "reinstate": "Lift a suspension: clear the passport's suspension bits."}[action]
    return command


def status(
    identifier: str = typer.Argument(..., metavar="ID", help="Passport path or URL."),
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Newest version, battery status, revoked or suspended."""
    state, registration = _run(lambda session, _: (passport_state(session, _path(identifier)),
                                                   registration_of(session, _path(identifier))))
    _print_state(state, as_json, registration)


def versions(
    identifier: str = typer.Argument(..., metavar="ID", help="Passport path or URL."),
    as_of: str | None = typer.Option(None, "--as-of", help="Only the version in force then (DATE or date-time)."),
    credential: bool = typer.Option(False, "--credential", help="With --as-of: print that version's credential."),
) -> None:
    """Every version with its date and the reason code of static changes (or the one in force at --as-of)."""
    def work(session: Any, _: Any) -> Any:
        path = _path(identifier)
        if as_of is None:
            return history(session, path), None
        number = version_as_of(session, path, parse_as_of(as_of))
        return [v for v in history(session, path) if v.version == number], by_version(session, path, number)

    rows, stored = _run(work)
    if credential and stored is not None:
        typer.echo(json.dumps(stored.document, indent=2, ensure_ascii=False))
        return
    for v in rows:
        reason = f"  reason {v.reason_code}: {', '.join(v.static_pointers)}" if v.reason_code else ""
        typer.echo(f"version {v.version}  {v.created_at.isoformat()}{reason}")


def battery_status(
    identifier: str = typer.Argument(..., metavar="ID", help="Passport path or URL."),
    new_status: str = typer.Argument(..., metavar="STATUS", help="repurposed, reused, remanufactured or waste."),
    note: str | None = typer.Option(None, "--note", help="Evidence: what was done."),
    documents: list[str] = typer.Option([], "--document", help="Evidence: a document URL (repeatable)."),
    actor: str | None = typer.Option(None, "--actor", help="Who acts (default: cli:<user>)."),
) -> None:
    """Change the battery status (Annex XIII 4(c)): issue the next version, signed by the passport's issuer."""
    def work(session: Any, ctx: Any) -> Any:
        path = _path(identifier)
        signer = signer_for_issuer(ctx[1], ctx[0])(latest(session, path).issuer)
        return change_battery_status(session, path, new_status, signer=signer, base_url=ctx[0].base_url,
                                     actor=_actor(actor), evidence={"note": note, "documents": documents})

    issued = _run(work)
    typer.echo(f"{issued.url}/versions/{issued.stored.version}")


def transfer(
    predecessor: str = typer.Argument(..., metavar="ID", help="The original passport (path or URL)."),
    successor_file: str = typer.Argument(..., metavar="SUCCESSOR.json", help="The new passport's data."),
    new_status: str = typer.Option(..., "--status", help="repurposed, reused or remanufactured."),
    to_org: int = typer.Option(..., "--to-org", help="Organisation id of the incoming operator (its key signs)."),
    note: str | None = typer.Option(None, "--note", help="Evidence: what was done."),
    documents: list[str] = typer.Option([], "--document", help="Evidence: a document URL (repeatable)."),
    actor: str | None = typer.Option(None, "--actor", help="Who acts (default: cli:<user>)."),
) -> None:
    """Art. 77(7): hand responsibility to the incoming operator under a new passport linked to the original."""
    def work(session: Any, ctx: Any) -> Any:
        settings, engine = ctx
        path = _path(predecessor)
        outgoing = signer_for_issuer(engine, settings)(latest(session, path).issuer)
        incoming = load_issuer_signer(engine, to_org, suite=SUITE, settings=settings)
        organisation = session.get(Organisation, to_org)
        return transfer_responsibility(session, path, _read_json(successor_file), new_status=new_status,
                                       outgoing=outgoing, incoming=incoming, base_url=settings.base_url,
                                       actor=_actor(actor), evidence={"note": note, "documents": documents},
                                       incoming_name=organisation.name if organisation else None,
                                       incoming_organisation_id=to_org)

    result = _run(work)
    typer.echo(f"successor {result.successor.url}  (predecessor now version {result.predecessor.stored.version})")


def register(app: typer.Typer) -> None:
    for action in ("revoke", "suspend", "reinstate"):
        app.command(name=action)(_status_command(action))
    app.command()(status)
    app.command()(versions)
    app.command(name="battery-status")(battery_status)
    app.command()(transfer)
