"""How the CLI reports a library error: one headline, then every problem it lists, like the API's error body.

    error [INVALID_PASSPORT]: the passport is not valid: 2 error(s), first at /a (pointer=/a)
      /a: Field required [missing]
      /b/0/c: a web link must be an https: URL [url_scheme]

A problem list is `details.errors` (model validation: pointer, type, message) or `details.problems` (imports:
file, row, field, reason, message); both are printed in full, one line each.
"""

from __future__ import annotations

from typing import Any

import typer

from passport.errors import PassportError

__all__ = ["report"]


def _where(problem: dict[str, Any]) -> str:
    parts = [str(problem[k]) for k in ("file", "row", "field") if problem.get(k) not in (None, "")]
    pointer = problem.get("pointer")
    if problem.get("file"):  # an import's row: file:row:field, and the JSON pointer when there is one
        where = ":".join(parts) + (f" {pointer}" if pointer else "")
    else:
        where = str(pointer) if pointer not in (None, "") else ":".join(parts) or "/"
    if problem.get("line") is not None:
        where += f" (line {problem['line']}, column {problem.get('column')})"
    return where


def lines(exc: PassportError) -> list[str]:
    out = [f"error [{exc.code}]: {exc}"]
    listed = exc.details.get("errors") if isinstance(exc.details.get("errors"), list) else exc.details.get("problems")
    for problem in listed if isinstance(listed, list) else []:
        if isinstance(problem, dict):
            kind = problem.get("type") or problem.get("reason") or ""
            out.append(f"  {_where(problem)}: {problem.get('message', '')}" + (f" [{kind}]" if kind else ""))
    return out


def report(exc: PassportError) -> None:
    """Print `exc` on stderr: the headline, then each listed problem."""
    for line in lines(exc):
        typer.echo(line, err=True)
