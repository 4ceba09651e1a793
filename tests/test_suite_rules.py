"""The suite's own rules (tests/conftest.py): no skip under CI, and a closing line per optional service."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CONFTEST = "from tests.conftest import pytest_runtest_logreport, pytest_runtest_makereport, pytest_terminal_summary\n"
SUITE = '''
import pytest

def test_runs():
    pass

@pytest.mark.postgres
def test_on_postgres():
    pytest.skip("PostgreSQL not reachable")

@pytest.mark.node
def test_on_node():
    pass

@pytest.mark.xfail(reason="known", strict=True)
def test_expected_to_fail():
    assert False
'''


def _run(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str) -> pytest.RunResult:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    monkeypatch.setenv("CI", ci)
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_suite=SUITE)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist", "-rA")


def test_a_skip_fails_under_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "true")
    result.assert_outcomes(passed=2, failed=1, xfailed=1)
    assert "skipped under CI=true, where every test must run: Skipped: PostgreSQL not reachable" in result.stdout.str()


def test_a_skip_is_a_skip_outside_ci(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "")
    result.assert_outcomes(passed=2, skipped=1, xfailed=1)


def test_the_run_ends_naming_the_services_it_used(pytester, monkeypatch):
    result = _run(pytester, monkeypatch, "")
    result.stdout.fnmatch_lines(["*optional services*",
                                 "PostgreSQL: NOT used (0 passed, 0 failed, 1 skipped)",
                                 "Node.js: used (1 passed, 0 failed, 0 skipped)",
                                 "Chromium: NOT used (0 passed, 0 failed, 0 skipped)"])
