"""Better Mining at scale: ingest synthetic incidents through the product importer, time the Step 5 report,
and run the same aggregation in DuckDB on the same data in the same run.

    python -m benchmarks.bettermining [--incidents N] [--sites S] [--backend sqlite|postgresql] [--repeat R]

Generates S sites (default 5,000) and N incidents (default 200,000; the target size is 1,000,000) spread over
2022–2023, in the shared CSV format with a `site_id` column, plus one corrective action per 20 incidents. Then:

- `ingest`: `import_files` on the sites JSON, the incidents CSV and the actions JSON in one transaction
  (validation, risk matrix, hashing, and bulk writes: executemany on SQLite, COPY on PostgreSQL);
- `report`: `report_from_store` for the whole programme and the whole period (GROUP BY in the database),
  median of R runs, plus a one-year and a one-site report;
- `duckdb`: the same GROUP BY over the same CSV loaded into DuckDB, median of R runs.

Prints one JSON object; `ratio_report_to_duckdb` is our full report time over DuckDB's aggregation time
(above 1: DuckDB is faster). Target: the full report over 1,000,000 incidents in under 2 s.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from benchmarks._store import open_store
from benchmarks._versions import environment
from indices.bettermining.importer import import_files
from indices.bettermining.matrix import POSSIBLE_SCORES, RiskMatrix
from indices.bettermining.queries import report_from_store
from indices.bettermining.taxonomy import default_taxonomy

COUNTRIES = ("CD", "RW", "BI", "UG")
MINERALS = ("tin", "tantalum", "tungsten", "cobalt", "copper")
HEADER = ["id", "site_id", "date", "incident_type", "incident_type_zh", "description_zh", "score", "score_category",
          "risk_category", "risk"]


def generate(directory: Path, incidents: int, sites: int, seed: int = 2022) -> dict[str, Path]:
    """Deterministic synthetic data whose categories agree with the default matrix (so the import accepts it)."""
    rng = random.Random(seed)
    taxonomy, matrix = default_taxonomy(), RiskMatrix()
    site_ids = [f"SITE-{n:05d}" for n in range(sites)]
    site_docs = [{"id": s, "country": rng.choice(COUNTRIES), "minerals": rng.sample(MINERALS, 2),
                  "coordinates": {"latitude": round(rng.uniform(-4, 2), 4), "longitude": round(rng.uniform(27, 31), 4)},
                  "site_type": "mine", "programme_status": "active"} for s in site_ids]
    paths = {"sites": directory / "sites.json", "incidents": directory / "incidents.csv",
             "actions": directory / "actions.json"}
    paths["sites"].write_text(json.dumps(site_docs), encoding="utf-8")
    areas, scores = list(taxonomy.risk_areas), sorted(POSSIBLE_SCORES)
    start, days = dt.date(2022, 1, 1), 730
    categories: dict[tuple[int | None, bool], str] = {}  # what the default matrix says (published categories)
    with paths["incidents"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(incidents):
            area = rng.choice(areas)
            score = None if rng.random() < 0.01 else rng.choice(scores)
            key = (score, area.major_breach)
            if key not in categories:
                categories[key] = matrix.assess(score, major_breach_type=area.major_breach).score_category or "low"
            day = (start + dt.timedelta(rng.randrange(days))).isoformat()
            writer.writerow([f"SYN-{n:07d}", rng.choice(site_ids), day, area.label, area.label_zh, "合成事件",
                             "" if score is None else score, categories[key], taxonomy.risk(area.risk).category,
                             area.risk])
    statuses = ("implemented", "in_progress", "not_started", "cancelled")
    actions = []
    for n in range(incidents // 20):
        status = rng.choices(statuses, weights=(6, 3, 1, 0.5))[0]
        assigned = start + dt.timedelta(rng.randrange(days))
        actions.append({"id": f"SYN-CA-{n:06d}", "risk": rng.choice(areas).risk, "action": "Synthetic action.",
                        "status": status, "site_id": rng.choice(site_ids), "major_breach": rng.random() < 0.05,
                        "assigned_on": assigned.isoformat(),
                        "implemented_month": assigned.isoformat()[:7] if status == "implemented" else None})
    paths["actions"].write_text(json.dumps(actions), encoding="utf-8")
    return paths


def median_seconds(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


DUCKDB_QUERY = """
SELECT risk, risk_category, score_category, score, strftime(date, '%Y-%m') AS month,
       score_category = 'major_breach' AS major_breach, count(*)
FROM incidents GROUP BY ALL
"""


def duckdb_peer(csv_path: Path, repeat: int) -> dict[str, Any]:
    import duckdb

    connection = duckdb.connect()
    t0 = time.perf_counter()
    connection.execute(f"CREATE TABLE incidents AS SELECT * FROM read_csv('{csv_path}', header=true, "
                       "types={'score': 'INTEGER', 'date': 'DATE'})")
    load = time.perf_counter() - t0
    seconds, rows = median_seconds(lambda: connection.execute(DUCKDB_QUERY).fetchall(), repeat)
    connection.close()
    return {"load_s": round(load, 3), "aggregate_s": round(seconds, 4), "groups": len(rows),
            "incidents": sum(r[-1] for r in rows), "version": duckdb.__version__}


def run(incidents: int, sites: int, backend: str, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bm-bench-") as tmp:
        directory = Path(tmp)
        t0 = time.perf_counter()
        paths = generate(directory, incidents, sites)
        generate_s = time.perf_counter() - t0
        engine, close = open_store(backend, directory)
        try:
            t0 = time.perf_counter()
            summary = import_files(engine, [paths["sites"], paths["incidents"], paths["actions"]])
            ingest_s = time.perf_counter() - t0
            if backend == "postgresql":
                with engine.begin() as connection:
                    connection.execute(text("ANALYZE"))
            full_s, report = median_seconds(lambda: report_from_store(engine), repeat)
            year_s, year = median_seconds(lambda: report_from_store(
                engine, period_from=dt.date(2023, 1, 1), period_to=dt.date(2023, 12, 31)), repeat)
            site_s, site = median_seconds(lambda: report_from_store(engine, site_id="SITE-00042"), repeat)
            json_s, _ = median_seconds(lambda: json.dumps(report.to_json_dict()), repeat)
        finally:
            close()
        peer = duckdb_peer(paths["incidents"], repeat)
    assert peer["incidents"] == report.incidents_total == incidents, "DuckDB and the report disagree"
    return {
        "benchmark": "bettermining", "backend": backend, "incidents": incidents, "sites": sites,
        "actions": incidents // 20, **environment("duckdb", "sqlalchemy"),
        "generate_s": round(generate_s, 2),
        "ingest": {"seconds": round(ingest_s, 2), "incidents_per_s": round(incidents / ingest_s),
                   "files": [f.model_dump() for f in summary.files]},
        "report": {"full_s": round(full_s, 4), "one_year_s": round(year_s, 4), "one_site_s": round(site_s, 4),
                   "to_json_s": round(json_s, 4), "one_year_incidents": year.incidents_total,
                   "one_site_incidents": site.incidents_total,
                   "major_breach_actions": sum(len(v) for v in report.major_breaches.actions_by_risk.values())},
        "duckdb": peer,
        "ratio_report_to_duckdb": round(full_s / peer["aggregate_s"], 2) if peer["aggregate_s"] else None,
        "target_full_report_under_2s": full_s < 2.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=200_000, help="synthetic incidents (target: 1,000,000)")
    parser.add_argument("--sites", type=int, default=5_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.incidents, args.sites, args.backend, args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
