"""Bulk custody intake against its floor: events per second through `passport.custody.bulk.submit_many` (every
signature verified in worker processes, every custody rule and integrity finding, authority checks, set-based
writes, one transaction) and a PostgreSQL `COPY` of exactly the rows it wrote, with no rules (the floor).

    python -m benchmarks.custody_bulk [--credentials C] [--per-credential E] [--workers W] [--backend B]
    python -m benchmarks.custody_bulk --full        # 40 credentials x 500 events = 20,000 events

The batch: M mines, each signing credentials of E events (Ed25519, eddsa-rdfc-2022): first commissioning events
(one tagged 50 kg bag each), then credentials shipping those bags to a buyer, all in one submission. Measured:
- `bulk`: `submit_many` wall time (parse, parallel verification, rules, writes, commit) -> events/s; inside it
  `verify_s` (the parallel verification alone, timed again separately on the same documents);
- `floor` (the peer, same run): the rows `bulk` left in every custody table (credentials, events, event-lot
  links, lots, ledger, origins) copied with `COPY ... FROM STDIN` into a fresh schema and committed -> events/s;
- `ratio_to_floor`: bulk events/s / floor events/s (1.0 would be as fast as writing the rows with no checks).
`bulk` runs twice on fresh stores: `bulk_workers_1` verifies in the calling process, `bulk_workers_W` in W spawned
processes (each pays ~1 s of interpreter start and imports, so processes pay off only for large batches).
Target (issue 19): bulk >= 1,000 events/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
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
MINES = 4
#: The custody tables bulk intake writes, with their columns (the floor copies these rows).
TABLES = {
    "custody_credential": "seq, credential_id, digest_sri, issuer, received_at, raw",
    "custody_event": "seq, event_id, credential_seq, type, event_time, party, document",
    "custody_event_lot": "event_seq, lot_id, role",
    "custody_lot": "id, product, mass_mg, remaining_mg, unit_mg, custodian, site_id, origin_site, tag_id, status, "
                   "kind, created_at, created_by",
    "custody_ledger": "lot_id, material, mass_mg, monitored_mg, model",
    "custody_origin": "lot_id, material, site_id, share",
}


def build_batch(engine: Engine, credentials: int, per_credential: int) -> tuple[list[Any], int]:
    """Register the parties, sites and tags; sign `credentials` credentials of `per_credential` events."""
    import passport
    from passport.custody.bulk import Submission
    from passport.custody.compose import commission, content, ship
    from passport.custody.credential import event_credential
    from passport.custody.repository import allocate_tags, register_party, register_site
    from passport.keys import generate_key_pair

    keys = {m: generate_key_pair("Ed25519") for m in range(MINES)}
    buyer = generate_key_pair("Ed25519")
    per_mine = max(1, credentials // (2 * MINES))        # commissioning credentials per mine (as many shipping)
    bags = per_mine * per_credential
    with engine.begin() as conn:
        register_party(conn, "urn:bench:party:buyer", name="buyer", did=buyer.controller)
        for m in range(MINES):
            register_party(conn, f"urn:bench:party:{m}", name=f"coop {m}", did=keys[m].controller)
            register_site(conn, f"urn:bench:site:{m}", party=f"urn:bench:party:{m}", country="CD", origin=True,
                          programme="bench")
            allocate_tags(conn, f"urn:bench:site:{m}", [f"urn:bench:tag:{m}:{i}" for i in range(bags)])
    batch: list[Any] = []
    for phase in ("commission", "ship"):
        for m in range(MINES):
            for c in range(per_mine):
                events = []
                for i in range(c * per_credential, (c + 1) * per_credential):
                    t = f"urn:bench:tag:{m}:{i}"
                    if phase == "commission":
                        events.append(commission(f"urn:bench:ev:{m}:c:{i}", T0 + timedelta(minutes=i),
                                                 f"urn:bench:site:{m}", [(t, 50.0, content(t, {"Co": 0.1}))]))
                    else:
                        events.append(ship(f"urn:bench:ev:{m}:s:{i}", T0 + timedelta(days=30, minutes=i),
                                           [(t, 50.0)], source=f"urn:bench:party:{m}",
                                           destination="urn:bench:party:buyer", transaction=f"urn:bench:desadv:{i}"))
                signed = passport.sign(event_credential(events, issuer=keys[m].controller), keys[m])
                batch.append(Submission(f"{phase}-{m}-{c}.json", json.dumps(signed).encode()))
    return batch, 2 * MINES * bags


def bench_bulk(engine: Engine, batch: list[Any], events: int, workers: int) -> dict[str, Any]:
    import passport.custody.bulk as bulk
    from passport.custody.bulk import submit_many, verify_all

    documents = [json.loads(s.raw) for s in batch]
    floor, bulk.MIN_CREDENTIALS_PER_WORKER = bulk.MIN_CREDENTIALS_PER_WORKER, 1   # processes as asked, any size
    try:
        start = time.perf_counter()
        verify_all(documents, _verifier(), workers)
        verify_s = time.perf_counter() - start
        start = time.perf_counter()
        receipts = submit_many(engine, batch, workers=workers)
        elapsed = time.perf_counter() - start
    finally:
        bulk.MIN_CREDENTIALS_PER_WORKER = floor
    assert sum(len(r.event_ids) for r in receipts) == events
    return {"credentials": len(batch), "events": events, "workers": workers, "seconds": round(elapsed, 3),
            "verify_s": round(verify_s, 3), "events_per_s": round(events / elapsed, 1)}


def _verifier() -> Any:
    from passport.custody.intake import _default_verifier

    return _default_verifier


def bench_floor(source: Engine, target: Engine, events: int) -> dict[str, Any]:
    """COPY the rows `source` holds into `target` (PostgreSQL) with no rules; events/s of the whole copy."""
    rows = {}
    with source.connect() as conn:
        for table, cols in TABLES.items():
            rows[table] = [tuple(r) for r in conn.execute(text(f"SELECT {cols} FROM {table}"))]
    raw = target.raw_connection()
    try:
        start = time.perf_counter()
        cur = raw.cursor()
        for table, cols in TABLES.items():
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows[table]:
                    copy.write_row(row)
        raw.commit()
        elapsed = time.perf_counter() - start
    finally:
        raw.close()
    return {"rows": {t: len(r) for t, r in rows.items()}, "seconds": round(elapsed, 3),
            "events_per_s": round(events / elapsed, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--credentials", type=int, default=8, help="credentials in the batch (rounded to 2x4)")
    parser.add_argument("--per-credential", type=int, default=50, help="events per credential (50-500)")
    parser.add_argument("--workers", type=int, default=2, help="signature-verification processes")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--full", action="store_true", help="40 credentials x 500 events")
    args = parser.parse_args(argv)
    if args.full:
        args.credentials, args.per_credential = 40, 500
    summary: dict[str, Any] = {"benchmark": "custody_bulk", "backend": args.backend,
                               "environment": environment("sqlalchemy", "psycopg", "cryptography")}
    with tempfile.TemporaryDirectory() as workdir:
        for workers in sorted({1, args.workers}):   # in-process, and spread over worker processes
            engine, close = open_store(args.backend, workdir, f"bulk-{workers}.db")
            try:
                batch, events = build_batch(engine, args.credentials, args.per_credential)
                run = summary[f"bulk_workers_{workers}"] = bench_bulk(engine, batch, events, workers)
                if args.backend == "postgresql" and "floor" not in summary:
                    floor_engine, close_floor = open_store("postgresql", workdir)
                    try:
                        summary["floor"] = bench_floor(engine, floor_engine, events)
                    finally:
                        close_floor()
                if "floor" in summary:
                    run["ratio_to_floor"] = round(run["events_per_s"] / summary["floor"]["events_per_s"], 4)
            finally:
                close()
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
