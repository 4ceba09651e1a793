"""What every command needs: settings, logging and an engine, built once per invocation."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.engine import Engine

from passport.logs import configure_logging
from passport.model.types import allow_http_links
from passport.settings import Settings, get_settings
from passport.store.engine import create_store_engine
from passport.store.migrate import require_current


def settings() -> Settings:
    s = get_settings()
    configure_logging(s.log_level, s.log_format)
    allow_http_links(s.http_links_allowed)  # web links: https only unless the setting opts into http
    return s


@lru_cache(maxsize=1)
def engine() -> Engine:
    return create_store_engine(settings().effective_database_url)


def store() -> Engine:
    """The engine of a store whose schema is at the code's heads (MigrationError otherwise: exit 2, run
    `passport db upgrade`); every command but `passport db` reads and writes through it."""
    current = engine()
    require_current(current)
    return current
