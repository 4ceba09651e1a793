"""`passport audit verify|show`: the hash-chained audit trail of every write."""

from __future__ import annotations

import json

import typer

from passport.cli import _context
from passport.cli.exit_codes import ExitCode, fail
from passport.errors import PassportError
from passport.lifecycle import list_audit, verify_audit
from passport.store.engine import session_scope

app = typer.Typer(help="The append-only, hash-chained audit trail.", no_args_is_help=True)


@app.command()
def verify(as_json: bool = typer.Option(False, "--json", help="Print the result as JSON.")) -> None:
    """Walk the chain: exit 0 when intact, 1 listing every edited, deleted or missing entry."""
    try:
        with session_scope(_context.store()) as session:
            result = verify_audit(session)
    except PassportError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps({"verified": result.verified, "entries": result.entries, "headSeq": result.head_seq,
                               "headHash": result.head_hash,
                               "problems": [{"seq": p.seq, "code": p.code, "reason": p.reason}
                                            for p in result.problems]}, indent=2))
    else:
        for p in result.problems:
            typer.echo(f"entry {p.seq}: [{p.code}] {p.reason}")
        verdict = "intact" if result.verified else "BROKEN"
        typer.echo(f"audit chain {verdict}: {result.entries} entries, head {result.head_seq} {result.head_hash}")
    if not result.verified:
        raise typer.Exit(ExitCode.CHECK_FAILED)


@app.command()
def show(
    subject: str | None = typer.Option(None, "--subject", help="Only entries about this subject."),
    action: str | None = typer.Option(None, "--action", help="Only this action (issue, revoke, ...)."),
    after: int = typer.Option(0, "--after", min=0, help="Entries after this sequence number."),
    limit: int = typer.Option(100, "--limit", min=1, max=10_000),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Print entries in sequence order."""
    with session_scope(_context.store()) as session:
        records = list_audit(session, subject=subject, action=action, after=after, limit=limit)
    for r in records:
        if as_json:
            typer.echo(json.dumps({"seq": r.seq, "at": r.at.isoformat(), "actor": r.actor, "action": r.action,
                                   "subject": r.subject, "payload": r.payload, "entryHash": r.entry_hash}))
        else:
            typer.echo(f"{r.seq:>6}  {r.at.isoformat()}  {r.action:<10} {r.subject}  by {r.actor}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="audit")
