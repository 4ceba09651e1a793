"""Every option of the service, read from `PASSPORT_*` environment variables (or a `.env` file).

Each field's description is the documentation: `passport settings` prints them all,
and the README's table is generated from the same text.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from passport.errors import ConfigurationError


def _default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "battery-passport"


class Settings(BaseSettings):
    """Configuration of the library, the CLI and the API."""

    model_config = SettingsConfigDict(env_prefix="PASSPORT_", env_file=".env", extra="ignore", frozen=True)

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Directory for the embedded SQLite store and other local state. Created if missing.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the store, e.g. postgresql+psycopg://user@host:5432/db. "
        "Unset: an embedded SQLite file `passport.db` under data_dir.",
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Public base URL of the API; passport URLs and QR codes are built on it.",
    )
    host: str = Field(default="127.0.0.1", description="Interface `passport serve` binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `passport serve` listens on.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Minimum level of log records."
    )
    log_format: Literal["json", "console"] = Field(
        default="json", description="`json`: one JSON object per line (for collectors); `console`: readable text."
    )
    key_encryption_key: str | None = Field(
        default=None,
        repr=False,
        description="Passphrase that encrypts private keys at rest. Unset: a random key is generated once in "
        "data_dir/kek (mode 0600); set it in production and keep it out of the data directory.",
    )

    rate_limits_enabled: bool = Field(
        default=True, description="Answer 429 with Retry-After when a client address, token or organisation "
        "exceeds its rate. Off only behind a gateway that limits already.",
    )
    rate_limit_read: str = Field(
        default="600/minute", description="Per client address: passport URL reads (QR scans), generous since many "
        "phones share one carrier address. Syntax of the `limits` library: N/second|minute|hour|day.",
    )
    rate_limit_enumeration: str = Field(
        default="30/minute", description="Per client address and per token: list endpoints that page through the "
        "store (bulk enumeration), strict.",
    )
    rate_limit_api: str = Field(default="300/minute", description="Per client address: every other route.")
    rate_limit_token: str = Field(default="1200/minute", description="Per bearer or access token, all routes.")
    rate_limit_organisation: str = Field(
        default="6000/minute", description="Per organisation, all its tokens together.",
    )
    rate_limit_storage: str = Field(
        default="memory://", description="Where the counters live (a `limits` storage URI): memory:// (per "
        "process) or e.g. redis://host:6379 to share them between workers (needs the redis package).",
    )
    http_links_allowed: bool = Field(
        default=False,
        description="Accept and render plain http: web links (study, report, collection-point and document URLs). "
        "Off: https: only. Turn on only where a rulebook or an authority requires http: links.",
    )
    max_body_bytes: int = Field(
        default=4_000_000, ge=1_024,
        description="Largest request body the API reads (bytes); a larger one is answered 413 before it is parsed.",
    )
    max_upload_bytes: int = Field(
        default=200_000_000, ge=1_024,
        description="Largest multipart upload (Better Mining exports, the /verify page's file) or NDJSON batch "
        "(bulk custody intake) in bytes; 413 above.",
    )
    max_json_depth: int = Field(
        default=100, ge=8, le=10_000,
        description="Deepest nesting of arrays and objects accepted in any JSON input (API, CLI files, importers).",
    )

    trust_list_file: Path | None = Field(
        default=None, description="JSON file of trusted role issuers ({\"issuers\": [{did, name, roles, purposes, "
        "valid_from, valid_until}]}), read on each login; merged with the entries managed through the API.",
    )

    registry_url: str | None = Field(
        default=None,
        description="Base URL of the EU DPP registry (Implementing Regulation (EU) 2026/1778). Set: every passport "
        "is registered when it is issued (`passport registry register` retries). Unset: nothing is sent.",
    )
    backup_provider_url: str | None = Field(
        default=None,
        description="Base URL of the back-up copy of this service (EN 18221, `passport backup push --to`), sent "
        "with each EU registry registration.",
    )

    @field_validator("registry_url", "backup_provider_url")
    @classmethod
    def _check_remote_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an absolute http(s) URL")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must start with sqlite:// or postgresql+psycopg://")
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            # psycopg 3 is the installed driver; spell it out so SQLAlchemy does not look for psycopg2.
            value = "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an absolute http(s) URL, e.g. https://passport.example.com")
        return value.rstrip("/")

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'passport.db'}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning pydantic's error into one naming each bad `PASSPORT_*` variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = "PASSPORT_" + "_".join(str(p) for p in err["loc"]).upper()
            problems.append(f"{name}: {err['msg']}")
        raise ConfigurationError(
            "invalid configuration: " + "; ".join(problems),
            details={"setting": [p.split(":")[0] for p in problems]},
        ) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
