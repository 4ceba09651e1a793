"""Records → corrective actions, CAP status counts and mine sites, with the same error contract as incidents.

A corrective-actions file whose name says `major_breach` (the programme's export of accelerated CAPs) marks its
actions as major-breach actions unless a record says otherwise. An implemented action without reviews gets one
review, in the month it was implemented, so its status history is never empty when the source gives a month.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pydantic import ValidationError

from indices.bettermining.models import ActionStatus, CapStatusCounts, CapStatusSnapshot, CorrectiveAction
from indices.bettermining.parse import located_error, text_value, wrong
from indices.bettermining.sources import Record, fail
from indices.bettermining.taxonomy import RiskTaxonomy
from passport.sites import MineSite

_ACTION_FIELDS = frozenset(CorrectiveAction.model_fields)


def parse_action(record: Record, taxonomy: RiskTaxonomy, *, major_breach_default: bool,
                 period: tuple[dt.date, dt.date] | None) -> tuple[CorrectiveAction, tuple[dt.date, dt.date] | None]:
    """One corrective action and the reporting period it belongs to (for actions without an assigned date)."""
    data = dict(record.data)
    unknown = sorted(set(data) - _ACTION_FIELDS)
    if unknown:
        raise wrong(record, unknown[0], "unknown field", reason="unknown_field")
    for name in ("id", "risk", "action", "status"):
        if text_value(record, name, data.get(name)) is None:
            raise wrong(record, name, "missing", reason="missing")
    if taxonomy.risk(data["risk"]) is None:
        raise wrong(record, "risk", "unknown OECD Annex II risk code", reason="unknown_risk")
    if data["status"] not in ActionStatus._value2member_map_:
        raise wrong(record, "status", f"must be one of {', '.join(ActionStatus._value2member_map_)}",
                    reason="invalid")
    data.setdefault("major_breach", major_breach_default)
    if not data.get("reviews") and data.get("implemented_month") and data["status"] == "implemented":
        data["reviews"] = [{"month": data["implemented_month"], "status": "implemented"}]
    try:
        action = CorrectiveAction.model_validate_json(_dumps(data), strict=True)
    except ValidationError as exc:
        raise located_error(record, exc) from exc
    return action, (None if action.assigned_on else period)


def parse_status_counts(document: dict[str, Any], taxonomy: RiskTaxonomy, *, file: str,
                        period: tuple[dt.date, dt.date] | None) -> list[CapStatusSnapshot]:
    """Per-risk status counts (`{"by_risk": {risk: {status: n}}}`), one snapshot per risk."""
    by_risk = document.get("by_risk")
    if not isinstance(by_risk, dict) or not by_risk:
        raise fail("by_risk must be a non-empty object", file=file, reason="wrong_type", field="by_risk",
                   pointer="/by_risk")
    start, end = period or (_date(document, "period_start", file), _date(document, "period_end", file))
    snapshots = []
    for row, (risk, counts) in enumerate(by_risk.items(), start=1):
        record = Record(file=file, row=row, data={}, pointer=f"/by_risk/{risk}")
        if taxonomy.risk(risk) is None:
            raise fail("unknown OECD Annex II risk code", file=file, reason="unknown_risk", row=row, field="risk",
                       pointer=f"/by_risk/{risk}")
        if not isinstance(counts, dict):
            raise wrong(record, "counts", "expected an object of status counts")
        unknown = sorted(set(counts) - set(ActionStatus._value2member_map_))
        if unknown:
            raise wrong(record, unknown[0], "unknown status", reason="invalid")
        try:
            parsed = CapStatusCounts.model_validate(counts, strict=True)
            snapshots.append(CapStatusSnapshot(risk=risk, counts=parsed, period_start=start, period_end=end))
        except ValidationError as exc:
            raise located_error(record, exc) from exc
    return snapshots


def parse_site(record: Record) -> MineSite:
    try:
        return MineSite.model_validate_json(_dumps(record.data), strict=True)
    except ValidationError as exc:
        raise located_error(record, exc) from exc


def _date(document: dict[str, Any], key: str, file: str) -> dt.date | None:
    value = document.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise fail(f"{key}: not an ISO 8601 date", file=file, reason="wrong_type", field=key,
                   pointer=f"/{key}") from exc


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
