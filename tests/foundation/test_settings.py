"""Settings: defaults, environment variables, and errors that name the bad variable."""

from __future__ import annotations

import pytest

from passport.errors import ConfigurationError
from passport.settings import Settings, load_settings


def test_sqlite_is_the_default_store(tmp_path):
    s = load_settings(data_dir=tmp_path)
    assert s.effective_database_url == f"sqlite:///{tmp_path / 'passport.db'}"


def test_postgres_url_from_environment(monkeypatch):
    monkeypatch.setenv("PASSPORT_DATABASE_URL", "postgresql://u@db:5432/p")
    s = load_settings()
    assert s.effective_database_url == "postgresql+psycopg://u@db:5432/p"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PASSPORT_DATABASE_URL", "mysql://root@localhost/x"),
        ("PASSPORT_BASE_URL", "passport.example.com"),
        ("PASSPORT_PORT", "99999"),
        ("PASSPORT_LOG_LEVEL", "LOUD"),
    ],
)
def test_misconfiguration_names_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as info:
        load_settings()
    assert variable in str(info.value)
    assert info.value.code == "CONFIGURATION_ERROR"


def test_every_setting_is_documented():
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 15, f"{name} lacks a description"


def test_secret_setting_is_not_in_repr():
    s = load_settings(key_encryption_key="correct horse battery staple")
    assert "correct horse" not in repr(s)
