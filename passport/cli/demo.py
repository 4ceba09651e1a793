"""`passport demo`: the examples, loaded and issued, one printed line per passport URL."""

from __future__ import annotations

import typer

from passport.application.demo import run_demo
from passport.cli import _context
from passport.store.migrate import require_current


def demo() -> None:
    """Load the example data into the store, issue the example passports and print their URLs."""
    engine = _context.store()
    require_current(engine)
    for line in run_demo(engine, _context.settings()):
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command()(demo)
