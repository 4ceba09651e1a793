"""Better Mining upstream data: ingestion, the risk-scoring matrix and the OECD Step 5 report.

    taxonomy   programme risk areas (incident types) → OECD Annex II risks → risk categories
    matrix     score = severity × likelihood → band; major breach as a designation (by type or score)
    models     Incident, CorrectiveAction (+ CapReview history, replacements), CapStatusCounts/Snapshot
    importer   import_files(): JSON, CSV, mapped CSV; one transaction, idempotent, errors name file/row/field
    analytics  report_from_records(): the report over models (pure)
    queries    report_from_store(): the same report with GROUP BY in the database
    report     Step5Report and its assembly; render: the text tables
    site_counts  SiteCounts: what the programme recorded per site, additive across sites (the indices read them)
    rollup     `bm_site_counts`, kept current by the import; the same counts in SQL for a period

Decisions a real importer has to make, made here (details in `parse`): a row without a score is kept with its
published category and counted as unscored; rows out of date order are kept; labels resolve through the
taxonomy in English or Chinese; published per-risk CAP counts take precedence over counting stored actions.
"""

from indices.bettermining.analytics import report_from_records, status_counts
from indices.bettermining.importer import ImportSummary, import_files
from indices.bettermining.matrix import RiskAssessment, RiskMatrix, ScoreBand, risk_score
from indices.bettermining.models import (
    ActionStatus,
    CapReview,
    CapStatusCounts,
    CapStatusSnapshot,
    CorrectiveAction,
    Incident,
)
from indices.bettermining.queries import report_from_store
from indices.bettermining.report import Step5Report
from indices.bettermining.sources import ColumnMapping
from indices.bettermining.taxonomy import RiskTaxonomy, default_taxonomy

__all__ = sorted([
    "ActionStatus", "CapReview", "CapStatusCounts", "CapStatusSnapshot", "ColumnMapping", "CorrectiveAction",
    "ImportSummary", "Incident", "RiskAssessment", "RiskMatrix", "RiskTaxonomy", "ScoreBand", "Step5Report",
    "default_taxonomy", "import_files", "report_from_records", "report_from_store", "risk_score", "status_counts",
])
