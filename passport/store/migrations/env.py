"""Alembic environment: uses the connection handed over by `passport.store.migrate`, or the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from passport.store.registry import load_metadata

target_metadata = load_metadata()
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
