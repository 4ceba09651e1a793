"""Imports every table module so `SQLModel.metadata` is complete (for Alembic and for tests)."""

from __future__ import annotations

import importlib

from sqlmodel import SQLModel

#: Modules that define `table=True` models. A new domain adds its module here and a migration.
TABLE_MODULES: tuple[str, ...] = ("passport.store.tables",)


def load_metadata():  # type: ignore[no-untyped-def]
    for name in TABLE_MODULES:
        importlib.import_module(name)
    return SQLModel.metadata
