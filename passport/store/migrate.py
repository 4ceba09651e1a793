"""Alembic, driven from code: `passport db upgrade` and the tests use the same path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from passport.errors import MigrationError, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to `revision` (all heads by default) in one connection."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with reachable(engine) as connection, connection.begin():
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def head_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return set(script.get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with reachable(engine) as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


@contextmanager
def reachable(engine: Engine) -> Iterator[Connection]:
    """A connection, or StoreError(STORE_UNREACHABLE) naming the store (password masked) instead of a driver
    traceback."""
    try:
        connection = engine.connect()
    except (OperationalError, InterfaceError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot reach the database at {where}: {reason}", code="STORE_UNREACHABLE",
                         details={"store": where, "reason": reason}) from None
    with connection:
        yield connection


def require_current(engine: Engine) -> None:
    """Refuse to serve a store whose schema is not at the code's heads."""
    have, want = current_revisions(engine), head_revisions()
    if have != want:
        raise MigrationError(
            "the database schema is not up to date: run `passport db upgrade`",
            details={"current": sorted(have), "expected": sorted(want)},
        )
