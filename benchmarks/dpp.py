"""EN 18222 reads and the EN 18221 back-up, each beside a peer measured in the same run.

    python -m benchmarks.dpp [--passports P] [--reads N]

What runs: a temporary SQLite store with P passports issued through CreateDPP (each signed for real; not timed),
served in-process (FastAPI TestClient, rate limits off). Then:
1. reads: N requests each of ReadDPPById (JSON, public), ReadDataElement and ReadDPPByIdAndDate, against the
   peer: the passport URL's credential for the same passports (`Accept: application/ld+json`), the bytes the
   DPP read is built from. Reported: p50/p99 latency (ms) of each and the ratio to the peer's p50;
2. back-up: `push` of the whole store to a second instance served by uvicorn on loopback (first push, then the
   idempotent second one) and `verify`, against the peer: exporting the same records locally without HTTP.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._versions import environment


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 3)


def _time(call: Any, n: int) -> list[float]:
    out = []
    for i in range(n):
        start = time.perf_counter()
        response = call(i)
        out.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"benchmark request failed: {response.status_code} {response.text[:200]}")
    return out


def run(passports: int, reads: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from api.app import create_app
    from passport.archive import BackupClient, push, verify_backup
    from passport.archive.export import audit_records, dpp_records, status_list_records, version_records
    from passport.auth import Role, create_token, token_hash_key
    from passport.keys import generate_key_pair
    from passport.keys.keystore import create_issuer_key
    from passport.lifecycle import signer_for_issuer
    from passport.organisations import get_organisation
    from passport.organisations.prefixes import GS1, bind_prefixes
    from passport.registry.issue import SUITE
    from passport.settings import load_settings
    from passport.store.engine import create_store_engine, session_scope
    from passport.store.migrate import upgrade
    from tests.dpp.servers import serve  # uvicorn on a free loopback port in a thread

    spec = "https://w3id.org/battery-passport/schema/v1/battery-passport.schema.json"
    example = json.loads((Path(__file__).resolve().parents[1] / "passport" / "application" / "demo" / "passports"
                          / "lfp-industrial-storage.json").read_text())
    tmp = Path(tempfile.mkdtemp(prefix="bench-dpp-"))

    def instance(name: str) -> tuple[Any, Any]:
        settings = load_settings(data_dir=tmp / name, base_url="http://testserver", log_format="console",
                                 log_level="WARNING", database_url=f"sqlite:///{tmp / (name + '.db')}",
                                 rate_limits_enabled=False)
        engine = create_store_engine(settings.effective_database_url)
        upgrade(engine)
        return settings, engine

    settings, engine = instance("primary")
    key = generate_key_pair("P-256")
    with session_scope(engine) as s:
        maker = create_token(s, organisation="Bench Maker", role=Role.MANUFACTURER, expires_in_days=1,
                             key=token_hash_key(settings)).token
        org = get_organisation(s, "bench-maker")
        org.did = key.controller
        bind_prefixes(s, org, GS1, ["4012345"])
        org_id = org.id
    create_issuer_key(engine, org_id, suite=SUITE, key=key, settings=settings)
    with TestClient(create_app(settings)) as client:
        ids, paths = [], []
        for i in range(passports):
            data = copy.deepcopy(example)
            data["generalProductInformation"]["uniqueIdentifier"] = path = f"/01/04012345000016/21/B-{i}"
            data["generalProductInformation"]["serialNumber"] = f"B-{i}"
            r = client.post("/dpp/v1/dpps", json={spec: data}, headers={"Authorization": f"Bearer {maker}"})
            if r.status_code != 201:
                raise RuntimeError(r.text[:300])
            ids.append(r.json()["digitalProductPassportId"])
            paths.append(path)
        peer = _time(lambda i: client.get(paths[i % passports], headers={"Accept": "application/ld+json"}), reads)
        by_id = _time(lambda i: client.get(f"/dpp/v1/dpps/{ids[i % passports]}"), reads)
        element = _time(lambda i: client.get(f"/dpp/v1/dpps/{ids[i % passports]}/elements/"
                                             "generalProductInformation/batteryModel"), reads)
        by_date = _time(lambda i: client.get(f"/dpp/v1/dppsByIdAndDate/{ids[i % passports]}?date=2099-01-01"),
                        reads)
    reads_out = {"peer_passport_url_ld": {"p50_ms": _p(peer, 0.5), "p99_ms": _p(peer, 0.99)}}
    for name, samples in (("ReadDPPById", by_id), ("ReadDataElement", element), ("ReadDPPByIdAndDate", by_date)):
        reads_out[name] = {"p50_ms": _p(samples, 0.5), "p99_ms": _p(samples, 0.99),
                           "ratio_p50_to_peer": round(statistics.median(samples) / statistics.median(peer), 2)}

    backup_settings, backup_engine = instance("backup")
    with session_scope(backup_engine) as s:
        operator = create_token(s, organisation="Bench Operator", role=Role.OPERATOR, expires_in_days=1,
                                key=token_hash_key(backup_settings)).token
    start = time.perf_counter()
    with Session(engine) as s:  # the peer: the same records, exported locally
        exported = (sum(1 for _ in version_records(s)), len(status_list_records(s)), len(dpp_records(s)),
                    len(audit_records(s, limit=10**9)))
    export_s = time.perf_counter() - start
    with serve(create_app(backup_settings)) as backup:
        remote = BackupClient(backup.url, operator)
        start = time.perf_counter()
        first = push(engine, remote, settings.base_url, signer_for_issuer(engine, settings))
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        again = push(engine, remote, settings.base_url)
        again_s = time.perf_counter() - start
        start = time.perf_counter()
        _, differences = verify_backup(engine, remote, settings.base_url)
        verify_s = time.perf_counter() - start
    return {"passports": passports, "reads": reads, "reads_ms": reads_out,
            "backup": {"push_s": round(first_s, 3), "sent": first.sent, "push_again_s": round(again_s, 3),
                       "sent_again": again.sent, "verify_s": round(verify_s, 3), "differences": len(differences),
                       "peer_local_export_s": round(export_s, 3), "exported": exported,
                       "ratio_push_to_peer": round(first_s / export_s, 1) if export_s else None},
            **environment("fastapi", "sqlalchemy", "uvicorn")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passports", type=int, default=10, help="passports issued (each signed; ~0.5 s each)")
    parser.add_argument("--reads", type=int, default=200, help="requests per read operation")
    args = parser.parse_args()
    print(json.dumps(run(args.passports, args.reads), indent=2))


if __name__ == "__main__":
    main()
