"""Store tables of Better Mining data: sites, incidents, corrective actions, CAP reviews, CAP status counts, and
the per-site counts rollup (`bm_site_counts`, one `SiteCounts` row per site over the whole record, kept current
by the import through `indices.bettermining.rollup`, so a battery's indices read a few thousand rows instead of
grouping a million incidents each time).

Flat rows shaped for aggregation (the Step 5 report groups them in the database). `content_hash` lets a
re-import of the same file recognise unchanged rows; `month` (`YYYY-MM`) is kept beside `date` so both
backends group by month without date functions.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Integer, String, Table, Text
from sqlmodel import Field, SQLModel

from indices.bettermining.site_counts import COUNT_FIELDS

OWNER_DESCRIPTION = ("The organisation whose upload created the row (NULL: imported by the operator with the "
                     "CLI); only it may change the row through the contributor API.")


class BmSite(SQLModel, table=True):
    __tablename__ = "bm_site"

    id: str = Field(primary_key=True, max_length=64)
    name: str | None = Field(default=None, max_length=200)
    country: str = Field(max_length=2)
    latitude: float | None = None
    longitude: float | None = None
    minerals: str = Field(default="", max_length=200, description="Comma-separated mineral names.")
    site_type: str = Field(max_length=20)
    programme_status: str = Field(max_length=20)
    content_hash: str = Field(max_length=64)
    owner_organisation_id: int | None = Field(default=None, description=OWNER_DESCRIPTION)


class BmIncident(SQLModel, table=True):
    __tablename__ = "bm_incident"
    __table_args__ = (
        Index("ix_bm_incident_site_date", "site_id", "date"),
        # covers the report's GROUP BY (in this order) and its period filter (a month range, then dates):
        # SQLite reads a range of it in order instead of sorting. No index on `date` alone, on purpose: the
        # planner would pick it for a period and then sort.
        Index("ix_bm_incident_report", "month", "risk", "risk_category", "score_category", "score", "date"),
    )

    id: str = Field(primary_key=True, max_length=64)
    site_id: str | None = Field(default=None, max_length=64, foreign_key="bm_site.id")
    date: dt.date
    month: str = Field(max_length=7)
    incident_type: str = Field(max_length=200)
    incident_type_code: str | None = Field(default=None, max_length=64)
    incident_type_zh: str | None = Field(default=None, max_length=200)
    description_zh: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    severity: int | None = None
    likelihood: int | None = None
    score: int | None = None
    score_category: str = Field(max_length=20)
    risk_category: str = Field(max_length=64)
    risk: str = Field(max_length=64)
    major_breach: bool = False
    content_hash: str = Field(max_length=64)
    source_file: str = Field(max_length=300)
    source_row: int
    owner_organisation_id: int | None = Field(default=None, description=OWNER_DESCRIPTION)


class BmCorrectiveAction(SQLModel, table=True):
    __tablename__ = "bm_corrective_action"
    # a few sites' programme counts (`indices.bettermining.rollup`) read their actions by site
    __table_args__ = (Index("ix_bm_corrective_action_site", "site_id", "incident_id"),)

    id: str = Field(primary_key=True, max_length=64)
    risk: str = Field(max_length=64)
    action: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(max_length=20)
    site_id: str | None = Field(default=None, max_length=64, foreign_key="bm_site.id")
    incident_id: str | None = Field(default=None, max_length=64)
    major_breach: bool = False
    assigned_on: dt.date | None = None
    implemented_month: str | None = Field(default=None, max_length=7)
    replaces: str | None = Field(default=None, max_length=64)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    content_hash: str = Field(max_length=64)
    source_file: str = Field(max_length=300)
    source_row: int
    owner_organisation_id: int | None = Field(default=None, description=OWNER_DESCRIPTION)


class BmCapReview(SQLModel, table=True):
    __tablename__ = "bm_cap_review"

    action_id: str = Field(primary_key=True, max_length=64, foreign_key="bm_corrective_action.id")
    month: str = Field(primary_key=True, max_length=7)
    status: str = Field(max_length=20)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class BmCapStatusCount(SQLModel, table=True):
    __tablename__ = "bm_cap_status_count"

    scope: str = Field(primary_key=True, max_length=32, description="`START/END` of the period, or `undated`.")
    risk: str = Field(primary_key=True, max_length=64)
    status: str = Field(primary_key=True, max_length=20)
    count: int
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    source_file: str = Field(max_length=300)
    owner_organisation_id: int | None = Field(default=None, description=OWNER_DESCRIPTION)


# Columns from `SiteCounts` (the one definition of the counts); migration 0021 writes them out.
BmSiteCounts = Table(
    "bm_site_counts", SQLModel.metadata,
    Column("site_id", String(64), primary_key=True),
    *(Column(name, Integer, nullable=False) for name in COUNT_FIELDS),
)
