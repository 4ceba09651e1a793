"""Count guards: every entry of a vendored suite was collected as its own test in this run.

A guard cannot count what ran in its own process: under pytest-xdist the entries run on other workers. It can
count what was *collected and selected*: every xdist worker collects the whole session (xdist refuses to run
when the workers' collections differ), so `session.items` is the same list everywhere, and each selected item
then runs and fails the run by itself if it fails (or, in CI, skips: see `tests/conftest.py`). So
"collected here" plus the run's own outcome is "ran", with any number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest


def selected_ids(session: pytest.Session, module: str, function: str) -> list[str]:
    """The parametrize ids of `function` in the test module named `module` (its file name) selected in this run."""
    return [item.callspec.id for item in session.items
            if isinstance(item, pytest.Function) and item.path.name == module
            and item.originalname == function and hasattr(item, "callspec")]


def assert_every_entry_selected(request: pytest.FixtureRequest, function: str, expected: Iterable[str]) -> None:
    """Fail naming every expected entry that is not a selected test of `function` (in the caller's module)."""
    expected = list(expected)
    got = selected_ids(request.session, request.node.path.name, function)
    missing = [entry for entry in expected if entry not in got]
    extra = [entry for entry in got if entry not in expected]
    assert expected, "the manifest lists no entries"
    assert not missing and not extra, (
        f"{function}: {len(missing)} entries not selected as tests {missing[:20]}; {len(extra)} unexpected {extra[:20]}")
