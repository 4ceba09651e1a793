"""Which kind of export a file is, told from its content (not its name), and its records.

- incidents: a JSON array of incident objects, the shared CSV (header with `id`, `date`, `incident_type`,
  `risk`, ...), or any CSV read through a `ColumnMapping`;
- corrective actions: a JSON array of objects with `action` and `status`;
- CAP status counts: a JSON object with `by_risk`;
- sites: a JSON array of objects with `country` (or `{"sites": [...]}`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any

from indices.bettermining.sources import (
    REQUIRED_INCIDENT_COLUMNS,
    ColumnMapping,
    Record,
    csv_records,
    decode,
    fail,
    json_document,
    json_records,
    open_text,
    read_bytes,
)


class FileFormat(str, Enum):
    incidents = "incidents"
    corrective_actions = "corrective_actions"
    cap_status_counts = "cap_status_counts"
    sites = "sites"


@dataclass
class OpenedFile:
    """A file told apart: its format and either its records or (for status counts) its document."""

    name: str
    format: FileFormat
    typed: bool  # JSON values carry their types; CSV values are all text
    records: Iterator[Record] | None = None
    document: dict[str, Any] | None = None
    stream: IO[str] | None = None  # the open CSV, streamed while importing

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def open_export(path: Path, mapping: ColumnMapping | None = None) -> OpenedFile:
    name = str(path)
    if path.suffix.lower() == ".csv" or mapping is not None:
        return _open_csv(path, name, mapping)
    data = read_bytes(path)
    if not data.strip():
        raise fail("empty file", file=name, reason="empty")
    text = decode(data, file=name)
    document = json_document(text, file=name)
    return _open_json(name, document)


def _open_csv(path: Path, name: str, mapping: ColumnMapping | None) -> OpenedFile:
    stream = open_text(path, file=name, encoding=mapping.encoding if mapping else "utf-8")
    header, records = csv_records(stream, path, file=name, delimiter=mapping.delimiter if mapping else ",")
    wanted = set(mapping.columns.values()) if mapping else REQUIRED_INCIDENT_COLUMNS
    missing = sorted(wanted - set(header))
    if missing:
        stream.close()
        hint = "" if mapping else " (give a column mapping for other layouts)"
        raise fail(f"CSV lacks column(s) {', '.join(missing)}{hint}", file=name, reason="missing_column", row=1,
                   field=missing[0])
    if mapping:
        unmapped = sorted(REQUIRED_INCIDENT_COLUMNS - set(mapping.columns))
        if unmapped:
            stream.close()
            raise fail(f"mapping lacks incident field(s) {', '.join(unmapped)}", file=name,
                       reason="missing_column", field=unmapped[0])
    return OpenedFile(name=name, format=FileFormat.incidents, typed=False, records=records, stream=stream)


def _open_json(name: str, document: Any) -> OpenedFile:
    if isinstance(document, dict) and "by_risk" in document:
        return OpenedFile(name=name, format=FileFormat.cap_status_counts, typed=True, document=document)
    if isinstance(document, dict) and isinstance(document.get("sites"), list):
        document = document["sites"]
        return OpenedFile(name=name, format=FileFormat.sites, typed=True, records=json_records(document, file=name))
    if not isinstance(document, list) or not document:
        raise fail("unrecognised export: expected a non-empty array of incidents, actions or sites, "
                   "or an object with by_risk", file=name, reason="unrecognised")
    first = document[0] if isinstance(document[0], dict) else {}
    if "incident_type" in first:
        kind = FileFormat.incidents
    elif "action" in first:
        kind = FileFormat.corrective_actions
    elif "country" in first:
        kind = FileFormat.sites
    else:
        raise fail("unrecognised export: the first element is not an incident, an action or a site",
                   file=name, reason="unrecognised", row=1, pointer="/0")
    return OpenedFile(name=name, format=kind, typed=True, records=json_records(document, file=name))
