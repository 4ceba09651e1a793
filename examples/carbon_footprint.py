"""Both carbon examples end to end, through the public library: `python examples/carbon_footprint.py [--json]`.

The custody example is loaded into a temporary SQLite store through the real intake (fresh keys), the supplier
claims are signed with those parties' keys, and each footprint is computed with the links custody proves and
printed with its breakdown (or as `{name: {carbonFootprint, result}}` with --json).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from passport.application.demo.carbon.load import EXAMPLES, example_input
from indices.carbon import footprint, load_links, parse_input, render, to_passport


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", dest="as_json")
    parser.add_argument("--depth", type=int, default=3)
    args = parser.parse_args(argv)
    from passport.application.demo.custody.load import load_example
    from passport.store.engine import create_store_engine
    from passport.store.migrate import upgrade

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_store_engine(f"sqlite:///{Path(tmp) / 'carbon-example.db'}")
        upgrade(engine)
        keys = load_example(engine).keys
        for name in EXAMPLES:
            inp = parse_input(example_input(name, keys))
            links = None
            if inp.battery.custody_lot:
                with engine.connect() as conn:
                    links = load_links(conn, inp.battery.custody_lot,
                                       {line.traced_material for line in inp.bill_of_materials if line.traced_material})
            result = footprint(inp, links=links)
            out[name] = {"carbonFootprint": to_passport(result, inp.declaration).model_dump(mode="json"),
                         "result": result.to_json()}
            if not args.as_json:
                print(f"== {name}: {result.total_kg_co2e_per_kwh.value:.5f} kg CO2e/kWh, class "
                      f"{result.performance_class}, supplier footprints accepted "
                      f"{[a.line for a in result.supplier_footprints]}, rejected "
                      f"{[r.code for r in result.rejected_supplier_footprints]}")
                print("\n".join(render(result.total_kg_co2e_per_kwh, indent="  ", max_depth=args.depth)))
        engine.dispose()
    if args.as_json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
