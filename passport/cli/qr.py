"""`passport qr`: the QR code of a passport's resolvable URL, as SVG or PNG."""

from __future__ import annotations

from pathlib import Path

import typer

from passport import qr as qr_codes
from passport.cli import _context
from passport.identifiers import parse_identifier, parse_path
from passport.registry import list_passports
from passport.store.engine import session_scope


def qr(
    identifier: str = typer.Argument(..., help="Passport URL, path (/01/{GTIN}/21/{serial}, /id/{uuid}) or UUID."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file; .svg or .png picks the format."),
    scale: int = typer.Option(10, min=1, max=100, help="Pixels per module."),
) -> None:
    """Write the QR code that encodes the passport's URL (built on PASSPORT_BASE_URL)."""
    base_url = _context.settings().base_url
    url = parse_identifier(identifier, base_url).url(base_url)
    fmt = qr_codes.write(url, out, scale=scale)
    typer.echo(f"wrote {fmt.upper()} QR code for {url} to {out}")


def urls() -> None:
    """Print every stored passport's resolvable URL and the URLs of its QR code (SVG, PNG)."""
    base_url = _context.settings().base_url
    offset: int | None = 0
    with session_scope(_context.store()) as session:
        while offset is not None:
            page = list_passports(session, offset=offset, limit=200)
            for stored in page.items:
                url = parse_path(stored.identifier).url(base_url)
                typer.echo(f"{url}\n    QR: {url}/qr.svg  {url}/qr.png")
            offset = page.next_offset


def register(app: typer.Typer) -> None:
    app.command()(qr)
    app.command()(urls)
