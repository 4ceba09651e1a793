"""What a benchmark measured: the versions of the libraries it timed and the commit, read when it runs.

Every benchmark puts `environment(...)` into its JSON summary, so a published ratio names the code on both
sides of it without a hand-written version string that could go stale.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "tests" / "interop" / "node_modules"


def _distribution(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _node_package(name: str) -> str | None:
    """The installed version of a package of the JS peer (its package.json under tests/interop/node_modules)."""
    try:
        return json.loads((NODE_MODULES / name / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None


def _node() -> str | None:
    try:
        return subprocess.run(["node", "--version"], capture_output=True, text=True, check=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def _commit() -> str | None:
    """The checked-out commit, with `+dirty` when the work tree differs from it (None outside a git checkout)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}+dirty" if dirty else head


def environment(*distributions: str, node_packages: tuple[str, ...] = ()) -> dict[str, Any]:
    """The run's machine, commit and the versions of `distributions` (Python) and `node_packages` (the JS peer)."""
    versions: dict[str, str | None] = {"python": platform.python_version(),
                                       "battery-passport": _distribution("battery-passport")}
    versions |= {name: _distribution(name) for name in distributions}
    if node_packages:
        versions["node"] = _node()
        versions |= {name: _node_package(name) for name in node_packages}
    return {"commit": _commit(), "cpus": os.cpu_count(), "versions": versions}
