"""Run every benchmark at its default size and print one JSON object {name: summary}."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Peers and helpers that are not benchmarks of their own.
SKIP = {"__init__", "__main__", "js_peer", "_store", "_versions"}


def main() -> int:
    results: dict[str, object] = {}
    failed = False
    for path in sorted(HERE.glob("*.py")):
        if path.stem in SKIP:
            continue
        print(f"running benchmarks.{path.stem} ...", file=sys.stderr)
        done = subprocess.run([sys.executable, "-m", f"benchmarks.{path.stem}"], cwd=HERE.parent,
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            failed = True
            results[path.stem] = {"error": done.stderr.strip()[-1500:]}
            continue
        try:
            results[path.stem] = json.loads(done.stdout)
        except ValueError:
            results[path.stem] = {"output": done.stdout.strip()[-1500:]}
    json.dump(results, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
