"""QR-scan latency and throughput: the passport URL (page and JSON) against a minimal endpoint on the same server.

    python -m benchmarks.qr_scan [--requests N] [--concurrency C] [--timeout S] [--full]

What runs:
1. a temporary SQLite store with the example passports issued (`passport/application/demo/passports/*.json`);
2. the server (`uvicorn`, one worker, access log off) in a subprocess on 127.0.0.1, built by `bench_app()`,
   which is `api.app.create_app()` plus one route, `/__peer/{html|json}`, only in this benchmark: it returns
   from memory the very bytes the passport URL returns (checked before measuring), with no store, no
   negotiation, no template — the floor a FastAPI route costs on this machine;
3. from this process, C concurrent keep-alive HTTP/1.1 clients (asyncio + raw sockets, so the client is as light
   as possible on the shared cores) send N requests per target after a warm-up, bounded by a deadline.

Prints a JSON summary: per target the throughput (requests/s) and p50/p99/max latency (ms), and per
representation the ratio ours/peer of throughput. The issue's target: p99 under 20 ms at 50 clients and at
least half the throughput of the minimal endpoint.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
ACCEPT = {"html": "text/html,application/xhtml+xml,*/*;q=0.8", "json": "application/ld+json"}


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
    identifier = parse_path(os.environ["BENCH_PASSPORT_PATH"])
    with Session(app.state.engine) as session:
        view = resolve_view(session, identifier.path, "public")
    bodies = {"json": (view.credential.encode("utf-8"), "application/ld+json"),
              "html": (_render_page(view, identifier.url(settings.base_url), "en")[0], "text/html; charset=utf-8")}

    @app.get("/__peer/{kind}", include_in_schema=False)
    async def peer(kind: str) -> Response:
        body, media_type = bodies[kind]
        return Response(body, media_type=media_type)

    return app


def _prepare_store(data_dir: Path, base_url: str) -> str:
    """Migrate a fresh store, issue the examples; the path of the first passport."""
    from passport.application.demo.issue_passports import issue_example_passports
    from passport.settings import load_settings
    from passport.store.engine import create_store_engine
    from passport.store.migrate import upgrade

    settings = load_settings(data_dir=data_dir, base_url=base_url, log_format="console", log_level="WARNING")
    engine = create_store_engine(settings.effective_database_url)
    upgrade(engine)
    urls = issue_example_passports(engine, settings)
    engine.dispose()
    return urls[-1][len(base_url):]


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


async def load(port: int, path: str, accept: str, *, requests: int, concurrency: int, deadline: float
               ) -> dict[str, Any]:
    """Send `requests` GETs over `concurrency` keep-alive connections; latency per request in ms."""
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept: {accept}\r\n\r\n".encode()
    latencies: list[float] = []
    errors = 0
    remaining = requests
    stop_at = time.monotonic() + deadline

    async def client() -> None:
        nonlocal remaining, errors
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while remaining > 0 and time.monotonic() < stop_at:
                remaining -= 1
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
    for _ in range(300):
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("server exited: " + (server.stderr.read().decode() if server.stderr else ""))
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("server did not start")


async def _measure(port: int, path: str, args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for kind, accept in ACCEPT.items():
        ours_status, ours = await fetch_once(port, path, accept)
        peer_status, peer = await fetch_once(port, f"/__peer/{kind}", accept)
        if (ours_status, peer_status) != (200, 200) or ours != peer:
            raise RuntimeError(f"the peer does not return the same {kind} bytes as the passport URL")
        for name, target in (("ours", path), ("peer", f"/__peer/{kind}")):
            await load(port, target, accept, requests=args.warmup, concurrency=args.concurrency,
                       deadline=args.timeout)
        # Interleave rounds so drift on the shared machine hits both targets alike.
        rounds: dict[str, list[dict[str, Any]]] = {"ours": [], "peer": []}
        for _ in range(args.rounds):
            for name, target in (("ours", path), ("peer", f"/__peer/{kind}")):
                rounds[name].append(await load(port, target, accept, requests=args.requests // args.rounds,
                                               concurrency=args.concurrency, deadline=args.timeout))
        for name, runs in rounds.items():
            best = max(runs, key=lambda r: r["throughput_rps"])
            results[f"{kind}.{name}"] = {**best, "bytes": len(ours), "rounds": len(runs),
                                         "throughput_rps_all_rounds": [r["throughput_rps"] for r in runs]}
        results[f"{kind}.ratio_throughput_ours_over_peer"] = round(
            results[f"{kind}.ours"]["throughput_rps"] / results[f"{kind}.peer"]["throughput_rps"], 3)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
        path = _prepare_store(data_dir, base_url)
        env = {**os.environ, "PASSPORT_DATA_DIR": str(data_dir), "PASSPORT_BASE_URL": base_url,
               "PASSPORT_DATABASE_URL": "", "PASSPORT_LOG_LEVEL": "WARNING", "PASSPORT_LOG_FORMAT": "console",
               "PASSPORT_RATE_LIMITS_ENABLED": "false",  # the load is one address: measure serving, not 429s
               "BENCH_PASSPORT_PATH": path}
        server = _start_server(port, env)
        try:
            results = asyncio.run(_measure(port, path, args))
        finally:
            server.terminate()
            server.wait(timeout=10)
    summary = {
        "benchmark": "qr_scan",
        "url": base_url + path,
        "concurrency": args.concurrency,
        "requests_per_target": args.requests,
        "server": "uvicorn, 1 worker, SQLite store",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "targets": {k: v for k, v in results.items() if not k.endswith("_peer")},
        "ratio": {kind: results[f"{kind}.ratio_throughput_ours_over_peer"] for kind in ACCEPT},
        "p99_under_20ms": {kind: results[f"{kind}.ours"]["p99_ms"] < 20 for kind in ACCEPT},
    }
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
