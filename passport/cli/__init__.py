"""The `passport` command: one typer sub-app per command group, thin over the library."""

from passport.cli.main import app, main

__all__ = ["app", "main"]
