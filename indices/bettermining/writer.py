"""Writing rows inside the caller's transaction: bulk inserts, and upserts that leave unchanged rows alone.

Bulk inserts use COPY on PostgreSQL and executemany (batched by the driver) on SQLite. An upsert compares each
row's `content_hash` with the stored one, so re-importing the same file writes nothing and reports every row
unchanged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Date, Table, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

CHUNK = 2000


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: WriteCounts) -> WriteCounts:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


OWNER = "owner_organisation_id"
_SKIP = frozenset({"content_hash", "source_file", "source_row", OWNER})
_NULL = "\x00"  # tells a missing value from an empty text


def content_hash(row: dict[str, Any]) -> str:
    """BLAKE2b-128 of a row's keys and values (sorted by key), leaving out where it came from.

    Not a security boundary: it only tells an unchanged re-imported row from a changed one.
    """
    payload = "\x1f".join(f"{k}\x1e{_NULL if row[k] is None else row[k]}" for k in sorted(row) if k not in _SKIP)
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def bulk_insert(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert many rows fast: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
    elif connection.dialect.name == "sqlite":
        _executemany_sqlite(connection, table, rows)
    else:
        connection.execute(insert(table), list(rows))


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _bit(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _executemany_sqlite(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Plain executemany with the values SQLAlchemy would store: ISO dates (its SQLite DATE format), 0/1."""
    names = [c.name for c in table.columns]
    convert = [(i, _iso if isinstance(c.type, Date) else _bit) for i, c in enumerate(table.columns)
               if isinstance(c.type, (Date, Boolean))]
    values = []
    for row in rows:
        item = [row.get(n) for n in names]
        for i, fn in convert:
            item[i] = fn(item[i])
        values.append(tuple(item))
    statement = (f'INSERT INTO "{table.name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
                 f'VALUES ({", ".join("?" * len(names))})')
    connection.exec_driver_sql(statement, values)


def _copy(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    names = [c.name for c in table.columns]
    columns = ", ".join(f'"{n}"' for n in names)
    cursor = connection.connection.driver_connection.cursor()  # same transaction as `connection`
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row.get(n) for n in names])


def upsert_by_key(connection: Connection, table: Table, rows: Sequence[dict[str, Any]], key: str = "id", *,
                  touched: set[Any] | None = None, touch: str = "site_id", owner: Ownership | None = None
                  ) -> tuple[WriteCounts, list[str]]:
    """Insert new rows, update changed ones (by `content_hash`), skip the rest; returns the keys written.

    `touched`, when given, receives the values of column `touch` that a write affected: of each new row, and
    the stored and the new value of each changed row (so a row that moved to another site touches both).
    `owner`, when given, stamps new rows with its organisation and refuses (lists in `owner.refused`, writes
    nothing for) changed rows another organisation owns; the owner of a stored row never changes."""
    counts, written = WriteCounts(), []
    tracked = touched is not None
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        keys = [r[key] for r in chunk]
        columns = [table.c[key], table.c.content_hash, table.c[OWNER]] + ([table.c[touch]] if tracked else [])
        stored = {r[0]: tuple(r[1:]) for r in connection.execute(select(*columns).where(table.c[key].in_(keys)))}
        new = [r for r in chunk if r[key] not in stored]
        changed = [r for r in chunk if r[key] in stored and stored[r[key]][0] != r["content_hash"]]
        if owner is not None:
            new = [{**r, OWNER: owner.organisation_id} for r in new]
            changed = owner.allowed(changed, key, {k: v[1] for k, v in stored.items()})
        bulk_insert(connection, table, new)
        if changed:
            values = {c.name: bindparam(f"v_{c.name}") for c in table.columns if c.name not in (key, OWNER)}
            statement = update(table).where(table.c[key] == bindparam("k")).values(values)
            connection.execute(statement, [{"k": r[key], **{f"v_{n}": r.get(n) for n in values}} for r in changed])
        if touched is not None:
            touched.update(r.get(touch) for r in new + changed)
            touched.update(stored[r[key]][2] for r in changed)
        counts += WriteCounts(len(new), len(changed), len(chunk) - len(new) - len(changed))
        written.extend(r[key] for r in new + changed)
    return counts, written


@dataclass
class Ownership:
    """The uploading organisation of an API import; `refused` collects the keys of others' rows it tried to change."""

    organisation_id: int | None
    refused: list[str] = field(default_factory=list)

    def allowed(self, changed: list[dict[str, Any]], key: str, owners: dict[Any, Any]) -> list[dict[str, Any]]:
        mine = [r for r in changed if owners[r[key]] == self.organisation_id]
        self.refused.extend(r[key] for r in changed if owners[r[key]] != self.organisation_id)
        return mine


def replace_children(connection: Connection, table: Table, parent_column: str, parents: Sequence[str],
                     rows: Sequence[dict[str, Any]]) -> None:
    """Replace the child rows (e.g. CAP reviews) of the given parents."""
    for start in range(0, len(parents), CHUNK):
        connection.execute(delete(table).where(table.c[parent_column].in_(parents[start:start + CHUNK])))
    bulk_insert(connection, table, rows)


def existing_keys(connection: Connection, table: Table, keys: Iterable[str], key: str = "id") -> set[str]:
    """Which of `keys` the store already holds."""
    wanted, found = list(keys), set()
    for start in range(0, len(wanted), CHUNK):
        found.update(connection.execute(
            select(table.c[key]).where(table.c[key].in_(wanted[start:start + CHUNK]))).scalars())
    return found
