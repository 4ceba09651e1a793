"""XML Schema dateTimeStamp values as VC 2.0 and Data Integrity use them (`validFrom`, `created`, ...)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

# xsd:dateTimeStamp: a dateTime with a mandatory time zone (VC DM 2.0 §4.9, DI 1.0 §2.1 `created`).
_DATE_TIME_STAMP = re.compile(
    r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})"
)


def parse_date_time_stamp(value: object) -> datetime | None:
    """The instant `value` names, or None when it is not an xsd:dateTimeStamp string."""
    if not isinstance(value, str) or not _DATE_TIME_STAMP.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:  # e.g. 2023-02-30, or a year Python cannot represent
        return None


def format_date_time_stamp(moment: datetime) -> str:
    """`moment` in UTC to the second, `YYYY-MM-DDTHH:MM:SSZ` (what the W3C vectors and jsonld.js write)."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no time zone; pass an aware one")
    return moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
