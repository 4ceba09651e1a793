"""Records → Better Mining models, checked against the taxonomy and the risk matrix.

Every refusal is an `DataImportError` naming file, row and field with a stable `reason`. What a real export gets
wrong without being wrong is kept and noted instead (`ImportNotes`):

- `score_missing`: the row has no score. It is kept with score null and the published score category (it
  cannot be checked); the report counts it in that category and lists it as unscored.
- `date_out_of_order`: the row is dated before the row above it. Order carries no meaning; the date is kept.
- `label_language`: a `*_zh` field holds no Chinese (e.g. one English label in a Chinese export), or the
  incident type was given in Chinese. Incident types resolve through the taxonomy in either language and are
  stored with the taxonomy's labels; a non-Chinese description moves to `description`.
- `unknown_incident_type`: the type is not in the taxonomy; it is kept as given (its risk code must be known).
- `ignored_field`: a column or key that is no incident field (exports grow columns); its value is not stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from indices.bettermining.matrix import MAJOR_BREACH, SCORE_CATEGORIES, RiskAssessment, RiskMatrix
from indices.bettermining.models import Incident
from indices.bettermining.sources import INCIDENT_FIELDS, ColumnMapping, Record, fail
from indices.bettermining.taxonomy import ProgrammeRiskArea, RiskTaxonomy

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_INT_FIELDS = ("severity", "likelihood", "score")
_TEXT_FIELDS = ("id", "site_id", "incident_type", "incident_type_zh", "description_zh", "description",
                "score_category", "risk_category", "risk")
_FIELD_SET = frozenset(INCIDENT_FIELDS)
MAX_EXAMPLES = 20


class ImportNote(BaseModel):
    """Something kept as given but worth a look."""

    model_config = ConfigDict(frozen=True)

    file: str
    row: int
    field: str
    reason: str
    message: str


class ImportNotes:
    """Counts of notes by reason, with the first few examples (a million-row file stays readable)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.examples: list[ImportNote] = []

    def add(self, record: Record, field: str, reason: str, message: str) -> None:
        self.counts[reason] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(ImportNote(file=record.file, row=record.row, field=field, reason=reason,
                                            message=message))


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def wrong(record: Record, field: str, message: str, reason: str = "wrong_type") -> Exception:
    extra = {"pointer": f"{record.pointer}/{field}"} if record.pointer else {}
    return fail(f"{field}: {message}", file=record.file, reason=reason, row=record.row, field=field, **extra)


def located_error(record: Record, exc: ValidationError) -> Exception:
    """The first complaint, located: a model-wide rule names its field as the first word of its message."""
    first = exc.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    field = ".".join(str(p) for p in first["loc"]) or message.split(" ", 1)[0].rstrip(":")
    return wrong(record, field, message, reason="invalid")


def text_value(record: Record, field: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise wrong(record, field, f"expected text, got {type(value).__name__}")
    value = value.strip()
    return value or None


def int_value(record: Record, field: str, value: Any, *, typed: bool) -> int | None:
    """An integer; from CSV the text of one, from JSON a number (not a string, not a boolean)."""
    if value is None:
        return None
    if typed and (isinstance(value, bool) or not isinstance(value, int)):
        raise wrong(record, field, f"expected an integer or null, got {type(value).__name__}")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    if not re.fullmatch(r"[+-]?\d+", text):
        raise wrong(record, field, "expected an integer")
    return int(text)


def date_value(record: Record, field: str, value: Any, fmt: str | None) -> dt.date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise wrong(record, field, "missing", reason="missing")
    if not isinstance(value, str):
        raise wrong(record, field, f"expected a date string, got {type(value).__name__}")
    try:
        if fmt:
            return dt.datetime.strptime(value.strip(), fmt).date()
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise wrong(record, field, f"not a date{' in format ' + fmt if fmt else ' (ISO 8601, YYYY-MM-DD)'}") from exc


def mapped(record: Record, mapping: ColumnMapping | None) -> dict[str, Any]:
    """The record's fields under incident field names, with mapped values translated to codes."""
    if mapping is None:
        return record.data
    data = {field: record.data.get(header) for field, header in mapping.columns.items()}
    for field, table in mapping.values.items():
        value = data.get(field)
        if isinstance(value, str) and value.strip() in table:
            data[field] = table[value.strip()]
    return data


class IncidentParser:
    """Turns incident records into `Incident`s; holds the state needed across rows (previous date, notes)."""

    def __init__(self, taxonomy: RiskTaxonomy, matrix: RiskMatrix, notes: ImportNotes, *,
                 mapping: ColumnMapping | None = None, typed: bool = False) -> None:
        self.taxonomy, self.matrix, self.notes, self.mapping, self.typed = taxonomy, matrix, notes, mapping, typed
        self._previous_date: dt.date | None = None
        self._areas: dict[str, ProgrammeRiskArea | None] = {}  # memo: exports repeat a few labels
        self._assessments: dict[tuple[int | None, bool], RiskAssessment] = {}

    def _area(self, label: str | None) -> ProgrammeRiskArea | None:
        if label is None:
            return None
        if label not in self._areas:
            self._areas[label] = self.taxonomy.risk_area(label)
        return self._areas[label]

    def _assess(self, score: int | None, by_type: bool) -> RiskAssessment:
        key = (score, by_type)
        if key not in self._assessments:
            self._assessments[key] = self.matrix.assess(score, major_breach_type=by_type)
        return self._assessments[key]

    def parse(self, record: Record) -> Incident:
        data = mapped(record, self.mapping)
        if self.mapping is None and not _FIELD_SET.issuperset(data):
            extra = sorted(set(data) - _FIELD_SET)
            self.notes.add(record, extra[0], "ignored_field", f"not an incident field, ignored: {', '.join(extra)}")
        fields: dict[str, Any] = {name: text_value(record, name, data.get(name)) for name in _TEXT_FIELDS}
        for name in _INT_FIELDS:
            fields[name] = int_value(record, name, data.get(name), typed=self.typed)
        fields["date"] = date_value(record, "date", data.get("date"),
                                    self.mapping.date_format if self.mapping else None)
        for name in ("id", "incident_type", "risk"):
            if fields[name] is None:
                raise wrong(record, name, "missing", reason="missing")
        self._note_order(record, fields["date"])
        self._check_risk(record, fields)
        self._resolve_type(record, fields)
        self._score(record, fields)
        try:
            return Incident(**fields)
        except ValidationError as exc:
            raise located_error(record, exc) from exc

    def _note_order(self, record: Record, date: dt.date) -> None:
        if self._previous_date is not None and date < self._previous_date:
            self.notes.add(record, "date", "date_out_of_order",
                           f"dated {date.isoformat()}, before the row above ({self._previous_date.isoformat()})")
        self._previous_date = date

    def _resolve_type(self, record: Record, fields: dict[str, Any]) -> None:
        given, given_zh = fields["incident_type"], fields["incident_type_zh"]
        area = self._area(given) or self._area(given_zh)
        if given_zh and not has_chinese(given_zh):
            self.notes.add(record, "incident_type_zh", "label_language", "incident_type_zh holds no Chinese")
        if has_chinese(given):
            self.notes.add(record, "incident_type", "label_language", "incident_type given in Chinese")
        description_zh = fields["description_zh"]
        if description_zh and not has_chinese(description_zh):
            self.notes.add(record, "description_zh", "label_language", "description_zh holds no Chinese")
            if fields["description"] is None:
                fields["description"], fields["description_zh"] = description_zh, None
        if area is None:
            self.notes.add(record, "incident_type", "unknown_incident_type", "incident type not in the taxonomy")
            fields["_major_breach_type"] = False
            return
        if area.risk != fields["risk"]:
            raise wrong(record, "risk", f"incident type {area.code} evidences {area.risk}, not {fields['risk']}",
                        reason="risk_mismatch")
        fields["incident_type"], fields["incident_type_code"] = area.label, area.code
        fields["incident_type_zh"] = area.label_zh or given_zh
        fields["_major_breach_type"] = area.major_breach

    def _check_risk(self, record: Record, fields: dict[str, Any]) -> None:
        risk = self.taxonomy.risk(fields["risk"])
        if risk is None:
            raise wrong(record, "risk", "unknown OECD Annex II risk code", reason="unknown_risk")
        if fields["risk_category"] is None:
            fields["risk_category"] = risk.category
        elif fields["risk_category"] != risk.category:
            reason = "unknown_risk_category" if fields["risk_category"] not in self.taxonomy.category_codes() \
                else "category_mismatch"
            raise wrong(record, "risk_category", f"risk {risk.code} is reported under {risk.category}", reason=reason)

    def _score(self, record: Record, fields: dict[str, Any]) -> None:
        by_type = fields.pop("_major_breach_type")
        severity, likelihood = fields["severity"], fields["likelihood"]
        if fields["score"] is None and severity is not None and likelihood is not None:
            fields["score"] = severity * likelihood
        score, published = fields["score"], fields["score_category"]
        if published is not None and published not in SCORE_CATEGORIES:
            raise wrong(record, "score_category", f"must be one of {', '.join(SCORE_CATEGORIES)}", reason="invalid")
        try:
            assessment = self._assess(score, by_type)
        except ValueError as exc:
            raise wrong(record, "score", str(exc), reason="invalid_score") from exc
        if assessment.score_category is None:  # unscored and not a breach by type: keep what was published
            if published is None:
                raise wrong(record, "score", "no score and no score_category", reason="missing")
            if published == MAJOR_BREACH:
                raise wrong(record, "score_category", "major_breach needs a score or a major-breach incident type",
                            reason="category_mismatch")
            self.notes.add(record, "score", "score_missing", f"no score; category {published} kept as published")
            fields["major_breach"] = False
            return
        if published is not None and published != assessment.score_category:
            raise wrong(record, "score_category",
                        f"matrix gives {assessment.score_category} for score {score}, the row says {published}",
                        reason="category_mismatch")
        if score is None:
            self.notes.add(record, "score", "score_missing", "no score; major breach by incident type")
        fields["score_category"], fields["major_breach"] = assessment.score_category, assessment.major_breach
