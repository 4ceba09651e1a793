"""Issue 22, point 7: local secrets stay local — masked settings, private files, no query strings in the access
log, one line (with a code) when the database cannot be reached."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys

from typer.testing import CliRunner

from passport.cli import app
from passport.local_files import mask_url_password
from passport.logs import AccessLogQueryFilter, redact_query
from passport.settings import get_settings

runner = CliRunner()
PASSPORT = [sys.executable, "-m", "passport"]


def _env(tmp_path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PASSPORT_DATA_DIR": str(tmp_path / "data"), "PASSPORT_LOG_FORMAT": "console",
            "PASSPORT_DATABASE_URL": "", **extra}


def test_settings_mask_the_password_in_urls(monkeypatch):
    monkeypatch.setenv("PASSPORT_DATABASE_URL", "postgresql+psycopg://alice:pa%3Ass@db.example:5432/passports")
    get_settings.cache_clear()
    try:
        text = runner.invoke(app, ["settings"]).output
        as_json = runner.invoke(app, ["settings", "--json"]).output
    finally:
        get_settings.cache_clear()
    for output in (text, as_json):
        assert "pa%3Ass" not in output and "pa:ss" not in output
        assert "postgresql+psycopg://alice:***@db.example:5432/passports" in output


def test_url_password_masking():
    assert mask_url_password("redis://:hunter2@cache:6379/0") == "redis://:***@cache:6379/0"
    assert mask_url_password("postgresql://u:p@h/db?sslmode=require") == "postgresql://u:***@h/db?sslmode=require"
    assert mask_url_password("postgresql://u@h/db") == "postgresql://u@h/db"
    assert mask_url_password("memory://") == "memory://"


def test_the_data_dir_is_0700_and_the_store_files_0600(tmp_path):
    env = _env(tmp_path)
    subprocess.run([*PASSPORT, "db", "upgrade"], env=env, check=True, capture_output=True, timeout=120)
    subprocess.run([*PASSPORT, "tokens", "create", "--role", "operator"], env=env, check=True,
                   capture_output=True, timeout=120)
    data = tmp_path / "data"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    store_files = [p for p in data.iterdir() if p.name.startswith("passport.db")]
    assert any(p.name == "passport.db" for p in store_files)
    for path in [*store_files, *(p for p in data.iterdir() if p.name in ("kek", "token-hash.key"))]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_an_existing_world_readable_store_file_is_narrowed(tmp_path):
    from passport.store.engine import create_store_engine

    db = tmp_path / "old.db"
    db.write_bytes(b"")
    db.chmod(0o644)
    create_store_engine(f"sqlite:///{db}").dispose()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_the_access_log_writes_no_query_values():
    assert redact_query("/01/09506000134352/21/X?access_token=s3cr3t&lang=fr") == (
        "/01/09506000134352/21/X?access_token=[redacted]&lang=[redacted]")
    assert redact_query("/verify") == "/verify"
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/x?access_token=s3cr3t", "1.1", 200), None)
    AccessLogQueryFilter().filter(record)
    assert "s3cr3t" not in record.getMessage() and "access_token=[redacted]" in record.getMessage()


def test_serve_logging_installs_the_filter():
    """`configure_logging` (what `passport serve` and the app call) puts the filter on uvicorn's access logger."""
    from passport.logs import configure_logging

    root, access = logging.getLogger(), logging.getLogger("uvicorn.access")
    saved = (root.handlers[:], root.level, access.filters[:])
    try:
        configure_logging("INFO", "json")
        configure_logging("INFO", "json")
        assert sum(isinstance(f, AccessLogQueryFilter) for f in access.filters) == 1
    finally:
        root.handlers[:], access.filters[:] = saved[0], saved[2]
        root.setLevel(saved[1])


def test_db_current_against_an_unreachable_database_prints_one_line_with_a_code(tmp_path):
    env = _env(tmp_path, PASSPORT_DATABASE_URL="postgresql+psycopg://bob:s3cret@127.0.0.1:1/nothing")
    result = subprocess.run([*PASSPORT, "db", "current"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error [STORE_UNREACHABLE]: cannot reach the database at "), lines
    assert "s3cret" not in result.stderr + result.stdout and "Traceback" not in result.stderr
