"""Reading export files: bytes → text → records, each with the row a person would look for.

Rows are numbered as a spreadsheet shows them: in a CSV the header is row 1, so the first record is row 2;
in a JSON array the first element is row 1 (and its JSON pointer is `/0`). A file that is not UTF-8 (latin-1,
UTF-16, ...) or a CSV cut off mid-record is refused with the row where it went wrong.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict, Field

from passport.errors import DataImportError, InputError
from passport.jsonio import read_json

INCIDENT_FIELDS: tuple[str, ...] = (
    "id", "site_id", "date", "incident_type", "incident_type_zh", "description_zh", "description",
    "severity", "likelihood", "score", "score_category", "risk_category", "risk",
)
REQUIRED_INCIDENT_COLUMNS: frozenset[str] = frozenset({"id", "date", "incident_type", "risk"})


class ColumnMapping(BaseModel):
    """How a programme's own CSV maps onto incident fields (for `passport bettermining import --mapping`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    columns: dict[str, str] = Field(description="Incident field → column header in the file.")
    delimiter: str = Field(default=",", min_length=1, max_length=1, description="Field separator.")
    encoding: str = Field(default="utf-8", description="Text encoding of the file (Python codec name).")
    date_format: str | None = Field(default=None, description="strptime format of dates; ISO 8601 if absent.")
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="Per field, source value → code (e.g. `Human Rights` → `human_rights`)."
    )


@dataclass(frozen=True, slots=True)
class Record:
    """One record of a file with its location, ready to parse."""

    file: str
    row: int
    data: dict[str, Any]
    pointer: str | None = None


def fail(message: str, *, file: str, reason: str, row: int | None = None, field: str | None = None,
         **extra: Any) -> DataImportError:
    """An import error naming where it went wrong; `reason` is a stable slug tests and callers match on."""
    details: dict[str, Any] = {"file": file, "reason": reason}
    if row is not None:
        details["row"] = row
    if field is not None:
        details["field"] = field
    details.update(extra)
    return DataImportError(message, details=details)


def _is_utf8(encoding: str) -> bool:
    return encoding.replace("-", "").replace("_", "").lower() in {"utf8", "utf8sig"}


def _refuse_utf16(head: bytes, file: str) -> None:
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(head) > 1 and head.count(b"\x00") > len(head) // 4):
        raise fail("file is UTF-16, expected UTF-8: re-export as UTF-8", file=file, reason="encoding", row=1)


def decode(data: bytes, *, file: str, encoding: str = "utf-8") -> str:
    """Text of a file; UTF-16 and undecodable bytes are refused, naming the row of the first bad byte."""
    if _is_utf8(encoding):
        _refuse_utf16(data[:4096], file)
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise fail(f"file is not valid {encoding} at byte {exc.start}: re-export as UTF-8 or give the encoding",
                   file=file, reason="encoding", row=row, byte=exc.start) from exc
    except LookupError as exc:
        raise fail(f"unknown text encoding {encoding!r}", file=file, reason="encoding") from exc


def open_text(path: Path, *, file: str, encoding: str = "utf-8") -> io.TextIOWrapper:
    """A decoding stream over a file, so a million-row CSV is never held whole; UTF-16 is refused up front."""
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise fail(f"unknown text encoding {encoding!r}", file=file, reason="encoding") from exc
    raw = _open(path, file)
    if _is_utf8(encoding):
        head = raw.read(4096)
        raw.seek(0)
        try:
            _refuse_utf16(head, file)
        except DataImportError:
            raw.close()
            raise
        encoding = "utf-8-sig"
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def _decode_failure(path: Path, file: str, encoding: str) -> DataImportError:
    """The exact row of a decoding error met while streaming (the stream only knows its chunk)."""
    try:
        decode(read_bytes(path), file=file, encoding=encoding)
    except DataImportError as exc:
        return exc
    return fail(f"file is not valid {encoding}", file=file, reason="encoding")


def csv_records(stream: io.TextIOWrapper, path: Path, *, file: str,
                delimiter: str = ",") -> tuple[list[str], Iterator[Record]]:
    """Header and records of a CSV; a record with too few or too many fields, or an open quote at the end,
    is a truncated or malformed file."""
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except UnicodeDecodeError:
        stream.close()
        raise _decode_failure(path, file, stream.encoding) from None
    except StopIteration:
        stream.close()
        raise fail("empty CSV file", file=file, reason="empty") from None
    except csv.Error as exc:
        stream.close()
        raise fail(f"malformed CSV header: {exc}", file=file, reason="malformed_csv", row=1) from exc
    if len(set(header)) != len(header):
        stream.close()
        raise fail("duplicate column names in the header", file=file, reason="duplicate_column", row=1)

    def records() -> Iterator[Record]:
        row = 1
        with stream:
            while True:
                row += 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    raise _decode_failure(path, file, stream.encoding) from None
                except csv.Error as exc:
                    raise fail(f"truncated or malformed CSV: {exc}", file=file, reason="truncated", row=row) from exc
                if not values or all(not v.strip() for v in values):
                    continue
                if len(values) != len(header):
                    raise fail(f"record has {len(values)} fields, header has {len(header)}: truncated or "
                               "malformed CSV", file=file, reason="truncated", row=row)
                yield Record(file=file, row=row, data=dict(zip(header, values)))

    return header, records()


def json_document(text: str, *, file: str) -> Any:
    """The export's JSON through the project's one bounded reader (depth, duplicate keys, NaN refused)."""
    try:
        return read_json(text, source=file)
    except InputError as exc:
        reason = "malformed_json" if exc.code == "INVALID_JSON" else exc.code.lower()
        extra = {k: v for k, v in exc.details.items() if k not in ("file", "reason", "line")}
        raise fail(f"{exc.message}: truncated or malformed" if reason == "malformed_json" else exc.message,
                   file=file, reason=reason, row=exc.details.get("line"), **extra) from None


def json_records(items: list[Any], *, file: str) -> Iterator[Record]:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise fail("each element must be a JSON object", file=file, reason="wrong_type", row=index + 1,
                       pointer=f"/{index}")
        yield Record(file=file, row=index + 1, pointer=f"/{index}", data=item)


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror}", file=str(path), reason="unreadable") from exc


def _open(path: Path, file: str) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror}", file=file, reason="unreadable") from exc
