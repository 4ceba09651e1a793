"""The count guards (tests/guards.py) fail when an entry is missing, with and without pytest-xdist."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

SUITE = '''
import pytest
from tests.guards import assert_every_entry_selected

MANIFEST = ["t001", "t002", "t003", "t004"]
PARAMETRIZED = {parametrized}


@pytest.mark.parametrize("entry", PARAMETRIZED, ids=PARAMETRIZED)
def test_entry(entry):
    assert entry in MANIFEST


def test_every_entry_ran(request):
    assert_every_entry_selected(request, "test_entry", MANIFEST)
'''


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, parametrized: list[str],
         *args: str) -> pytest.RunResult:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    pytester.makepyfile(test_suite=SUITE.format(parametrized=parametrized))
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


@pytest.mark.parametrize("workers", [["-p", "no:xdist"], ["-n", "2"]], ids=["serial", "xdist"])
def test_the_guard_passes_when_every_entry_is_a_test(pytester, monkeypatch, workers):
    result = _run(pytester, monkeypatch, ["t001", "t002", "t003", "t004"], *workers)
    result.assert_outcomes(passed=5)


@pytest.mark.parametrize("workers", [["-p", "no:xdist"], ["-n", "2"]], ids=["serial", "xdist"])
def test_the_guard_fails_naming_a_lost_entry(pytester, monkeypatch, workers):
    result = _run(pytester, monkeypatch, ["t001", "t002", "t004"], *workers)
    result.assert_outcomes(passed=3, failed=1)
    assert "test_entry: 1 entries not selected as tests ['t003']" in result.stdout.str()


def test_the_guard_fails_when_entries_are_deselected(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, ["t001", "t002", "t003", "t004"], "-p", "no:xdist", "-k", "not t002")
    result.assert_outcomes(passed=3, failed=1, deselected=1)
    assert "1 entries not selected as tests ['t002']" in result.stdout.str()


def test_the_guard_fails_on_an_empty_discovery(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, [], "-p", "no:xdist")
    result.assert_outcomes(failed=1, skipped=1)
