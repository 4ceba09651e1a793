"""Carbon footprint for a batch of batteries once their inputs are loaded, against a DuckDB formulation of the
same aggregation measured in the same run.

    python -m benchmarks.carbon [--batteries N] [--repeat R]      # default 10,000 batteries

Inputs: N variants of the NMC811 example pack (masses, energy, distances and activity data jittered ±20 %, a
linked CAM supplier footprint covering 60-100 % of the line), parsed and their supplier evidence checked once
(signatures are verified per credential, not per battery, so that is loading, not computing).

1. `ours`: `compute_footprint` for every battery: the four stages, per-kWh figures, class, primary-data share,
   data-quality rating and the full breakdown tree of every number (what `recompute` re-derives).
2. `duckdb` (the peer): the same inputs as flat tables (bill of materials with resolved factors and supplier
   shares, co-product outputs, activity data, transport legs, functional unit, class bands) and one SQL query
   that does the same aggregation: allocation with the price-ratio switch, stage sums, per-kWh, class. It keeps
   no breakdown. Table loading is reported apart from the query.
Both answers are compared battery by battery (max relative difference of the per-kWh total; classes equal).
Reported: wall and CPU milliseconds per battery (the machine is shared: CPU time is the less noisy figure),
the load average, and `ratio_ours_to_duckdb_query` (below 1: ours is faster). Target: < 1 ms per battery.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._versions import environment
from passport.application.demo.carbon.load import HERE
from indices.carbon import (
    compute_batch,
    compute_footprint,
    default_classes,
    default_factors,
    parse_input,
)
from indices.carbon.inputs import CarbonInput, CyclesFunctionalUnit
from indices.carbon.supplier import AcceptedFootprint, SupplierEvidence


def make_inputs(n: int, seed: int = 20261125) -> list[tuple[CarbonInput, SupplierEvidence]]:
    """N jittered variants of the NMC811 example with their (already checked) supplier evidence."""
    rng = random.Random(seed)
    template = json.loads((HERE / "nmc811-ev-pack.json").read_text(encoding="utf-8"))
    out = []
    for i in range(n):
        data = json.loads(json.dumps(template))
        j = lambda x: round(x * rng.uniform(0.8, 1.2), 4)  # noqa: E731
        data["battery"]["id"] = f"urn:example:battery:{i:06d}"
        data["battery"]["massKg"] = j(data["battery"]["massKg"])
        data["functionalUnit"]["ratedEnergyKwh"] = j(75.0)
        data["functionalUnit"]["expectedCycles"] = rng.randint(1500, 3000)
        for line in data["billOfMaterials"]:
            line["massKg"] = j(line["massKg"])
        for item in data["mainProduction"]["electricity"]:
            item["kwh"] = j(item["kwh"])
        for item in data["mainProduction"]["heat"]:
            item["mj"] = j(item["mj"])
        for leg in data["distribution"] + data["endOfLife"]["transport"]:
            leg["distanceKm"] = j(leg["distanceKm"])
        inp = parse_input(data)
        share = round(rng.uniform(0.6, 1.0), 4)
        accepted = AcceptedFootprint("/supplierFootprints/0", "sha384-bench", "did:example:cam", "cam", "cam",
                                     round(rng.uniform(10.0, 16.0), 3), share, ("urn:example:lot:cam",), "2025", 2.0)
        out.append((inp, SupplierEvidence((accepted,), (), {"cam": (accepted,)})))
    return out


def run_ours(batch: list[tuple[CarbonInput, SupplierEvidence]]) -> tuple[float, float, list[Any]]:
    factors, classes = default_factors(), default_classes()
    compute_footprint(batch[0][0], batch[0][1], factors=factors, classes=classes)   # warm the factor index
    wall, cpu = time.perf_counter(), time.process_time()
    results = compute_batch(batch, factors=factors, classes=classes)
    return time.perf_counter() - wall, time.process_time() - cpu, results


def tables(batch: list[tuple[CarbonInput, SupplierEvidence]]) -> dict[str, list[tuple]]:
    """The inputs as flat rows, factor keys resolved (the lookup a SQL user would do by joining a factor table)."""
    factors, classes = default_factors(), default_classes()
    rows: dict[str, list[tuple]] = {"fu": [], "bom": [], "outputs": [], "activity": [], "transport": [], "classes": []}
    for b, (inp, ev) in enumerate(batch):
        fu = inp.functional_unit
        if not isinstance(fu, CyclesFunctionalUnit):
            raise TypeError("the benchmark's inputs use the cycles formula")
        energy = fu.rated_energy_kwh * fu.expected_cycles * fu.depth_of_discharge * fu.capacity_fade_factor
        rows["fu"].append((b, energy, inp.battery.category))
        for line in inp.bill_of_materials:
            used = ev.by_line.get(line.id, ())
            share = sum(a.share for a in used)
            supplier = sum(a.share * a.kg_co2e_per_kg for a in used) / share if share else 0.0
            secondary = factors.resolve("material", line.factor, "").value if line.factor else None
            rows["bom"].append((b, line.id, line.mass_kg, secondary, share, supplier))
            if line.process is not None:
                for o in line.process.outputs:
                    rows["outputs"].append((b, line.id, line.process.kg_co2e, o.product == line.process.product,
                                            o.mass_kg, o.price_eur_per_kg))
        mp = inp.main_production
        for e in mp.electricity:
            rows["activity"].append((b, "main", e.kwh, factors.resolve("electricity", e.factor, "").value))
        for h in mp.heat:
            rows["activity"].append((b, "main", h.mj, factors.resolve("fuel", h.fuel, "").value))
        for p in mp.process_emissions:
            rows["activity"].append((b, "main", p.kg, factors.resolve("gas", p.gas, "").value))
        for a in inp.end_of_life.activities:
            rows["activity"].append((b, "eol", a.mass_kg if a.mass_kg is not None else inp.battery.mass_kg,
                                     factors.resolve("end_of_life", a.activity, "").value))
        for stage, legs in (("dist", inp.distribution), ("eol", inp.end_of_life.transport)):
            for leg in legs:
                rows["transport"].append((b, stage, leg.mass_kg or inp.battery.mass_kg, leg.distance_km,
                                          factors.resolve("transport", leg.mode, "").value))
    for category, bands in classes.categories.items():
        for rank, band in enumerate(bands):
            rows["classes"].append((category, rank, band.class_, band.up_to))
    return rows


QUERY = """
WITH proc AS (
  SELECT battery, line, max(price) / min(price) AS ratio, any_value(kg) AS kg,
         sum(CASE WHEN own THEN mass END) AS own_mass, sum(CASE WHEN own THEN mass * price END) AS own_value,
         sum(mass) AS all_mass, sum(mass * price) AS all_value
  FROM outputs GROUP BY battery, line),
proc_factor AS (
  SELECT battery, line,
         CASE WHEN ratio <= 4 THEN kg * own_mass / all_mass ELSE kg * own_value / all_value END / own_mass AS per_kg
  FROM proc),
raw AS (
  SELECT b.battery,
         sum(b.mass * (b.share * b.supplier + (1 - b.share) * coalesce(p.per_kg, b.secondary))) AS kg
  FROM bom b LEFT JOIN proc_factor p ON p.battery = b.battery AND p.line = b.line GROUP BY b.battery),
act AS (SELECT battery, stage, sum(amount * factor) AS kg FROM activity GROUP BY battery, stage),
tr AS (SELECT battery, stage, sum(mass / 1000 * km * factor) AS kg FROM transport GROUP BY battery, stage),
stages AS (
  SELECT fu.battery, fu.energy, fu.category, coalesce(raw.kg, 0) AS raw, coalesce(m.kg, 0) AS main,
         coalesce(d.kg, 0) AS dist, coalesce(e.kg, 0) + coalesce(et.kg, 0) AS eol
  FROM fu LEFT JOIN raw ON raw.battery = fu.battery
  LEFT JOIN act m ON m.battery = fu.battery AND m.stage = 'main'
  LEFT JOIN tr d ON d.battery = fu.battery AND d.stage = 'dist'
  LEFT JOIN act e ON e.battery = fu.battery AND e.stage = 'eol'
  LEFT JOIN tr et ON et.battery = fu.battery AND et.stage = 'eol'),
totals AS (
  SELECT *, raw + main + dist + eol AS total, (raw + main + dist + eol) / energy AS per_kwh FROM stages)
SELECT t.battery, t.raw, t.main, t.dist, t.eol, t.total, t.per_kwh,
       arg_min(c.class, c.rank) AS class
FROM totals t JOIN classes c ON c.category = t.category AND (c.up_to IS NULL OR t.per_kwh <= c.up_to)
GROUP BY ALL ORDER BY t.battery
"""

SCHEMA = {
    "fu": "battery INTEGER, energy DOUBLE, category VARCHAR",
    "bom": "battery INTEGER, line VARCHAR, mass DOUBLE, secondary DOUBLE, share DOUBLE, supplier DOUBLE",
    "outputs": "battery INTEGER, line VARCHAR, kg DOUBLE, own BOOLEAN, mass DOUBLE, price DOUBLE",
    "activity": "battery INTEGER, stage VARCHAR, amount DOUBLE, factor DOUBLE",
    "transport": "battery INTEGER, stage VARCHAR, mass DOUBLE, km DOUBLE, factor DOUBLE",
    "classes": "category VARCHAR, rank INTEGER, class VARCHAR, up_to DOUBLE",
}


def run_duckdb(rows: dict[str, list[tuple]], repeat: int) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, columns in SCHEMA.items():
            con.execute(f"CREATE TABLE {name} ({columns})")
            path = Path(tmp) / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                csv.writer(fh).writerows(rows[name])
            if rows[name]:
                con.execute(f"COPY {name} FROM '{path}' (FORMAT csv, HEADER false)")
    load_s = time.perf_counter() - start
    walls, cpus, answer = [], [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        answer = con.execute(QUERY).fetchall()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    con.close()
    return {"load_s": load_s, "wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "rows": answer}


def run(n: int, repeat: int) -> dict[str, Any]:
    start = time.perf_counter()
    batch = make_inputs(n)
    load_inputs_s = time.perf_counter() - start
    ours = [run_ours(batch) for _ in range(repeat)]
    wall = statistics.median(o[0] for o in ours)
    cpu = statistics.median(o[1] for o in ours)
    results = ours[-1][2]
    peer = run_duckdb(tables(batch), repeat)
    diffs = [abs(r.total_kg_co2e_per_kwh.value - row[6]) / row[6] for r, row in zip(results, peer["rows"])]
    classes_equal = all(r.performance_class == row[7] for r, row in zip(results, peer["rows"]))
    sample = results[: min(200, len(results))]
    ser = time.process_time()
    for r in sample:
        json.dumps(r.to_json())
    ser_ms = (time.process_time() - ser) / len(sample) * 1000
    return {
        "benchmark": "carbon", "batteries": n, "repeat": repeat,
        **environment("duckdb", "pydantic"), "load_average": os.getloadavg(),
        "load_inputs_s": round(load_inputs_s, 3),
        "ours": {"wall_ms_per_battery": round(wall / n * 1000, 4), "cpu_ms_per_battery": round(cpu / n * 1000, 4),
                 "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
                 "breakdown_nodes_per_battery": _nodes(results[0]),
                 "to_json_and_dumps_cpu_ms_per_battery": round(ser_ms, 3)},
        "duckdb": {"query_wall_ms_per_battery": round(peer["wall_s"] / n * 1000, 4),
                   "query_cpu_ms_per_battery": round(peer["cpu_s"] / n * 1000, 4),
                   "query_wall_s": round(peer["wall_s"], 3), "load_tables_s": round(peer["load_s"], 3)},
        "agreement": {"max_relative_difference": max(diffs), "classes_equal": classes_equal,
                      "batteries_compared": len(diffs)},
        "ratio_ours_to_duckdb_query": round(wall / peer["wall_s"], 2) if peer["wall_s"] else None,
        "target_ms_per_battery": 1.0,
        "meets_target_cpu": cpu / n * 1000 < 1.0,
    }


def _nodes(result: Any) -> int:
    def count(node: Any) -> int:
        return 1 + sum(count(c) for c in node.inputs)
    return sum(count(n) for n in (result.total_kg_co2e_per_kwh, result.primary_data_share, result.data_quality_rating))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batteries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.batteries, args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
