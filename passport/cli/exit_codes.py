"""The one exit-code policy of the `passport` command, and the one place a library error becomes an exit.

    0  SUCCESS          the command did what was asked; every check it ran passed
    1  CHECK_FAILED     a check or rule failed: a proof or chain that does not verify, a recomputation that
                        differs, a refused input among several, a transition or write the rules forbid
    2  UNUSABLE_INPUT   the input or the configuration cannot be used: unreadable or invalid files, an id that is
                        not in the store, a missing key or setting, a store whose schema is behind (click's own
                        usage errors exit 2 too)
    3  CHECK_NOT_RUN    a check the answer depends on could not run: the store, the back-up instance or the EU
                        registry could not be reached, an upstream service failed

Commands never pick a number themselves: they raise a `PassportError` (mapped here, by code where a code says
more than its class, else by class; `passport.cli.main.main` maps whatever a command lets through) or end with
`raise typer.Exit(ExitCode.CHECK_FAILED)` when their own check failed. `tests/cli/test_exit_codes.py` walks the
command tree.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NoReturn

import typer

from passport.cli._errors import report
from passport.errors import (
    AccessDeniedError,
    ConflictError,
    MigrationError,
    PassportError,
    StoreError,
    UpstreamError,
)
from passport.lifecycle.transitions import TransitionError


class ExitCode(IntEnum):
    SUCCESS = 0
    CHECK_FAILED = 1
    UNUSABLE_INPUT = 2
    CHECK_NOT_RUN = 3


#: Codes that decide by themselves: an unreachable service means the command could not run; a conversion
#: rule that refuses an imported document's values is a failed check.
_BY_CODE: dict[str, ExitCode] = {
    "STORE_UNREACHABLE": ExitCode.CHECK_NOT_RUN,
    "BACKUP_UNREACHABLE": ExitCode.CHECK_NOT_RUN,
    "REGISTRY_UNREACHABLE": ExitCode.CHECK_NOT_RUN,
    "IMPORT_INVALID": ExitCode.CHECK_FAILED,
    "KEY_FILE_EXISTS": ExitCode.UNUSABLE_INPUT,      # the --out path is taken: the input, not a rule, is at fault
}

#: Most specific class first: a MigrationError is a StoreError, but a schema behind the code is configuration.
_BY_CLASS: tuple[tuple[type[PassportError], ExitCode], ...] = (
    (TransitionError, ExitCode.CHECK_FAILED),
    (MigrationError, ExitCode.UNUSABLE_INPUT),
    (StoreError, ExitCode.CHECK_NOT_RUN),
    (UpstreamError, ExitCode.CHECK_NOT_RUN),
    (ConflictError, ExitCode.CHECK_FAILED),
    (AccessDeniedError, ExitCode.CHECK_FAILED),
)


def exit_code_for(exc: PassportError) -> ExitCode:
    """The exit code of a library error: rules refused (a forbidden status transition, a conflicting write,
    access denied) -> 1, the store unreachable -> 3, everything else
    (bad input, unknown id, configuration, keys, JSON-LD, canonicalization) -> 2."""
    if exc.code in _BY_CODE:
        return _BY_CODE[exc.code]
    for cls, code in _BY_CLASS:
        if isinstance(exc, cls):
            return code
    return ExitCode.UNUSABLE_INPUT


def fail(exc: PassportError) -> NoReturn:
    """The error on stderr (`error [CODE]: message (location)`, then each listed problem) and the policy's code."""
    report(exc)
    raise typer.Exit(exit_code_for(exc))
