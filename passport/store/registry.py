"""Imports every table module so `SQLModel.metadata` is complete (for Alembic and for tests).

A domain keeps its tables in a module named `tables.py` inside its package (`passport/store/tables.py`,
`indices/bettermining/tables.py`, ...); they are found here by name, so adding a domain edits no shared list.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sqlalchemy import MetaData
from sqlmodel import SQLModel

ROOT_PACKAGES: tuple[str, ...] = ("passport", "indices")


def table_modules() -> list[str]:
    """Module names of every `tables.py` below the root packages (found on disk, nothing else imported)."""
    names = []
    for root in ROOT_PACKAGES:
        base = Path(importlib.import_module(root).__file__).parent  # type: ignore[arg-type]
        for path in base.rglob("tables.py"):
            parts = path.relative_to(base.parent).with_suffix("").parts
            names.append(".".join(parts))
    return sorted(names)


def load_metadata() -> MetaData:
    for name in table_modules():
        importlib.import_module(name)
    return SQLModel.metadata
