"""`passport canonicalize`: RDFC-1.0 canonical N-Quads of a JSON-LD document or an N-Quads dataset."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from passport.cli.exit_codes import ExitCode, fail
from passport.errors import PassportError
from passport.jsonld import canonicalize as run


class InputFormat(str, Enum):
    jsonld = "jsonld"
    nquads = "nquads"


class HashAlgorithm(str, Enum):
    sha256 = "sha256"
    sha384 = "sha384"


def canonicalize(
    source: str = typer.Argument(..., metavar="IN", help="Input file, or - for standard input."),
    input_format: InputFormat = typer.Option(InputFormat.jsonld, "--format", "-f",
                                             help="jsonld (offline contexts only) or nquads (read as a dataset)."),
    hash_algorithm: HashAlgorithm = typer.Option(HashAlgorithm.sha256, "--hash",
                                                 help="Hash used by RDFC-1.0 (sha384 for ecdsa-rdfc-2019 P-384)."),
) -> None:
    """Print the canonical N-Quads (RDFC-1.0) of IN: what Data Integrity `-rdfc-` proofs hash."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error [INVALID_INPUT]: cannot read {source}: {getattr(exc, 'strerror', None) or exc}", err=True)
        raise typer.Exit(ExitCode.UNUSABLE_INPUT) from None
    try:
        nquads = run(text, input_format=input_format.value, hash_algorithm=hash_algorithm.value)
    except PassportError as exc:
        fail(exc)
    sys.stdout.write(nquads)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command()(canonicalize)
