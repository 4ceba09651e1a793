"""`passport db`: the store's schema."""

from __future__ import annotations

import typer

from passport.cli import _context
from passport.cli.exit_codes import ExitCode
from passport.store.migrate import current_revisions, head_revisions
from passport.store.migrate import upgrade as run_upgrade

app = typer.Typer(help="Manage the store's schema (Alembic migrations).", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("heads", help="Target revision; default: the newest.")) -> None:
    """Create or migrate the store's tables to the newest schema."""
    engine = _context.engine()
    run_upgrade(engine, revision)
    typer.echo(f"store at {engine.url.render_as_string(hide_password=True)} is at revision "
               f"{', '.join(sorted(current_revisions(engine))) or '(none)'}")


@app.command()
def current() -> None:
    """Print the store's current revision(s) and whether it is up to date."""
    engine = _context.engine()
    have, want = current_revisions(engine), head_revisions()
    typer.echo(f"current: {', '.join(sorted(have)) or '(empty)'}; newest: {', '.join(sorted(want))}")
    if have != want:
        raise typer.Exit(ExitCode.CHECK_FAILED)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="db")
