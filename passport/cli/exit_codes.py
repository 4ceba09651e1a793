"""The one exit-code policy of the `passport` command, and the one place a library error becomes an exit.

    0  SUCCESS          the command did what was asked; every check it ran passed
    1  CHECK_FAILED     a check or rule failed: a proof or chain that does not verify, a recomputation that
                        differs, a refused input among several, a transition or write the rules forbid
    2  UNUSABLE_INPUT   the input or the configuration cannot be used: unreadable or invalid files, an id that is
                        not in the store, a missing key or setting, a store whose schema is behind (click's own
                        usage errors exit 2 too)
    3  CHECK_NOT_RUN    a check the answer depends on could not run: the store could not be reached or refused

Commands never pick a number themselves: they raise a `PassportError` (mapped here by class) or end with
`raise typer.Exit(ExitCode.CHECK_FAILED)` when their own check failed.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NoReturn

import typer

from passport.errors import (
    AccessDeniedError,
    ConflictError,
    MigrationError,
    PassportError,
    StoreError,
)
from passport.lifecycle.transitions import TransitionError


class ExitCode(IntEnum):
    SUCCESS = 0
    CHECK_FAILED = 1
    UNUSABLE_INPUT = 2
    CHECK_NOT_RUN = 3


#: Most specific class first: a MigrationError is a StoreError, but a schema behind the code is configuration.
_BY_CLASS: tuple[tuple[type[PassportError], ExitCode], ...] = (
    (TransitionError, ExitCode.CHECK_FAILED),
    (MigrationError, ExitCode.UNUSABLE_INPUT),
    (StoreError, ExitCode.CHECK_NOT_RUN),
    (ConflictError, ExitCode.CHECK_FAILED),
    (AccessDeniedError, ExitCode.CHECK_FAILED),
)


def exit_code_for(exc: PassportError) -> ExitCode:
    """The exit code of a library error: rules refused (a forbidden status transition, a conflicting write,
    access denied) -> 1, the store unreachable -> 3, everything else
    (bad input, unknown id, configuration, keys, JSON-LD, canonicalization) -> 2."""
    for cls, code in _BY_CLASS:
        if isinstance(exc, cls):
            return code
    return ExitCode.UNUSABLE_INPUT


def fail(exc: PassportError) -> NoReturn:
    """One line on stderr (`error [CODE]: message (location)`) and the policy's exit code."""
    typer.echo(f"error [{exc.code}]: {exc}", err=True)
    raise typer.Exit(exit_code_for(exc))
