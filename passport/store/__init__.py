"""Persistence: SQLModel tables, the engine for SQLite or PostgreSQL, and Alembic migrations.

Tables live in `tables.py` modules next to the domain they store (e.g. `indices.bettermining.tables`);
they are all imported by `passport.store.registry` so that Alembic and tests see one metadata.
"""

from passport.store.engine import create_store_engine, session_scope
from passport.store.migrate import current_revisions, head_revisions, upgrade

__all__ = ["create_store_engine", "current_revisions", "head_revisions", "session_scope", "upgrade"]
