"""QR-scan latency and throughput: the passport URL (page and JSON) against a minimal endpoint on the same server.

    python -m benchmarks.qr_scan [--passports P] [--requests N] [--concurrency C] [--timeout S] [--full]

What runs:
1. a temporary SQLite store with the example passports issued (`passport/application/demo/passports/*.json`)
   and enough copies of the LFP example, each with its own serial number and signed for real, to hold P
   distinct passports (default 1,000; issuing costs about 0.3 s each, not timed);
2. the server (`uvicorn`, one worker, access log off) in a subprocess on 127.0.0.1, built by `bench_app()`,
   which is `api.app.create_app()` plus one route, `/__peer/{html|json}/{n}`, only in this benchmark: it
   returns from memory the very bytes passport n's URL returns (checked on a sample before measuring), with no
   store, no negotiation, no template — the floor a FastAPI route costs on this machine;
3. from this process, C concurrent keep-alive HTTP/1.1 clients (asyncio + raw sockets, so the client is as light
   as possible on the shared cores) send N requests per target after a warm-up, bounded by a deadline, in
   three request mixes, the same sequence for ours and the peer:
   - `hot`: one passport URL over and over (every cache warm),
   - `uniform`: passports drawn uniformly from all P (mostly cold: the cache-miss path),
   - `zipf`: passports drawn by a Zipf law over P (rank k with weight 1/k^s, s = 1), as popular products are.

Prints a JSON summary: per mix and representation the throughput (requests/s) and p50/p99/max latency (ms)
of ours and the peer, their throughput ratio, and the distinct passports each mix requested. The issue's target:
p99 under 20 ms at 50 clients and at least half the throughput of the minimal endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._versions import environment

HOST = "127.0.0.1"
ACCEPT = {"html": "text/html,application/xhtml+xml,*/*;q=0.8", "json": "application/ld+json"}
MIXES = ("hot", "uniform", "zipf")
ZIPF_S = 1.0


def bench_app():  # type: ignore[no-untyped-def]
    """The product app plus the in-memory peer route (uvicorn factory; used only by this benchmark)."""
    from fastapi import Response
    from sqlmodel import Session

    from api.app import create_app
    from api.routers.resolve import _render_page
    from passport.identifiers import parse_path
    from passport.registry import resolve_view

    app = create_app()
    settings = app.state.settings
    bodies: dict[str, list[bytes]] = {"json": [], "html": []}
    with Session(app.state.engine) as session:
        for path in json.loads(Path(os.environ["BENCH_PASSPORT_PATHS"]).read_text(encoding="utf-8")):
            identifier = parse_path(path)
            view = resolve_view(session, identifier.path, "public")
            bodies["json"].append(view.credential.encode("utf-8"))
            bodies["html"].append(_render_page(view, identifier.url(settings.base_url), "en")[0])
    media_types = {"json": "application/ld+json", "html": "text/html; charset=utf-8"}

    @app.get("/__peer/{kind}/{n}", include_in_schema=False)
    async def peer(kind: str, n: int) -> Response:
        return Response(bodies[kind][n], media_type=media_types[kind])

    return app


def _prepare_store(data_dir: Path, base_url: str, passports: int) -> list[str]:
    """Migrate a fresh store, issue the examples and copies of the last one up to `passports` distinct
    passports (each its own serial number, issued through the one issuance path by the example's operator);
    their paths, examples first."""
    from passport.application.demo.issue_passports import demo_issuer, example_passports, issue_example_passports
    from passport.application.issuance import Draft, issue_passports
    from passport.registry.issue import prepare
    from passport.settings import load_settings
    from passport.store.engine import create_store_engine
    from passport.store.migrate import upgrade

    settings = load_settings(data_dir=data_dir, base_url=base_url, log_format="console", log_level="WARNING")
    engine = create_store_engine(settings.effective_database_url)
    upgrade(engine)
    paths = [url[len(base_url):] for url in issue_example_passports(engine, settings)]
    _name, data = example_passports()[-1]
    identifier, model = prepare(data, base_url)
    slug, key = demo_issuer(engine, settings, model.general_product_information.operator.legal_name,
                            identifier.gtin)
    prefix = data["generalProductInformation"]["uniqueIdentifier"].rsplit("/", 1)[0]
    copies = [f"{prefix}/QR-BENCH-{n:06d}" for n in range(passports - len(paths))]
    for start in range(0, len(copies), 100):
        drafts = []
        for path in copies[start:start + 100]:
            copied = copy.deepcopy(data)
            copied["generalProductInformation"]["uniqueIdentifier"] = path
            drafts.append(Draft(copied))
        issue_passports(engine, drafts, organisation=slug, base_url=base_url, actor="benchmarks.qr_scan",
                        settings=settings, signer=key)
    engine.dispose()
    return paths + copies


def request_mix(mix: str, passports: int, count: int, seed: int = 2026) -> list[int]:
    """Which passport each of `count` requests asks for (indexes into the issued paths), reproducibly."""
    rng = random.Random(f"{seed}:{mix}")
    if mix == "hot":
        return [passports - 1] * count
    if mix == "uniform":
        return [rng.randrange(passports) for _ in range(count)]
    ranks = list(range(passports))
    rng.shuffle(ranks)                                   # which passport is the most popular: arbitrary
    weights = list(itertools.accumulate(1 / (k + 1) ** ZIPF_S for k in range(passports)))
    return [ranks[i] for i in rng.choices(range(passports), cum_weights=weights, k=count)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    body = await reader.readexactly(length) if length else b""
    return status, body


async def fetch_once(port: int, path: str, accept: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    result = await _read_response(reader)
    writer.close()
    return result


async def load(port: int, paths: list[str], accept: str, *, requests: int, concurrency: int, deadline: float
               ) -> dict[str, Any]:
    """Send `requests` GETs over `concurrency` keep-alive connections, request i to `paths[i % len(paths)]`;
    latency per request in ms."""
    encoded = [f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: {accept}\r\n\r\n".encode() for path in paths]
    latencies: list[float] = []
    errors = 0
    remaining = requests
    sent = 0
    stop_at = time.monotonic() + deadline

    async def client() -> None:
        nonlocal remaining, errors, sent
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while remaining > 0 and time.monotonic() < stop_at:
                remaining -= 1
                request = encoded[sent % len(encoded)]
                sent += 1
                start = time.perf_counter()
                writer.write(request)
                await writer.drain()
                status, _ = await _read_response(reader)
                latencies.append((time.perf_counter() - start) * 1000)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)

    return {"requests": len(latencies), "errors": errors, "seconds": round(elapsed, 3),
            "throughput_rps": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
            "max_ms": round(ordered[-1], 2), "mean_ms": round(statistics.fmean(ordered), 2)}


def _start_server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "benchmarks.qr_scan:bench_app", "--factory", "--host", HOST,
               "--port", str(port), "--no-access-log", "--log-level", "warning"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(1200):                     # the factory renders every passport's peer bodies first
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("server exited: " + (server.stderr.read().decode() if server.stderr else ""))
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("server did not start")


async def _same_bytes(port: int, paths: list[str], kind: str, accept: str, sample: list[int]) -> None:
    for n in sample:
        ours_status, ours = await fetch_once(port, paths[n], accept)
        peer_status, peer = await fetch_once(port, f"/__peer/{kind}/{n}", accept)
        if (ours_status, peer_status) != (200, 200) or ours != peer:
            raise RuntimeError(f"the peer does not return the same {kind} bytes as {paths[n]}")


async def _measure(port: int, paths: list[str], args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    per_round = args.requests // args.rounds
    sample = sorted(set(random.Random(7).sample(range(len(paths)), min(20, len(paths)))) | {len(paths) - 1})
    for kind, accept in ACCEPT.items():
        await _same_bytes(port, paths, kind, accept, sample)
        for mix in MIXES:
            chosen = request_mix(mix, len(paths), per_round * args.rounds + args.warmup)
            targets = {"ours": [paths[n] for n in chosen], "peer": [f"/__peer/{kind}/{n}" for n in chosen]}
            for target in targets.values():                  # the warm-up takes the first requests of the mix
                await load(port, target[:args.warmup], accept, requests=args.warmup,
                           concurrency=args.concurrency, deadline=args.timeout)
            # Interleave rounds so drift on the shared machine hits both targets alike.
            rounds: dict[str, list[dict[str, Any]]] = {"ours": [], "peer": []}
            for r in range(args.rounds):
                part = slice(args.warmup + r * per_round, args.warmup + (r + 1) * per_round)
                for name, target in targets.items():
                    rounds[name].append(await load(port, target[part], accept, requests=per_round,
                                                   concurrency=args.concurrency, deadline=args.timeout))
            entry: dict[str, Any] = {"distinct_passports": len(set(chosen[args.warmup:]))}
            for name, runs in rounds.items():
                best = max(runs, key=lambda run: run["throughput_rps"])
                entry[name] = {**best, "rounds": len(runs),
                               "throughput_rps_all_rounds": [run["throughput_rps"] for run in runs]}
            entry["ratio_throughput_ours_over_peer"] = round(
                entry["ours"]["throughput_rps"] / entry["peer"]["throughput_rps"], 3)
            results[f"{mix}.{kind}"] = entry
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passports", type=int, default=1000, help="distinct passports in the store (>= 1,000 "
                        "for a published figure; fewer only to check the benchmark runs)")
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per target (all rounds)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per target; the best is reported")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=60.0, help="deadline in seconds per load run")
    parser.add_argument("--full", action="store_true", help="30,000 measured requests per target")
    args = parser.parse_args(argv)
    if args.full:
        args.requests = 30_000
    port = _free_port()
    base_url = f"http://{HOST}:{port}"
    with tempfile.TemporaryDirectory(prefix="qr-scan-") as workdir:
        data_dir = Path(workdir) / "data"
        started = time.perf_counter()
        paths = _prepare_store(data_dir, base_url, args.passports)
        setup_s = time.perf_counter() - started
        paths_file = Path(workdir) / "paths.json"
        paths_file.write_text(json.dumps(paths), encoding="utf-8")
        env = {**os.environ, "PASSPORT_DATA_DIR": str(data_dir), "PASSPORT_BASE_URL": base_url,
               "PASSPORT_DATABASE_URL": "", "PASSPORT_LOG_LEVEL": "WARNING", "PASSPORT_LOG_FORMAT": "console",
               "PASSPORT_RATE_LIMITS_ENABLED": "false",  # the load is one address: measure serving, not 429s
               "BENCH_PASSPORT_PATHS": str(paths_file)}
        server = _start_server(port, env)
        try:
            results = asyncio.run(_measure(port, paths, args))
        finally:
            server.terminate()
            server.wait(timeout=10)
    summary = {
        "benchmark": "qr_scan",
        **environment("fastapi", "starlette", "uvicorn", "sqlalchemy", "jinja2"),
        "passports": len(paths),
        "hot_url": base_url + paths[-1],
        "zipf_s": ZIPF_S,
        "concurrency": args.concurrency,
        "requests_per_target": args.requests,
        "setup_s": round(setup_s, 1),
        "server": "uvicorn, 1 worker, SQLite store",
        "mixes": results,
        "ratio": {key: entry["ratio_throughput_ours_over_peer"] for key, entry in results.items()},
        "p99_under_20ms": {key: entry["ours"]["p99_ms"] < 20 for key, entry in results.items()},
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
