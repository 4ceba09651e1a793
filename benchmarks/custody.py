"""Chain of custody at scale: intake rate (with and without signature verification) and trace latency from a
battery to all its origins, on PostgreSQL and SQLite, against a naive Python BFS measured in the same run.

    python -m benchmarks.custody [--lots N] [--events M] [--traces T] [--intake I] [--backend sqlite|postgresql|both]
    python -m benchmarks.custody --full        # 100,000 lots and 1,000,000 events

1. `intake`: I single-event contributions (commissioning of tagged bags, then their shipping) through the real
   intake: `submit` (JSON parsing, `passport.verify` of an eddsa-rdfc-2022 proof, authority, rules, locked
   writes) and `record` (the same without signature verification); events per second each.
2. `trace`: a synthetic chain of N lots (80 % tagged bags from 500 mines, containers of 40 bags, refinery,
   precursor, cathode and cell lots with partial reuse, packs) and M events, bulk-written in the shapes intake
   writes (lots, ledger, lineage, events, event-lot links). The site-level origin closure (`custody_origin`) is
   then built by the product, `passport.custody.closure.rebuild_origin_closure`, and that build is timed
   (`closure_build_s`). Then, for T random packs, each timed on all T:
   - `closure`: `trace_origins` (one indexed lookup in `custody_origin`),
   - `cte`: `trace_origins_cte` (recursive CTE over `custody_lineage`),
   - `bfs` (the peer): a Python breadth-first walk issuing one parent query per lot, multiplying shares.
   p50/p95 in ms; `ratio_bfs_to_closure` and `ratio_bfs_to_cte` (above 1: ours is faster), and
   `ratio_bfs_to_closure_with_build`: the peer's total over the T traces against the closure's total plus its
   build (what the closure costs when it answers only these T traces); EXPLAIN plans.
Target: p95 trace under 50 ms on PostgreSQL at 100,000 lots / 1,000,000 events.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from benchmarks._store import open_store
from benchmarks._versions import environment

T0 = datetime(2026, 1, 5, 8, tzinfo=timezone.utc)


def _engine(backend: str, workdir: str) -> tuple[Engine, Any]:
    return open_store(backend, workdir, "custody-bench.db")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 3)


# --- 1. intake ----------------------------------------------------------------------------------------------

def bench_intake(engine: Engine, count: int, batches: tuple[int, ...] = (1, 50)) -> dict[str, Any]:
    """Events per second through `submit` (verification) and `record` (none), one event per credential and
    `batches[1]` events per credential (a field app syncing a day of bags)."""
    import passport
    from passport.custody.compose import commission, content, ship
    from passport.custody.credential import event_credential
    from passport.custody.intake import record, submit
    from passport.custody.repository import allocate_tags, register_party, register_site
    from passport.keys import generate_key_pair

    mines = 10
    keys = {m: generate_key_pair("Ed25519") for m in range(mines)}
    buyer = generate_key_pair("Ed25519")
    runs = [(mode, batch) for batch in batches for mode in ("submit", "record")]
    with engine.begin() as conn:
        register_party(conn, "urn:bench:party:buyer", name="buyer", did=buyer.controller)
        for m in range(mines):
            register_party(conn, f"urn:bench:party:{m}", name=f"coop {m}", did=keys[m].controller)
            register_site(conn, f"urn:bench:site:{m}", party=f"urn:bench:party:{m}", country="CD", origin=True,
                          programme="bench")
            allocate_tags(conn, f"urn:bench:site:{m}", [f"urn:bench:tag:{mode}{batch}:{m}:{i}"
                                                          for mode, batch in runs for i in range(count)])
    results: dict[str, Any] = {}
    for mode, batch in runs:
        run = f"{mode}{batch}"
        half = count // 2
        bags = [(i % mines, f"urn:bench:tag:{run}:{i % mines}:{i}") for i in range(half)]
        events = [(m, commission(f"urn:bench:ev:{run}:c:{i}", T0 + timedelta(minutes=i), f"urn:bench:site:{m}",
                                 [(t, 50.0, content(t, {"Co": 0.1}))])) for i, (m, t) in enumerate(bags)]
        events += [(m, ship(f"urn:bench:ev:{run}:s:{i}", T0 + timedelta(days=30, minutes=i), [(t, 50.0)],
                            source=f"urn:bench:party:{m}", destination="urn:bench:party:buyer",
                            transaction=f"urn:bench:desadv:{i}")) for i, (m, t) in enumerate(bags)]
        groups: dict[int, list[Any]] = {}
        for m, e in events:   # one mine's events, in order, `batch` per credential
            groups.setdefault(m, []).append(e)
        credentials = []
        for m, evs in sorted(groups.items()):
            for i in range(0, len(evs), batch):
                chunk = evs[i:i + batch]
                raw = json.dumps(passport.sign(event_credential(chunk, issuer=keys[m].controller), keys[m])).encode()
                credentials.append((keys[m], raw, chunk))
        credentials.sort(key=lambda c: c[2][0].event_time)
        start = time.perf_counter()
        for key, raw, chunk in credentials:
            if mode == "submit":
                submit(engine, raw)
            else:
                record(engine, raw, json.loads(raw), chunk, issuer=key.controller)
        elapsed = time.perf_counter() - start
        results[f"{'with' if mode == 'submit' else 'without'}_verification_{batch}_per_credential"] = {
            "events": len(events), "credentials": len(credentials), "seconds": round(elapsed, 2),
            "events_per_s": round(len(events) / elapsed, 1)}
    return results


# --- 2. a large synthetic chain, bulk-written -----------------------------------------------------------------

def generate_chain(lots: int, events: int, seed: int = 7) -> dict[str, list[tuple]]:
    """Rows of every custody table for a chain of `lots` lots and `events` events (deterministic)."""
    rng = random.Random(seed)
    sites = [f"urn:bench:mine:{s}" for s in range(500)]
    n_bags = int(lots * 0.8)
    n_containers = max(1, n_bags // 40)
    n_mid = max(1, int(lots * 0.01))                # refinery, precursor, cathode and cell lots: each
    n_packs = max(1, lots - n_bags - n_containers - 4 * n_mid)
    rows: dict[str, list[tuple]] = {k: [] for k in ("lot", "ledger", "lineage", "event", "event_lot")}
    ev = 0

    def lot(lot_id: str, kind: str, mass_kg: float, origin_site: str | None = None) -> None:
        nonlocal ev
        rows["lot"].append((lot_id, "bench", int(mass_kg * 1e6), int(mass_kg * 1e6), None, "urn:bench:party:x",
                            None, origin_site, None, "active", kind, T0, f"urn:bench:e:{ev}"))
        co = int(mass_kg * 1e6 * 0.1)
        rows["ledger"].append((lot_id, "Co", co, co // 5, "mass_balance"))
        rows["event"].append((ev, f"urn:bench:e:{ev}", None, "ObjectEvent", T0, None, "{}"))
        rows["event_lot"].append((ev, lot_id, "created"))
        ev += 1

    def derive(lot_id: str, parents: list[str], kind: str, mass_kg: float) -> None:
        lot(lot_id, kind, mass_kg)
        rows["lineage"].extend((lot_id, "Co", p, 1.0 / len(parents)) for p in parents)

    bags = []
    for b in range(n_bags):
        site = sites[(b // 40 + rng.randrange(5)) % len(sites)]   # a container's bags come from a few mines
        bag = f"urn:bench:bag:{b}"
        lot(bag, "origin", 50.0, site)
        bags.append(bag)
    containers = []
    for c in range(n_containers):
        derive(f"urn:bench:container:{c}", bags[c * 40:(c + 1) * 40] or [bags[-1]], "lot", 2000.0)
        containers.append(f"urn:bench:container:{c}")
    level = containers
    for name in ("refinery", "precursor", "cathode", "cells"):
        fan = 5 if name == "refinery" else 2
        nxt = []
        for i in range(n_mid):
            parents = sorted({level[rng.randrange(len(level))] for _ in range(fan)})
            derive(f"urn:bench:{name}:{i}", parents, "lot", 10000.0)
            nxt.append(f"urn:bench:{name}:{i}")
        level = nxt
    packs = []
    for p in range(n_packs):
        pack = f"urn:bench:pack:{p}"
        derive(pack, [level[rng.randrange(len(level))]], "composite", 450.0)
        packs.append(pack)
    while ev < events:                     # observations and shipments: the bulk of real event volume
        target = rows["lot"][rng.randrange(len(rows["lot"]))][0]
        rows["event"].append((ev, f"urn:bench:e:{ev}", None, "TransactionEvent", T0, None, "{}"))
        rows["event_lot"].append((ev, target, "observed"))
        ev += 1
    rows["packs"] = [(p,) for p in packs]
    return rows


COLUMNS = {
    "lot": ("custody_lot", "id, product, mass_mg, remaining_mg, unit_mg, custodian, site_id, origin_site, tag_id, "
                           "status, kind, created_at, created_by"),
    "ledger": ("custody_ledger", "lot_id, material, mass_mg, monitored_mg, model"),
    "lineage": ("custody_lineage", "child_lot, material, parent_lot, share"),
    "event": ("custody_event", "seq, event_id, credential_seq, type, event_time, party, document"),
    "event_lot": ("custody_event_lot", "event_seq, lot_id, role"),
}


def bulk_write(engine: Engine, rows: dict[str, list[tuple]]) -> float:
    start = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for key, (table, cols) in COLUMNS.items():
            if engine.dialect.name == "postgresql":
                with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows[key]:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in cols.split(","))
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                [tuple(v.isoformat(" ") if isinstance(v, datetime) else v for v in r)
                                 for r in rows[key]])
        raw.commit()
        if engine.dialect.name == "postgresql":
            cur.execute("ANALYZE")
            raw.commit()
        else:
            cur.execute("ANALYZE")
            raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - start


def bfs_trace(conn: Any, lot_id: str, material: str) -> dict[str, float]:
    """The peer: walk parents one query per lot, multiplying shares (what a naive implementation does)."""
    shares: dict[str, float] = {}
    frontier = [(lot_id, 1.0)]
    while frontier:
        nxt = []
        for lot, share in frontier:
            origin = conn.execute(text("SELECT origin_site FROM custody_lot WHERE id = :l"), {"l": lot}).scalar()
            if origin is not None:
                shares[origin] = shares.get(origin, 0.0) + share
                continue
            for parent, s in conn.execute(text("SELECT parent_lot, share FROM custody_lineage WHERE child_lot = :l "
                                               "AND material = :m"), {"l": lot, "m": material}):
                nxt.append((parent, share * s))
        frontier = nxt
    return shares


def explain(conn: Any, dialect: str, lot_id: str) -> dict[str, str]:
    from passport.custody.trace import _CLOSURE, _CTE_UP

    closure = str(_CLOSURE)
    prefix = "EXPLAIN " if dialect == "postgresql" else "EXPLAIN QUERY PLAN "
    out = {}
    for name, sql in (("closure", closure), ("cte", str(_CTE_UP))):
        rows = conn.execute(text(prefix + sql), {"lot": lot_id, "material": "Co"}).all()
        out[name] = "\n".join(str(r[0]) if dialect == "postgresql" else str(r[-1]) for r in rows)
    return out


def bench_trace(engine: Engine, lots: int, events: int, traces: int) -> dict[str, Any]:
    from passport.custody.closure import rebuild_origin_closure
    from passport.custody.trace import trace_origins, trace_origins_cte

    rows = generate_chain(lots, events)
    written = bulk_write(engine, rows)
    start = time.perf_counter()
    with engine.begin() as conn:
        origin_rows = rebuild_origin_closure(conn)
    build_s = time.perf_counter() - start
    rng = random.Random(11)
    packs = [r[0] for r in rows["packs"]]
    sample = [packs[rng.randrange(len(packs))] for _ in range(traces)]
    timings: dict[str, list[float]] = {"closure": [], "cte": [], "bfs": []}
    origins_per_trace = []
    with engine.connect() as conn:
        for lot in sample[:5]:   # warm caches
            trace_origins(conn, lot, "Co")
            trace_origins_cte(conn, lot, "Co")
        for lot in sample:
            t = time.perf_counter()
            closure = trace_origins(conn, lot, "Co")
            timings["closure"].append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            cte = trace_origins_cte(conn, lot, "Co")
            timings["cte"].append((time.perf_counter() - t) * 1000)
            assert {o.site for o in closure.origins} == {o.site for o in cte.origins}, lot
            t = time.perf_counter()
            peer = bfs_trace(conn, lot, "Co")
            timings["bfs"].append((time.perf_counter() - t) * 1000)
            assert set(peer) == {o.site for o in closure.origins}, lot
            origins_per_trace.append(len(closure.origins))
        plans = explain(conn, engine.dialect.name, sample[0])
    stats = {k: {"p50_ms": _pct(v, 0.5), "p95_ms": _pct(v, 0.95)} for k, v in timings.items()}
    return {
        "lots": len(rows["lot"]), "events": len(rows["event"]), "lineage_rows": len(rows["lineage"]),
        "origin_rows": origin_rows, "bulk_write_s": round(written, 1), "closure_build_s": round(build_s, 3),
        "traces": traces, "origins_per_trace_median": statistics.median(origins_per_trace),
        "peer_traces": len(timings["bfs"]),
        **stats,
        "ratio_bfs_to_closure": round(statistics.median(timings["bfs"]) / statistics.median(timings["closure"]), 1),
        "ratio_bfs_to_closure_with_build": round(sum(timings["bfs"]) / (sum(timings["closure"]) + build_s * 1000), 2),
        "ratio_bfs_to_cte": round(statistics.median(timings["bfs"]) / statistics.median(timings["cte"]), 1),
        "explain": plans,
        "uses_index": {k: any(w in v for w in ("Index", "USING INDEX", "USING PRIMARY KEY", "USING COVERING INDEX"))
                       for k, v in plans.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lots", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--traces", type=int, default=200)
    parser.add_argument("--intake", type=int, default=400, help="events per intake mode")
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--full", action="store_true", help="100,000 lots and 1,000,000 events")
    args = parser.parse_args(argv)
    if args.full:
        args.lots, args.events = 100_000, 1_000_000
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    summary: dict[str, Any] = {"benchmark": "custody", **environment("sqlalchemy", "psycopg", "cryptography"),
                               "machine": f"{platform.machine()} x{os.cpu_count()}", "target_p95_ms": 50}
    for backend in backends:
        summary[backend] = {}
        for part, run in (("intake", lambda e: bench_intake(e, args.intake)),
                          ("trace", lambda e: bench_trace(e, args.lots, args.events, args.traces))):
            with tempfile.TemporaryDirectory() as workdir:
                engine, drop = _engine(backend, workdir)
                try:
                    summary[backend][part] = run(engine)
                finally:
                    drop()
    if "postgresql" in summary:
        summary["meets_target"] = summary["postgresql"]["trace"]["closure"]["p95_ms"] < 50
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
