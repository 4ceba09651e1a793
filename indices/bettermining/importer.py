"""`import_files`: Better Mining exports into the store, all files in one transaction, idempotently.

Files are written in dependency order (sites, incidents, corrective actions, status counts) whatever order
they are given in. Every bad row of every file is reported in one pass (`DataImportError` naming the first's file,
row and field, and `details.problems` listing them all) and the whole import rolls back, so the store is exactly
as before; a second import of the same files reports every row unchanged.

An import through the contributor API names its `Uploader`: the rows it creates belong to that organisation, a
changed row another organisation owns is refused (`not_owner`), and the audit entry names the organisation,
the token and the SHA-256 of every uploaded file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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
from indices.bettermining.rollup import refresh_site_counts
from indices.bettermining.sources import ColumnMapping, Record, fail
from indices.bettermining.tables import BmCapReview, BmCapStatusCount, BmCorrectiveAction, BmIncident, BmSite
from indices.bettermining.taxonomy import RiskTaxonomy, default_taxonomy
from indices.bettermining.writer import OWNER, Ownership, WriteCounts, existing_keys, replace_children, upsert_by_key
from passport.audit.chain import append_audit
from passport.errors import DataImportError, PassportError, StoreError

BATCH = 5000
_ORDER = [FileFormat.sites, FileFormat.incidents, FileFormat.corrective_actions, FileFormat.cap_status_counts]


MAX_LISTED_PROBLEMS = 100


@dataclass(frozen=True)
class Uploader:
    """Who uploaded an import through the API (the CLI imports as the operator: no uploader)."""

    organisation_id: int | None
    organisation: str | None
    token_id: str | None

    @property
    def actor(self) -> str:
        return f"{self.organisation} (token {self.token_id})"


class _Problems:
    """Every refused row of an import, so one pass reports them all (the first MAX_LISTED_PROBLEMS listed)."""

    def __init__(self) -> None:
        self.first: DataImportError | None = None
        self.listed: list[dict[str, Any]] = []
        self.count = 0

    def add(self, exc: DataImportError) -> None:
        self.first = self.first or exc
        self.count += 1
        if len(self.listed) < MAX_LISTED_PROBLEMS:
            self.listed.append({"message": exc.message, **exc.details})

    def error(self) -> DataImportError:
        assert self.first is not None
        first = self.first
        return DataImportError(f"{self.count} row(s) refused, nothing was written; first: {first.message}",
                            code=first.code, details={**first.details, "problemCount": self.count,
                                                       "problems": self.listed})


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
                 period: tuple[dt.date, dt.date] | None = None, uploader: Uploader | None = None) -> ImportSummary:
    """Import exports in one transaction; `mapping` applies to CSV files, `period` stamps undated CAP data,
    `uploader` (API imports) owns the rows it creates and may change no other organisation's."""
    run = _Import(taxonomy or default_taxonomy(), matrix or RiskMatrix(), mapping, period, uploader)
    opened: list[OpenedFile] = []
    try:
        for path in paths:
            opened.append(open_export(Path(path), mapping))
        uploads = [{"file": Path(p).name, "sha256": _sha256(Path(p))} for p in paths]  # what the audit entry binds
        opened.sort(key=lambda f: _ORDER.index(f.format))
        with engine.begin() as connection, _page_cache(connection):
            summaries = [run.write(connection, f) for f in opened]
            run.refuse_foreign_rows()
            if run.problems.count:
                raise run.problems.error()
            if run.touched_sites:                    # the per-site rollup the indices read changes with the data
                refresh_site_counts(connection, {s for s in run.touched_sites if s})
            append_audit(connection, uploader.actor if uploader else "bettermining-import", "import",
                         "bettermining:" + ",".join(s.file for s in summaries), {
                             "files": [s.model_dump() for s in summaries],
                             "uploads": uploads,
                             "organisation": uploader.organisation if uploader else None,
                             "organisationId": uploader.organisation_id if uploader else None,
                             "token": uploader.token_id if uploader else None})
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
    """State of one import: ids seen (for duplicates across files), sites known, notes, refused rows."""

    def __init__(self, taxonomy: RiskTaxonomy, matrix: RiskMatrix, mapping: ColumnMapping | None,
                 period: tuple[dt.date, dt.date] | None, uploader: Uploader | None = None) -> None:
        self.taxonomy, self.matrix, self.mapping, self.period = taxonomy, matrix, mapping, period
        self.notes = ImportNotes()
        self.seen: dict[str, dict[str, tuple[str, int]]] = {f.value: {} for f in FileFormat}
        self.sites: set[str] = set()
        self.touched_sites: set[str | None] = set()   # whose programme counts the import changed
        self.problems = _Problems()
        self.owners = {f.value: Ownership(uploader.organisation_id) for f in FileFormat} if uploader else None

    def owner(self, kind: FileFormat) -> Ownership | None:
        return self.owners[kind.value] if self.owners is not None else None

    def write(self, connection: Connection, opened: OpenedFile) -> FileSummary:
        handler = {FileFormat.sites: self._sites, FileFormat.incidents: self._incidents,
                   FileFormat.corrective_actions: self._actions, FileFormat.cap_status_counts: self._counts}
        try:
            records, counts = handler[opened.format](connection, opened)
        except DataImportError as exc:  # the file cannot be read on (e.g. truncated CSV): report it with the rest
            self.problems.add(exc)
            records, counts = 0, WriteCounts()
        return FileSummary(file=opened.name, format=opened.format.value, records=records, **vars(counts))

    def _each(self, opened: OpenedFile, parse: Any) -> Iterator[tuple[Record, Any]]:
        """(record, parsed) for every record that parses; a refused record joins the problems."""
        for record in opened.records or ():
            try:
                yield record, parse(record)
            except DataImportError as exc:
                self.problems.add(exc)

    def refuse_foreign_rows(self) -> None:
        """Changed rows another organisation owns, as problems (file, row, id)."""
        for kind, ownership in (self.owners or {}).items():
            for key in ownership.refused:
                file, row = self.seen[kind].get(key, ("", 0))
                self.problems.add(fail(f"{key!r} belongs to another organisation: it cannot be changed by this "
                                       "upload", file=file, reason="not_owner", row=row, field="id"))

    def _unique(self, kind: FileFormat, record: Record, key: str) -> None:
        seen = self.seen[kind.value]
        if key in seen:
            first_file, first_row = seen[key]
            raise fail(f"duplicate id {key!r} (first at {first_file} row {first_row})", file=record.file,
                       reason="duplicate_id", row=record.row, field="id")
        seen[key] = (record.file, record.row)

    def _check_sites(self, connection: Connection, pending: list[tuple[Record, str | None]]) -> set[int]:
        """Report each record naming a site that is neither stored nor imported; their positions in `pending`."""
        wanted = {site for _, site in pending if site and site not in self.sites}
        if wanted:
            self.sites |= existing_keys(connection, BmSite.__table__, wanted)
        unknown = {i for i, (_, site) in enumerate(pending) if site and site not in self.sites}
        for i in sorted(unknown):
            record, site = pending[i]
            self.problems.add(fail(f"unknown site {site!r}: import the sites first (or in the same command)",
                                   file=record.file, reason="unknown_site", row=record.row, field="site_id"))
        return unknown

    def _parsed_site(self, record: Record) -> Any:
        site = parse_site(record)
        self._unique(FileFormat.sites, record, site.id)
        return site

    def _sites(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        batch = [rows.site_row(site) for _, site in self._each(opened, self._parsed_site)]
        counts, _ = upsert_by_key(connection, BmSite.__table__, batch, owner=self.owner(FileFormat.sites))
        self.sites.update(r["id"] for r in batch)
        return len(batch), counts

    def _incidents(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        parser = IncidentParser(self.taxonomy, self.matrix, self.notes, mapping=self.mapping, typed=opened.typed)
        total, counts, batch, pending = 0, WriteCounts(), [], []

        def parsed(record: Record) -> Any:
            incident = parser.parse(record)
            self._unique(FileFormat.incidents, record, incident.id)
            return incident

        for record, incident in self._each(opened, parsed):
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
        unknown = self._check_sites(connection, pending)
        batch = [row for i, row in enumerate(batch) if i not in unknown]
        return upsert_by_key(connection, BmIncident.__table__, batch, touched=self.touched_sites,
                             owner=self.owner(FileFormat.incidents))[0]

    def _actions(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        major_default = "major_breach" in Path(opened.name).name.lower()

        def one(record: Record) -> Any:
            action, period = parse_action(record, self.taxonomy, major_breach_default=major_default,
                                          period=self.period)
            self._unique(FileFormat.corrective_actions, record, action.id)
            return action, period

        parsed: list[tuple[Record, CorrectiveAction, Any]] = [(r, a, p) for r, (a, p) in self._each(opened, one)]
        unknown = self._check_sites(connection, [(r, a.site_id) for r, a, _ in parsed])
        parsed = [item for i, item in enumerate(parsed) if i not in unknown]
        self._check_replacements(connection, parsed)
        batch = [rows.action_row(a, p, r.file, r.row) for r, a, p in parsed]
        counts, written = upsert_by_key(connection, BmCorrectiveAction.__table__, batch, touched=self.touched_sites,
                                        owner=self.owner(FileFormat.corrective_actions))
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
                self.problems.add(fail(f"replaces {action.replaces!r}, which is {state}, not cancelled",
                                       file=record.file, reason="invalid_replacement", row=record.row,
                                       field="replaces"))

    def _counts(self, connection: Connection, opened: OpenedFile) -> tuple[int, WriteCounts]:
        snapshots = parse_status_counts(opened.document or {}, self.taxonomy, file=opened.name, period=self.period)
        batch = [row for s in snapshots for row in rows.status_count_rows(s, opened.name)]
        counts = WriteCounts()
        table = BmCapStatusCount.__table__
        owner = self.owner(FileFormat.cap_status_counts)
        for row in batch:
            key = (table.c.scope == row["scope"]) & (table.c.risk == row["risk"]) & (table.c.status == row["status"])
            found = connection.execute(table.select().with_only_columns(table.c["count"], table.c[OWNER]).where(key)
                                       ).first()
            stored = found[0] if found is not None else None
            if found is None:
                connection.execute(table.insert(), [{**row, OWNER: owner.organisation_id if owner else None}])
                counts.inserted += 1
            elif stored != row["count"] and owner is not None and found[1] != owner.organisation_id:
                self.problems.add(fail(f"the {row['risk']} {row['status']} count of {row['scope']} belongs to another "
                                       "organisation: it cannot be changed by this upload", file=opened.name,
                                       reason="not_owner", field="risk"))
            elif stored != row["count"]:
                connection.execute(table.update().where(key).values(count=row["count"], source_file=row["source_file"]))
                counts.updated += 1
            else:
                counts.unchanged += 1
        return len(snapshots), counts
