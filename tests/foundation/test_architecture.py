"""The architecture holds: the import-linter contracts in pyproject.toml, migrations that carry their own SQL,
and function-local imports only where a one-line reason says why."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("passport", "indices", "api", "schemas")
MIGRATIONS = ROOT / "passport" / "store" / "migrations" / "versions"
#: What a migration may import: the standard library, SQLAlchemy and Alembic; never live domain code.
MIGRATION_IMPORTS = frozenset(sys.stdlib_module_names) | {"__future__", "alembic", "sqlalchemy"}


def _product_files() -> list[Path]:
    return sorted(p for root in PRODUCT for p in (ROOT / root).rglob("*.py")
                  if MIGRATIONS not in p.parents)


def _function_local_imports(path: Path) -> list[tuple[int, str]]:
    """(line, source line) of every import statement inside a function body of `path`."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    found.append((inner.lineno, lines[inner.lineno - 1]))
    return sorted(set(found))


def test_the_import_contracts_hold():
    """In a fresh interpreter: import-linter reconfigures logging in the process that runs it."""
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:]


def test_the_contracts_name_every_package_of_the_product():
    """A new package below `passport` must be placed in a layer, or the layers contract cannot judge it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    tiers = next(c for c in config["contracts"] if c["id"] == "tiers")
    layered = {m.strip() for layer in tiers["layers"] for m in layer.replace(":", "|").split("|")}
    packages = {f"passport.{p.stem}" for p in (ROOT / "passport").iterdir()
                if (p / "__init__.py").is_file() or (p.suffix == ".py" and not p.name.startswith("_"))}
    assert packages - layered == set()


def test_function_local_imports_say_why():
    """Each import inside a function carries a one-line reason on its own line (`# lazy: ...`): only optional or
    heavy dependencies that most callers never need are imported late; everything else sits at the top."""
    without_reason = [f"{path.relative_to(ROOT)}:{line}: {text.strip()}"
                      for path in _product_files() for line, text in _function_local_imports(path)
                      if "# lazy: " not in text]
    assert without_reason == []


def test_function_local_imports_are_few():
    """The count is pinned: a new late import is a decision to make in review, not by accident."""
    count = sum(len(_function_local_imports(path)) for path in _product_files())
    assert count == 11, count


def test_the_scan_sees_function_local_imports(tmp_path):
    """The walk finds an import nested in a method and a closure (so an empty result means something)."""
    path = tmp_path / "m.py"
    path.write_text("class C:\n    def f(self):\n        def g():\n            import json  # lazy: test\n"
                    "        from os import path\n")
    assert [line for line, _ in _function_local_imports(path)] == [4, 5]


@pytest.mark.parametrize("path", sorted(MIGRATIONS.glob("*.py")), ids=lambda p: p.name)
def test_migrations_carry_their_own_sql(path):
    """A revision imports no live domain code: what it writes is frozen in the revision itself."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported - MIGRATION_IMPORTS == set()


def test_at_least_the_known_migrations_are_checked():
    assert len(list(MIGRATIONS.glob("*.py"))) >= 8


def test_the_readme_draws_the_layers_as_enforced():
    """README's "Layers, as enforced" block lists the tiers contract's layers, row for row, in order."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "tiers")["layers"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Layers, as enforced", 1)[1].split("```", 2)[1]
    rows = []
    for line in block.strip("\n").splitlines():
        cells = re.sub(r"^ ?(interfaces|application|indices|domains|foundations)?\s+", "", line)
        rows.append(re.split(r"\s{3,}", cells.strip())[0])
    drawn = [row for row in rows if row]
    assert drawn == layers
