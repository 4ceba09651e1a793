"""Issuance throughput: passports per second (and per CPU-second, i.e. per core) through the one issuance path,
against Digital Bazaar's ecdsa-sd-2023 sign + derive of the same document in Node, measured in the same run.

    python -m benchmarks.issuance [--passports N] [--backend sqlite|postgresql] [--repeat R] [--no-js]

Ours (`passport.application.issuance.issue_passports`, the path of `POST /api/v1/passports` and `passport issue
--publish`): validation, the ecdsa-sd-2023 base proof, the derived views of the reader levels, status-list
allocation, storage and the audit entry, for N copies of the example EV passport (each its own serial number):
- `single`: one call per passport (one transaction each); `batch`: all N in one call (`/batch`);
  passports/s by wall clock, and per CPU-second of this process (`per_core`: the store's own CPU on PostgreSQL is
  not counted, so read it with the wall figure).
The peer (`benchmarks.js_peer`, `@digitalbazaar/ecdsa-sd-2023-cryptosuite`): median base proof + 3 x median
derive of the example credential (the same document `benchmarks.disclosure` times), no storage; passports/s of one
Node thread. `ratio_ours_per_core_over_peer` above 1: ours issues faster per core, storage included.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._store import open_store
from benchmarks._versions import environment

BASE_URL = "https://passports.example.eu"
VIEWS = 3


def _drafts(data: dict[str, Any], tag: str, n: int) -> list[Any]:
    from passport.application.issuance import Draft

    prefix = data["generalProductInformation"]["uniqueIdentifier"].rsplit("/", 1)[0]
    drafts = []
    for i in range(n):
        copied = copy.deepcopy(data)
        copied["generalProductInformation"]["uniqueIdentifier"] = f"{prefix}/IB-{tag[0].upper()}-{i:06d}"
        drafts.append(Draft(copied))
    return drafts


def _rate(n: int, wall: float, cpu: float) -> dict[str, Any]:
    return {"passports": n, "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
            "passports_per_s": round(n / wall, 2), "passports_per_cpu_s": round(n / cpu, 2)}


def bench_ours(backend: str, workdir: str, passports: int) -> dict[str, Any]:
    from passport.application.demo.issue_passports import demo_issuer, example_passports
    from passport.application.issuance import issue_passports
    from passport.registry.issue import prepare
    from passport.settings import load_settings

    engine, close = open_store(backend, workdir, "issuance.db")
    try:
        settings = load_settings(data_dir=Path(workdir), base_url=BASE_URL, log_format="console",
                                 log_level="WARNING", database_url=engine.url.render_as_string(hide_password=False))
        _name, data = example_passports()[-1]
        _identifier, model = prepare(data, BASE_URL)
        slug, key = demo_issuer(engine, settings, model.general_product_information.operator.legal_name,
                                _identifier.gtin)
        issue = dict(organisation=slug, base_url=BASE_URL, actor="benchmarks.issuance", settings=settings,
                     signer=key)
        issue_passports(engine, _drafts(data, "warm", 1), **issue)   # contexts and caches, as a running server
        single = _drafts(data, "single", passports)
        wall, cpu = time.perf_counter(), time.process_time()
        for draft in single:
            issue_passports(engine, [draft], **issue)
        result = {"single": _rate(passports, time.perf_counter() - wall, time.process_time() - cpu)}
        batch = _drafts(data, "batch", passports)
        wall, cpu = time.perf_counter(), time.process_time()
        issue_passports(engine, batch, batch=True, **issue)
        result["batch"] = _rate(passports, time.perf_counter() - wall, time.process_time() - cpu)
        return result
    finally:
        close()


def bench_peer(repeat: int) -> dict[str, Any]:
    from benchmarks.disclosure import LEVEL, example_credential
    from benchmarks.js_peer import JsPeerUnavailable, js_timings
    from passport.disclosure.levels import mandatory_pointers, selective_pointers
    from passport.keys import generate_key_pair

    key = generate_key_pair("P-256")
    credential = example_credential(key.controller)
    keys = {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}
    try:
        js = js_timings(credential, keys, ["ecdsa-sd-2023"], repeat, warmup=3,
                        mandatory_pointers=mandatory_pointers(credential),
                        selective_pointers=selective_pointers(credential, LEVEL), now="2026-01-01T00:00:00Z")
    except JsPeerUnavailable as exc:
        return {"skipped": str(exc)}
    steps = js["suites"]["ecdsa-sd-2023"]
    base, derive = steps["base"]["median"], steps["derive"]["median"]
    per_passport = base + VIEWS * derive
    return {"implementation": "@digitalbazaar/ecdsa-sd-2023-cryptosuite", "node": js.get("node"),
            "base_ms": round(base, 3), "derive_ms": round(derive, 3), "views": VIEWS,
            "passports_per_s": round(1000 / per_passport, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passports", type=int, default=10)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs per peer step (median)")
    parser.add_argument("--no-js", action="store_true", help="skip the Node.js peer")
    args = parser.parse_args(argv)
    summary: dict[str, Any] = {"benchmark": "issuance", "backend": args.backend,
                               **environment("cryptography", "cbor2", "sqlalchemy",
                                             node_packages=("@digitalbazaar/ecdsa-sd-2023-cryptosuite",))}
    with tempfile.TemporaryDirectory() as workdir:
        summary["ours"] = bench_ours(args.backend, workdir, args.passports)
    if not args.no_js:
        peer = summary["peer"] = bench_peer(args.repeat)
        if "passports_per_s" in peer:
            summary["ratio_ours_per_core_over_peer"] = {
                mode: round(summary["ours"][mode]["passports_per_cpu_s"] / peer["passports_per_s"], 2)
                for mode in ("single", "batch")}
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
