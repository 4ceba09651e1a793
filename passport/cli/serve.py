"""`passport serve`: the HTTP API."""

from __future__ import annotations

import typer

from passport.cli import _context
from passport.store.migrate import require_current


def serve(
    host: str | None = typer.Option(None, help="Interface to bind (default: PASSPORT_HOST)."),
    port: int | None = typer.Option(None, help="Port to listen on (default: PASSPORT_PORT)."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
) -> None:
    """Serve the API and the web pages."""
    import uvicorn  # lazy: the ASGI server (and its event loop) only for `passport serve`

    s = _context.settings()
    require_current(_context.store())
    bind_host, bind_port = host or s.host, port or s.port
    typer.echo(f"serving on http://{bind_host}:{bind_port}/  (public base URL {s.base_url})", err=True)
    uvicorn.run("api.app:create_app", factory=True, host=bind_host, port=bind_port, workers=workers,
                log_config=None, access_log=False)


def register(app: typer.Typer) -> None:
    app.command()(serve)
