"""Fixtures of the Better Mining tests: the shared 2022 files, a store loaded with them, row counts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from indices.bettermining.importer import import_files
from indices.bettermining.tables import (
    BmCapReview,
    BmCapStatusCount,
    BmCorrectiveAction,
    BmIncident,
    BmSite,
)
from tests.conftest import migrated_store

TABLES = (BmSite, BmIncident, BmCorrectiveAction, BmCapReview, BmCapStatusCount)
FILES_2022 = ("incidents.json", "major_breach_corrective_actions.json", "corrective_actions_by_risk.json")


def store_counts(engine: Engine) -> dict[str, int]:
    """Rows per Better Mining table: what 'nothing was written' is checked against."""
    with engine.connect() as connection:
        return {t.__tablename__: connection.execute(select(func.count()).select_from(t.__table__)).scalar_one()
                for t in TABLES}


def store_snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Better Mining table, sorted: what 'the same store' is checked against."""
    with engine.connect() as connection:
        return {t.__tablename__: sorted(tuple(str(v) for v in r) for r in connection.execute(select(t.__table__)))
                for t in TABLES}


def incident_rows(better_mining_dir: Path) -> list[dict[str, Any]]:
    return json.loads((better_mining_dir / "incidents.json").read_text(encoding="utf-8"))


def write_csv(path: Path, rows: list[dict[str, Any]], *, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def files_2022(better_mining_dir: Path) -> list[Path]:
    return [better_mining_dir / name for name in FILES_2022]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def loaded_module_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                        postgres_available: bool, files_2022: list[Path]) -> Iterator[Engine]:
    """One store per module and backend holding the 2022 data, for tests whose imports must all fail:
    each checks the store is unchanged, so sharing it also shows that no earlier failure leaked a row."""
    with migrated_store(request.param, tmp_path_factory.mktemp("bm"), postgres_available) as eng:
        import_files(eng, files_2022)
        yield eng


@pytest.fixture
def loaded(engine: Engine, files_2022: list[Path]) -> Engine:
    """A store holding the 2022 data (incidents, major-breach actions, per-risk status counts)."""
    import_files(engine, files_2022)
    return engine
