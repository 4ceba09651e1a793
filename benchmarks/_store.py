"""A migrated store for a benchmark: an SQLite file, or a throw-away PostgreSQL schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from passport.store.engine import create_store_engine
from passport.store.migrate import upgrade

POSTGRES_URL = os.environ.get("PASSPORT_BENCH_POSTGRES_URL",
                              os.environ.get("PASSPORT_TEST_POSTGRES_URL",
                                             "postgresql+psycopg://postgres@127.0.0.1:5432/test"))


def open_store(backend: str, directory: Path | str, name: str = "bench.db") -> tuple[Engine, Callable[[], None]]:
    """(engine, close): `close` disposes the engine and, on PostgreSQL, drops the schema."""
    if backend == "sqlite":
        engine = create_store_engine(f"sqlite:///{Path(directory) / name}")
        upgrade(engine)
        return engine, engine.dispose
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_store_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    engine = create_store_engine(f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}")
    upgrade(engine)

    def close() -> None:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return engine, close
