"""The store: migrations reach the heads on both backends, writes land whole or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from passport.errors import ConfigurationError, MigrationError, StoreError
from passport.store.engine import create_store_engine, session_scope
from passport.store.migrate import current_revisions, head_revisions, require_current, upgrade
from passport.store.registry import load_metadata
from passport.store.tables import Organisation


def test_migrations_reach_every_head(engine):
    assert current_revisions(engine) == head_revisions()
    require_current(engine)


def test_migrated_schema_matches_the_table_models(engine):
    """Every table and column the models declare exists after migrating: no `create_all` drift."""
    inspector = inspect(engine)
    tables = set(inspector.get_table_names())
    for table in load_metadata().sorted_tables:
        assert table.name in tables, f"table {table.name} has no migration"
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        missing = {c.name for c in table.columns} - columns
        assert not missing, f"{table.name}: columns without a migration: {missing}"


def test_upgrade_is_idempotent(engine):
    upgrade(engine)
    assert current_revisions(engine) == head_revisions()


def test_failed_transaction_writes_nothing(engine):
    with pytest.raises(RuntimeError):
        with session_scope(engine) as session:
            session.add(Organisation(name="Maker A", role="manufacturer"))
            session.flush()
            raise RuntimeError("boom")
    with session_scope(engine) as session:
        assert session.exec(select(Organisation)).all() == []


def test_database_errors_become_store_errors(engine):
    with pytest.raises(StoreError) as info:
        with session_scope(engine) as session:
            session.add(Organisation(name=None, role="manufacturer"))  # type: ignore[arg-type]
    assert info.value.code == "STORE_ERROR"


def test_unmigrated_store_is_refused(tmp_path):
    eng = create_store_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(MigrationError) as info:
        require_current(eng)
    assert info.value.code == "MIGRATION_REQUIRED"


def test_sqlite_file_lands_under_the_data_dir(settings):
    eng = create_store_engine(settings.effective_database_url)
    upgrade(eng)
    assert (settings.data_dir / "passport.db").is_file()


def test_unsupported_backend_is_a_configuration_error():
    with pytest.raises(ConfigurationError):
        create_store_engine("mysql://root@localhost/x")
