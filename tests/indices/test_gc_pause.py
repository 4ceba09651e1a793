"""The garbage-collector pause is process-wide, so only explicit batch APIs take it."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import indices.store as store

ROOT = Path(__file__).resolve().parents[2]


def test_only_batch_functions_pause_the_collector():
    """Every `paused_gc()` in the product sits in a function whose name says it runs a batch."""
    callers = []
    for path in sorted([*ROOT.glob("passport/**/*.py"), *ROOT.glob("indices/**/*.py"), *ROOT.glob("api/**/*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "paused_gc":
                        callers.append((path.relative_to(ROOT).as_posix(), fn.name))
    assert sorted(callers) == [("indices/carbon/compute.py", "compute_batch"), ("indices/store.py", "compute_batch")]


def test_compute_batch_pauses_and_restores_the_collector(monkeypatch):
    seen = []
    monkeypatch.setattr(store, "compute", lambda engine, battery, **options: seen.append(gc.isenabled()) or battery)
    assert gc.isenabled()
    assert store.compute_batch(None, ["a", "b"]) == ["a", "b"]
    assert seen == [False, False]
    assert gc.isenabled()


def test_one_computation_leaves_the_collector_alone(monkeypatch):
    """`compute` itself takes no pause (it runs inside API requests and issuance)."""
    source = ast.parse(Path(store.__file__).read_text(encoding="utf-8"))
    compute = next(n for n in source.body if isinstance(n, ast.FunctionDef) and n.name == "compute")
    assert not any(isinstance(n, ast.Name) and n.id == "paused_gc" for n in ast.walk(compute))
