"""Root of the `passport` command.

Every module in this package that defines `register(app)` adds its commands or its sub-app
(`app.add_typer(group, name=...)`, the CLI twin of FastAPI's `include_router`), so a new
command group is one new file.
"""

from __future__ import annotations

import pkgutil
import sys
from importlib import import_module

import typer

import passport.cli as _package
from passport.cli._errors import report
from passport.cli.exit_codes import exit_code_for
from passport.errors import PassportError

app = typer.Typer(
    name="passport",
    help="Issue, serve and verify EU battery passports.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # keys must never reach a traceback
    add_completion=False,
)


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(_package.__path__), key=lambda m: m.name):
        if info.name in {"main"} or info.name.startswith("_"):
            continue
        module = import_module(f"{_package.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_all()


def main(argv: list[str] | None = None) -> None:
    """Entry point: a library error a command lets through is reported on stderr and leaves with the exit-code
    policy's status (`passport.cli.exit_codes`: 0 success, 1 a check or rule failed, 2 unusable input or
    configuration, 3 a required check could not run)."""
    try:
        app(args=argv)
    except PassportError as exc:
        report(exc)
        sys.exit(exit_code_for(exc))
