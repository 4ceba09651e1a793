"""`passport tokens`: bearer tokens for the API (create shows the secret once; only a keyed hash is stored)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import typer

from passport.auth import create_token, list_tokens, revoke_token, token_hash_key
from passport.cli import _context
from passport.store.engine import session_scope
from passport.store.migrate import require_current

app = typer.Typer(help="Create, list and revoke API bearer tokens.", no_args_is_help=True)


@app.command()
def create(
    org: str | None = typer.Option(None, "--org", metavar="SLUG", help="Organisation the token acts for "
                                   "(`passport orgs create` first); an operator token needs none."),
    role: str = typer.Option(..., "--role", help="legitimate_interest, notified_body, market_surveillance, "
                             "commission, manufacturer, contributor or operator (onboards organisations and "
                             "custody participants)."),
    party: str | None = typer.Option(None, "--party", help="Contributor tokens: the custody party (its id) whose "
                                     "events, or its principals' as their delegate, it may submit."),
    expires: int = typer.Option(90, "--expires", min=1, help="Days until the token expires."),
) -> None:
    """Create a token and print it once; store it now, it cannot be shown again."""
    engine = _context.store()
    require_current(engine)
    with session_scope(engine) as session:
        issued = create_token(session, organisation=org, role=role, expires_in_days=expires,
                              key=token_hash_key(_context.settings()), party_id=party, create_organisation=False)
    info = issued.info
    typer.echo(f"token {info.id} for {info.organisation} ({info.role.value}, reads at {info.access_level}), "
               f"expires {info.expires_at:%Y-%m-%d %H:%M} UTC", err=True)
    typer.echo(issued.token)


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List tokens (ids, organisations, roles, state); never their secrets."""
    now = datetime.now(timezone.utc)
    with session_scope(_context.store()) as session:
        tokens = list_tokens(session)
    rows = [{"id": t.id, "organisation": t.organisation, "role": t.role.value, "access_level": t.access_level,
             "created_at": t.created_at.isoformat(), "expires_at": t.expires_at.isoformat(), "state": t.state(now)}
            for t in tokens]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        typer.echo(f"{r['id']}  {r['state']:8} {r['role']:20} {r['organisation']}  expires {r['expires_at'][:10]}")


@app.command()
def revoke(token_id: str = typer.Argument(..., help="Token id (tok_...), as `passport tokens list` shows.")) -> None:
    """Revoke a token immediately."""
    with session_scope(_context.store()) as session:
        info = revoke_token(session, token_id)
    typer.echo(f"revoked {info.id} ({info.organisation})")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="tokens")
