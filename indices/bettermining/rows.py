"""Models → flat table rows (and back), each row carrying the hash that makes re-imports idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from indices.bettermining.models import CapReview, CapStatusSnapshot, CorrectiveAction, Incident
from indices.bettermining.writer import content_hash
from passport.sites import Coordinates, MineSite


def site_row(site: MineSite) -> dict[str, Any]:
    row = {
        "id": site.id, "name": site.name, "country": site.country,
        "latitude": site.coordinates.latitude if site.coordinates else None,
        "longitude": site.coordinates.longitude if site.coordinates else None,
        "minerals": ",".join(site.minerals), "site_type": site.site_type.value,
        "programme_status": site.programme_status.value,
    }
    row["content_hash"] = content_hash(row)
    return row


def site_from_row(row: Any) -> MineSite:
    coordinates = None if row.latitude is None else Coordinates(latitude=row.latitude, longitude=row.longitude)
    return MineSite(id=row.id, name=row.name, country=row.country, coordinates=coordinates,
                    minerals=tuple(m for m in row.minerals.split(",") if m), site_type=row.site_type,
                    programme_status=row.programme_status)


def incident_row(incident: Incident, file: str, row_number: int) -> dict[str, Any]:
    row = incident.model_dump()
    row["month"] = incident.date.isoformat()[:7]
    row["content_hash"] = content_hash(row)
    row["source_file"], row["source_row"] = file[-300:], row_number
    return row


def incident_from_row(row: Any) -> Incident:
    return Incident(**{name: getattr(row, name) for name in Incident.model_fields})


def action_row(action: CorrectiveAction, period: tuple[dt.date, dt.date] | None, file: str,
               row_number: int) -> dict[str, Any]:
    row = action.model_dump(mode="json", exclude={"reviews", "assigned_on", "status"})
    row.update(status=action.status.value, assigned_on=action.assigned_on,
               period_start=period[0] if period else None, period_end=period[1] if period else None)
    row["content_hash"] = content_hash({**row, "reviews": action.model_dump(mode="json")["reviews"]})
    row["source_file"], row["source_row"] = file[-300:], row_number
    return row


def review_row(action_id: str, review: CapReview) -> dict[str, Any]:
    return {"action_id": action_id, "month": review.month, "status": review.status.value, "note": review.note}


def status_count_rows(snapshot: CapStatusSnapshot, file: str) -> list[dict[str, Any]]:
    start, end = snapshot.period_start, snapshot.period_end
    scope = f"{start.isoformat()}/{end.isoformat()}" if start and end else "undated"
    return [
        {"scope": scope, "risk": snapshot.risk, "status": status, "count": count,
         "period_start": start, "period_end": end, "source_file": file[-300:]}
        for status, count in snapshot.counts.model_dump().items()
    ]
