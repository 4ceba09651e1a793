"""The package's public door: a sorted `__all__`, and `import passport` stays light."""

from __future__ import annotations

import subprocess
import sys

import passport


def test_all_is_sorted_and_importable():
    assert list(passport.__all__) == sorted(passport.__all__)
    for name in passport.__all__:
        assert hasattr(passport, name), name


def test_import_passport_does_not_pull_in_web_or_cli_frameworks():
    code = "import sys, passport; print(','.join(m for m in ('fastapi','typer','uvicorn','sqlalchemy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
