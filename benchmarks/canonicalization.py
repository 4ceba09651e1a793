"""Canonicalization speed: our JSON-LD -> RDF and RDFC-1.0 against pyld and pyoxigraph, in the same run.

    python -m benchmarks.canonicalization [--materials N] [--repeat R] [--no-node]

Builds one battery-passport-like credential (W3C credentials v2 plus a context of battery terms served by a
`DocumentLoader`, a few hundred triples with nested blank nodes, numbers and dates) and prints a JSON summary
of median times in milliseconds:

- `ours.to_rdf`, `ours.rdfc10` (the canonicalization step on quads), `ours.canonicalize` (both, end to end);
- `ours.to_rdf_pyld_path`: our to_rdf before the direct path (pyld's full algorithm in safe mode, with the
  loader's context cache), kept as the reference the direct path is tested against;
- `pyld.to_rdf`, `pyld.urdna2015` (its step on its own dataset), `pyld.normalize` (end to end, URDNA2015);
- `pyoxigraph.rdfc10` (its step: canonicalize a dataset built from parsed quads, serialize), when installed;
- `jsonld_js.canonize` (jsonld.js + rdf-canonize, safe mode, end to end) when Node.js and the interop packages
  (`make interop-deps`) are there: a separate process, timed the same way (CPU time, median), same input;

and ratios (peer time / our time: above 1 means we are faster). Outputs are checked to be identical first.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015

from benchmarks._versions import environment
from passport.jsonld import (
    DocumentLoader,
    canonicalize,
    canonicalize_quads,
    serialize_nquads,
    to_rdf,
)
from passport.jsonld.rdf import to_rdf_reference

BENCH_CONTEXT_URL = "https://w3id.org/battery-passport/bench/v1"
VOCAB = "https://w3id.org/battery-passport/vocab#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _bench_context() -> dict[str, Any]:
    """Battery terms, every one defined and protected (no @vocab), as a production context would be."""
    plain = ["batteryCategory", "chemistry", "manufacturer", "manufacturingPlace", "material", "materials",
             "massFraction", "casNumber", "hazardous", "recycledShare", "origin", "performance", "parameter",
             "unit", "carbonFootprint", "lifecycleStage", "share", "dueDiligence", "supplier",
             "riskLevel", "mitigation", "legalName", "country", "label", "value"]
    typed = {"manufacturingDate": f"{XSD}date", "ratedCapacity": f"{XSD}decimal", "totalFootprint": f"{XSD}decimal",
             "reportDate": f"{XSD}dateTime"}
    context: dict[str, Any] = {"@protected": True, "id": "@id", "type": "@type"}
    for name in ["BatteryPassport", "Battery", "Material", "Measurement", "CarbonFootprint", "Stage",
                 "DueDiligenceReport", "Organization"]:
        context[name] = f"{VOCAB}{name}"
    for name in plain:
        context[name] = {"@id": f"{VOCAB}{name}"}
    for name, datatype in typed.items():
        context[name] = {"@id": f"{VOCAB}{name}", "@type": datatype}
    context["stages"] = {"@id": f"{VOCAB}stages", "@container": "@list"}
    return {"@context": context}


def battery_credential(materials: int = 24) -> dict[str, Any]:
    """A passport-like credential; about 10 triples per material plus a fixed ~60."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", BENCH_CONTEXT_URL],
        "id": "urn:uuid:3f6a1c52-8e61-4bb0-9a4e-2f0d2c1b9a77",
        "type": ["VerifiableCredential", "BatteryPassport"],
        "issuer": {"id": "did:web:cells.example", "name": "Example Cells GmbH"},
        "validFrom": "2026-01-15T09:30:00Z",
        "credentialSubject": {
            "id": "https://id.example/01/04012345000010/21/SN-000123",
            "type": "Battery",
            "batteryCategory": "EV",
            "chemistry": "NMC811",
            "manufacturingDate": "2025-12-01",
            "ratedCapacity": 95.5,
            "manufacturer": {"type": "Organization", "legalName": "Example Cells GmbH", "country": "DE"},
            "manufacturingPlace": {"label": "Plant 2", "country": "DE"},
            "materials": [{
                "type": "Material",
                "material": f"material-{i:03d}",
                "casNumber": f"{7439 + i}-93-2",
                "massFraction": round(0.001 + i * 0.0137, 4),
                "recycledShare": (i * 7 % 100) / 100,
                "hazardous": i % 3 == 0,
                "origin": {"country": ["CD", "AU", "CL", "ID"][i % 4], "supplier": f"did:web:supplier{i % 5}.example"},
                "label": f"Component material {i}",
            } for i in range(materials)],
            "performance": [{"type": "Measurement", "parameter": name, "value": value, "unit": unit}
                            for name, value, unit in [("capacity", 95.5, "Ah"), ("power", 180.0, "kW"),
                                                      ("internalResistance", 0.088, "mOhm"),
                                                      ("roundTripEfficiency", 0.95, "1"), ("cycleLife", 3000, "1"),
                                                      ("voltageNominal", 3.65, "V")]],
            "carbonFootprint": {
                "type": "CarbonFootprint", "totalFootprint": 61.3, "unit": "kgCO2e/kWh",
                "stages": [{"type": "Stage", "lifecycleStage": stage, "share": share}
                           for stage, share in [("raw-materials", 0.62), ("production", 0.31),
                                                ("distribution", 0.04), ("end-of-life", 0.03)]],
            },
            "dueDiligence": {"type": "DueDiligenceReport", "reportDate": "2025-11-30T00:00:00Z",
                             "riskLevel": "medium", "mitigation": ["audit", "training", "grievance-mechanism"]},
        },
    }


Case = tuple[Callable[[Any], object], Callable[[], Any]]


def _measure(cases: dict[str, Case], repeat: int) -> dict[str, float]:
    """Median CPU time (process_time: the machine may be shared) of each case, in milliseconds.

    Cases run round-robin (one of each per round), so a change of load on the machine affects all of them
    alike and the ratios stay fair; each case's setup is untimed.
    """
    times: dict[str, list[float]] = {name: [] for name in cases}
    for name, (function, setup) in cases.items():
        function(setup())  # warm caches, as a long-running verifier would be
    for _ in range(repeat):
        for name, (function, setup) in cases.items():
            argument = setup()
            start = time.process_time()
            function(argument)
            times[name].append(time.process_time() - start)
    return {name: round(statistics.median(values) * 1000, 4) for name, values in times.items()}


def _none() -> None:
    return None


def run(materials: int, repeat: int, *, node: bool = True) -> dict[str, Any]:
    loader = DocumentLoader(extra={BENCH_CONTEXT_URL: _bench_context()})
    document = battery_credential(materials)
    quads = to_rdf(document, loader=loader)
    expected = canonicalize(document, loader=loader)
    pyld_options = {"documentLoader": loader}
    pyld_dataset = jsonld.to_rdf(document, pyld_options)
    pyld_nquads = jsonld.normalize(document, {**pyld_options, "algorithm": "URDNA2015",
                                              "format": "application/n-quads"})
    assert pyld_nquads == expected, "pyld and ours disagree on the canonical form"

    cases: dict[str, Case] = {
        "ours.to_rdf": (lambda _: to_rdf(document, loader=loader), _none),
        "ours.to_rdf_pyld_path": (lambda _: to_rdf_reference(document, loader=loader), _none),
        "ours.rdfc10": (lambda _: canonicalize_quads(quads), _none),
        "ours.canonicalize": (lambda _: canonicalize(document, loader=loader), _none),
        "pyld.to_rdf": (lambda _: jsonld.to_rdf(document, pyld_options), _none),
        "pyld.urdna2015": (lambda dataset: URDNA2015().main(dataset, {"format": "application/n-quads"}),
                           lambda: copy.deepcopy(pyld_dataset)),
        "pyld.normalize": (lambda _: jsonld.normalize(document, {**pyld_options, "algorithm": "URDNA2015",
                                                                 "format": "application/n-quads"}), _none),
    }
    peers = {"pyld": version("pyld")}
    try:
        import pyoxigraph
    except ImportError:
        pyoxigraph = None
    if pyoxigraph is not None:
        parsed = list(pyoxigraph.parse(serialize_nquads(quads), format=pyoxigraph.RdfFormat.N_QUADS))

        def oxigraph_rdfc10(dataset: Any) -> bytes:
            """Its step, generously timed: canonicalize and serialize in Rust, no sorting in Python."""
            dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
            return pyoxigraph.serialize(dataset, format=pyoxigraph.RdfFormat.N_QUADS)

        lines = oxigraph_rdfc10(pyoxigraph.Dataset(parsed)).decode("utf-8").splitlines(keepends=True)
        assert "".join(sorted(lines)) == expected, "pyoxigraph and ours disagree on the canonical form"
        cases["pyoxigraph.rdfc10"] = (oxigraph_rdfc10, lambda: pyoxigraph.Dataset(parsed))
        peers["pyoxigraph"] = pyoxigraph.__version__
    results = _measure(cases, repeat)

    ratios = {
        "ours.to_rdf_pyld_path / ours.to_rdf": results["ours.to_rdf_pyld_path"] / results["ours.to_rdf"],
        "pyld.to_rdf / ours.to_rdf": results["pyld.to_rdf"] / results["ours.to_rdf"],
        "pyld.urdna2015 / ours.rdfc10": results["pyld.urdna2015"] / results["ours.rdfc10"],
        "pyld.normalize / ours.canonicalize": results["pyld.normalize"] / results["ours.canonicalize"],
    }
    if "pyoxigraph.rdfc10" in results:
        ratios["pyoxigraph.rdfc10 / ours.rdfc10"] = results["pyoxigraph.rdfc10"] / results["ours.rdfc10"]
    js = run_jsonld_js(document, loader, repeat) if node else None
    if js is not None:
        assert js["nquads"] == expected, "jsonld.js and ours disagree on the canonical form"
        results["jsonld_js.canonize"] = round(js["median_ms"], 4)
        ratios["jsonld_js.canonize / ours.canonicalize"] = results["jsonld_js.canonize"] / results["ours.canonicalize"]
        peers["jsonld.js"] = js["version"]
    return {
        "benchmark": "canonicalization",
        "input": {"materials": materials, "quads": len(quads),
                  "blank_nodes": len({b for q in quads for b in q.blank_nodes()})},
        "repeat": repeat,
        "clock": "process_time (CPU time of this process, median)",
        "median_ms": results,
        "ratios": {k: round(v, 2) for k, v in ratios.items()},
        "peers": peers,
        **environment("pyld", "pyoxigraph", node_packages=("jsonld", "rdf-canonize")),
    }


NODE_SCRIPT = r"""
const jsonld = require('jsonld');
const {doc, contexts, repeat, workFactor} = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const documentLoader = async url => {
  if (!(url in contexts)) throw new Error('not offline: ' + url);
  return {contextUrl: null, documentUrl: url, document: contexts[url]};
};
const options = {algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true,
                 canonizeOptions: {maxWorkFactor: workFactor}};
(async () => {
  const nquads = await jsonld.canonize(doc, options);
  const times = [];
  for (let i = 0; i < repeat; i++) {
    const start = process.cpuUsage();
    await jsonld.canonize(doc, options);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({nquads, median_ms: times[times.length >> 1],
                                       version: require('jsonld/package.json').version}));
})().catch(error => { process.stderr.write(String(error)); process.exit(1); });
"""
NODE_MODULES = Path(__file__).resolve().parents[1] / "tests" / "interop" / "node_modules"


def run_jsonld_js(document: dict[str, Any], loader: DocumentLoader, repeat: int) -> dict[str, Any] | None:
    """jsonld.js canonize of the same credential in Node (None when Node or the packages are missing).

    rdf-canonize's default work limit (maxWorkFactor 1: as many Hash N-Degree Quads calls as there are
    blank nodes sharing a first-degree hash) refuses this credential, whose repeated `origin` objects are
    identical; 3 lets it through. Our default limit accepts it (see rdfc10.DEFAULT_MAX_WORK).
    """
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "jsonld").is_dir():
        return None
    payload = {"doc": document, "contexts": {url: loader.document(url) for url in loader.urls},
               "repeat": repeat, "workFactor": 3}
    completed = subprocess.run([node, "-e", NODE_SCRIPT], input=json.dumps(payload), capture_output=True,
                               text=True, env={**os.environ, "NODE_PATH": str(NODE_MODULES)}, timeout=600,
                               check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"jsonld.js failed: {completed.stderr.strip()[:500]}")
    return json.loads(completed.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--materials", type=int, default=24, help="materials in the credential (~10 triples each)")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per measurement (median reported)")
    parser.add_argument("--no-node", action="store_true", help="skip the jsonld.js peer even if Node is there")
    args = parser.parse_args(argv)
    json.dump(run(args.materials, args.repeat, node=not args.no_node), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
