"""Fixtures shared by the whole suite: settings in a temporary data dir, a migrated store on each backend.

PostgreSQL tests run when `PASSPORT_TEST_POSTGRES_URL` is reachable (CI sets it and starts the server);
locally they skip only when the server is absent and `CI` is unset — in CI a missing server fails.
Chromium and Node.js tests follow the same rule (see `browser_path`, tests/interop/conftest.py). Under `CI` no
test may skip at all, whatever the reason (`pytest_runtest_makereport` below turns a skip into a failure), and
the run ends with a line per optional service saying whether its tests ran.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from collections import Counter
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

import api.app
from sqlalchemy.engine import Engine

from passport.cli import _context
from passport.settings import Settings, get_settings, load_settings
from passport.store.engine import create_store_engine
from passport.store.migrate import upgrade

TESTS = Path(__file__).resolve().parent
VECTORS = TESTS / "vectors"                                            # vendored W3C vectors (see its README)
BETTER_MINING = TESTS.parent / "passport" / "application" / "demo" / "bettermining"  # our Better Mining 2022 transcription
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
pytest_plugins = ["pytester"]  # tests/test_guards.py runs small suites through it
POSTGRES_URL = os.environ.get("PASSPORT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def need(condition: bool, reason: str) -> None:
    """Skip locally when a service is absent; fail in CI, where every test must run."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


# Optional services and the marker their tests carry (pyproject.toml [tool.pytest.ini_options] markers).
SERVICES = {"postgres": "PostgreSQL", "node": "Node.js", "browser": "Chromium"}
_SERVICE_OUTCOMES: Counter[tuple[str, str]] = Counter()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, None, None]:
    """In CI a skip is a failure: every test must run there (an expected failure, xfail, stays what it is)."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, where every test must run: {reason}"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Tally the outcome of each service-backed test (on the xdist controller too, which gets every report)."""
    if report.when == "call" or report.outcome != "passed":
        for marker in SERVICES:
            if marker in report.keywords:
                _SERVICE_OUTCOMES[(marker, report.outcome)] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say at the end which optional services the run used, so a green run cannot hide skipped backends."""
    if not _SERVICE_OUTCOMES or hasattr(terminalreporter.config, "workerinput"):
        return
    terminalreporter.write_sep("-", "optional services")
    for marker, name in SERVICES.items():
        passed, skipped, failed = (_SERVICE_OUTCOMES[(marker, o)] for o in ("passed", "skipped", "failed"))
        used = "used" if passed else "NOT used"
        terminalreporter.write_line(f"{name}: {used} ({passed} passed, {failed} failed, {skipped} skipped)")


@pytest.fixture(scope="session")
def better_mining_dir() -> Path:
    """The Better Mining 2022 exports as the demo ships them (65 incidents, 19 + 55 corrective actions)."""
    return BETTER_MINING


@pytest.fixture(scope="session")
def vectors_dir() -> Path:
    """The vendored W3C and community test vectors (tests/vectors, provenance in its SOURCES.md)."""
    return VECTORS


def need_module(name: str) -> None:
    """A test/bench dependency (pyproject `test` extra) must be importable; locally a missing one skips."""
    need(importlib.util.find_spec(name) is not None, f"{name} not installed (pip install -e '.[test]')")


def _postgres_available() -> bool:
    try:
        engine = create_store_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def postgres_available() -> bool:
    return _postgres_available()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(data_dir=tmp_path / "data", base_url="http://testserver", log_format="console")


def _postgres_engine(schema: str) -> Engine:
    sep = "&" if "?" in POSTGRES_URL else "?"
    return create_store_engine(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")


@contextmanager
def migrated_store(backend: str, directory: Path, postgres_available: bool,
                   revisions: Sequence[str] = ("heads",)) -> Iterator[Engine]:
    """A freshly migrated store (to `revisions`, in order): an SQLite file in `directory`, or a new PostgreSQL
    schema dropped afterwards."""
    if backend == "sqlite":
        eng = create_store_engine(f"sqlite:///{directory / 'store.db'}")
        for revision in revisions:
            upgrade(eng, revision)
        try:
            yield eng
        finally:
            eng.dispose()
        return
    need(postgres_available, f"PostgreSQL not reachable at {POSTGRES_URL}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_store_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng = _postgres_engine(schema)
    try:
        for revision in revisions:
            upgrade(eng, revision)
        yield eng
    finally:
        eng.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path, postgres_available: bool) -> Iterator[Engine]:
    """A freshly migrated store on each backend; the same test runs against both."""
    with migrated_store(request.param, tmp_path, postgres_available) as eng:
        yield eng


@pytest.fixture(scope="session")
def browser_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    need(path is not None, "Chromium not installed (Debian package `chromium`)")
    return path  # type: ignore[return-value]


#: The GS1 company prefixes of the example passports' GTINs (04012345000016, 09506000134352).
EXAMPLE_GS1_PREFIXES = ("4012345", "9506000")


def hold_example_prefixes(session, organisation) -> None:  # type: ignore[no-untyped-def]
    """Bind the example GTINs' company prefixes to `organisation`, so it may issue the example passports."""
    from passport.organisations.prefixes import GS1, bind_prefixes

    bind_prefixes(session, organisation, GS1, list(EXAMPLE_GS1_PREFIXES))


@pytest.fixture(autouse=True)
def _close_app_stores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every app a test creates gives its store connections back when the test ends, whether or not the test ran
    the app's lifespan (PostgreSQL's connection limit is shared by both test workers)."""
    engines: list[Engine] = []
    create = api.app.create_store_engine

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        engine = create(*args, **kwargs)
        engines.append(engine)
        return engine

    monkeypatch.setattr(api.app, "create_store_engine", recording)
    yield
    for engine in engines:
        engine.dispose()


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The CLI's settings for an offline command (no store): a temporary data dir and a fixed key passphrase."""
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_BASE_URL", "https://passports.example.com")
    monkeypatch.setenv("PASSPORT_KEY_ENCRYPTION_KEY", "test passphrase, not a secret")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@contextmanager
def cli_on_store(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_url: str) -> Iterator[Settings]:
    """The CLI's settings pointed at the test's store (either backend), its caches cleared before and after."""
    monkeypatch.setenv("PASSPORT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PASSPORT_BASE_URL", base_url)
    monkeypatch.setenv("PASSPORT_LOG_FORMAT", "console")
    monkeypatch.setenv("PASSPORT_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    get_settings.cache_clear()
    _context.engine.cache_clear()
    try:
        yield get_settings()
    finally:
        get_settings.cache_clear()
        _context.engine.cache_clear()

