"""`import_files`: Better Mining exports into the store, all files in one transaction, idempotently.

Files are written in dependency order (sites, incidents, corrective actions, status counts) whatever order
they are given in. Any refusal (`ImportError_` naming file, row and field) rolls the whole import back, so the
store is exactly as before; a second import of the same files reports every row unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from indices.bettermining import rows
from indices.bettermining.formats import FileFormat, OpenedFile, open_export
from indices.bettermining.matrix import RiskMatrix
from indices.bettermining.models import CorrectiveAction
from indices.bettermining.parse import ImportNote, ImportNotes, IncidentParser
from indices.bettermining.parse_actions import parse_action, parse_site, parse_status_counts
from indices.bettermining.sources import ColumnMapping, Record, fail
from indices.bettermining.tables import BmCapReview, BmCapStatusCount, BmCorrectiveAction, BmIncident, BmSite
from indices.bettermining.taxonomy import RiskTaxonomy, default_taxonomy
from indices.bettermining.writer import WriteCounts, existing_keys, replace_children, upsert_by_key
from passport.errors import PassportError, StoreError

BATCH = 5000
_ORDER = [FileFormat.sites, FileFormat.incidents, FileFormat.corrective_actions, FileFormat.cap_status_counts]


class FileSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    file: str
    format: str
    records: int
    inserted: int
    updated: int
    unchanged: int


class ImportSummary(BaseModel):
    """What an import did, per file, and what it kept but noted (counts by reason, first examples)."""

    model_config = ConfigDict(frozen=True)

    files: list[FileSummary]
    notes: dict[str, int] = Field(description="Notes by reason: score_missing, date_out_of_order, ...")
    note_examples: list[ImportNote]


def import_files(engine: Engine, paths: Sequence[Path], *, taxonomy: RiskTaxonomy | None = None,
                 matrix: RiskMatrix | None = None, mapping: ColumnMapping | None = None,
                 period: tuple[dt.date, dt.date] | None = None) -> ImportSummary:
    """Import exports in one transaction; `mapping` applies to CSV files, `period` stamps undated CAP data."""
    run = _Import(taxonomy or default_taxonomy(), matrix or RiskMatrix(), mapping, period)
    opened: list[OpenedFile] = []
    try:
        for path in paths:
            opened.append(open_export(Path(path), mapping))
        opened.sort(key=lambda f: _ORDER.index(f.format))
        with engine.begin() as connection, _page_cache(connection):
            summaries = [run.write(connection, f) for f in opened]
            if run.touched_sites:                    # the per-site rollup the indices read changes with the data
                from indices.evidence.programme import refresh_site_counts

                refresh_site_counts(connection, {s for s in run.touched_sites if s})
            from passport.audit.chain import append_audit  # the import and its audit entry land together

            append_audit(connection, "bettermining-import", "import", "bettermining:" + ",".join(
                s.file for s in summaries), {"files": [s.model_dump() for s in summaries]})
    except PassportError:
        raise
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc.__class__.__name__).splitlines()[0][:300]
        raise StoreError(f"database error during import: {reason}", details={"reason": reason}) from exc
    finally:
        for f in opened:
            f.close()
    return ImportSummary(files=summaries, notes=dict(run.notes.counts), note_examples=run.notes.examples)


SQLITE_IMPORT_CACHE_KIB = 256 * 1024


@contextmanager
def _page_cache(connection: Connection) -> Iterator[None]:
    """On SQLite, a large page cache for the import's transaction: with the default 2 MB, inserts into the
    indexes spill dirty pages to the WAL again and again and a million-row import slows several-fold."""
    if connection.dialect.name != "sqlite":
        yield
        return
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={int(previous)}")


class _Import:
    """State of one import: ids seen (for duplicates across files), sites known, notes."""

    def __init__(self, taxonomy: RiskTaxonomy, matrix: RiskMatrix, mapping: ColumnMapping | None,
                 period: tuple[dt.date, dt.date] | None) -> None:
        self.taxonomy, self.matrix, self.mapping, self.period = taxonomy, matrix, mapping, period
        self.notes = ImportNotes()
        self.seen: dict[str, dict[str, tuple[str, int]]] = {f.value: {} for f in FileFormat}
        self.sites: set[str] = set()
        self.touched_sites: set[str | None] = set()   # whose programme counts the import changed

    def write(self, connection: Connection, opened: OpenedFile) -> FileSummary:
        handler = {FileFormat.sites: self._sites, FileFormat.incidents: self._incidents,
                   FileFormat.corrective_actions: self._actions, FileFormat.cap_status_counts: self._counts}
        records, counts = handler[opened.format](connection, opened)
        return FileSummary(file=opened.name, format=opened.format.value, records=records, **vars(counts))

    def _unique(self, kind: FileFormat, record: Record, key: str) -> None:
        seen = self.seen[kind.value]
        if key in seen:
            first_file, first_row = seen[key]
            raise fail(f"duplicate id {key!r} (first at {first_file} row {first_row})", file=record.file,
                       reason="duplicate_id", row=record.row, field="id")
        seen[key] = (record.file, record.row)

    def _check_sites(self, connection: Connection, pending: list[tuple[Record, str | None]]) -> None:
        wanted = {site for _, site in pending if site and site not in self.sites}
        if wanted:
            self.sites |= existing_keys(connection, BmSite.__table__, wanted)
        for record, site in pending:
            if site and site not in self.sites:
                raise fail(f"unknown site {site!r}: import the sites first (or in the same command)",
                           file=record.file, reason="unknown_site", row=record.row, field="site_id")

    def _sites(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        batch = []
        for record in opened.records or ():
            site = parse_site(record)
            self._unique(FileFormat.sites, record, site.id)
            batch.append(rows.site_row(site))
        counts, _ = upsert_by_key(connection, BmSite.__table__, batch)
        self.sites.update(r["id"] for r in batch)
        return len(batch), counts

    def _incidents(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        parser = IncidentParser(self.taxonomy, self.matrix, self.notes, mapping=self.mapping, typed=opened.typed)
        total, counts, batch, pending = 0, WriteCounts(), [], []
        for record in opened.records or ():
            incident = parser.parse(record)
            self._unique(FileFormat.incidents, record, incident.id)
            batch.append(rows.incident_row(incident, record.file, record.row))
            pending.append((record, incident.site_id))
            if len(batch) >= BATCH:
                counts += self._flush_incidents(connection, batch, pending)
                total += len(batch)
                batch, pending = [], []
        counts += self._flush_incidents(connection, batch, pending)
        return total + len(batch), counts

    def _flush_incidents(self, connection: Connection, batch: list[dict[str, Any]],
                         pending: list[tuple[Record, str | None]]) -> WriteCounts:
        self._check_sites(connection, pending)
        return upsert_by_key(connection, BmIncident.__table__, batch, touched=self.touched_sites)[0]

    def _actions(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        major_default = "major_breach" in Path(opened.name).name.lower()
        parsed: list[tuple[Record, CorrectiveAction, Any]] = []
        for record in opened.records or ():
            action, period = parse_action(record, self.taxonomy, major_breach_default=major_default,
                                          period=self.period)
            self._unique(FileFormat.corrective_actions, record, action.id)
            parsed.append((record, action, period))
        self._check_sites(connection, [(r, a.site_id) for r, a, _ in parsed])
        self._check_replacements(connection, parsed)
        batch = [rows.action_row(a, p, r.file, r.row) for r, a, p in parsed]
        counts, written = upsert_by_key(connection, BmCorrectiveAction.__table__, batch, touched=self.touched_sites)
        by_id = {a.id: a for _, a, _ in parsed}
        reviews = [rows.review_row(i, review) for i in written for review in by_id[i].reviews]
        replace_children(connection, BmCapReview.__table__, "action_id", written, reviews)
        return len(parsed), counts

    def _check_replacements(self, connection: Connection, parsed: Iterable[tuple[Record, CorrectiveAction, Any]]
                            ) -> None:
        """A replacement must name an action that was cancelled (in this import or already stored)."""
        items = list(parsed)
        statuses = {a.id: a.status.value for _, a, _ in items}
        missing = {a.replaces for _, a, _ in items if a.replaces and a.replaces not in statuses}
        if missing:
            table = BmCorrectiveAction.__table__
            statuses.update(connection.execute(
                table.select().with_only_columns(table.c.id, table.c.status).where(table.c.id.in_(missing))).all())
        for record, action, _ in items:
            if action.replaces and statuses.get(action.replaces) != "cancelled":
                state = statuses.get(action.replaces, "unknown")
                raise fail(f"replaces {action.replaces!r}, which is {state}, not cancelled", file=record.file,
                           reason="invalid_replacement", row=record.row, field="replaces")

    def _counts(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        snapshots = parse_status_counts(opened.document or {}, self.taxonomy, file=opened.name, period=self.period)
        batch = [row for s in snapshots for row in rows.status_count_rows(s, opened.name)]
        counts = WriteCounts()
        table = BmCapStatusCount.__table__
        for row in batch:
            key = (table.c.scope == row["scope"]) & (table.c.risk == row["risk"]) & (table.c.status == row["status"])
            stored = connection.execute(table.select().with_only_columns(table.c["count"]).where(key)).scalar()
            if stored is None:
                connection.execute(table.insert(), [row])
                counts.inserted += 1
            elif stored != row["count"]:
                connection.execute(table.update().where(key).values(count=row["count"], source_file=row["source_file"]))
                counts.updated += 1
            else:
                counts.unchanged += 1
        return len(snapshots), counts
