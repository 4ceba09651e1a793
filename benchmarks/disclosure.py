"""Selective disclosure of the example EV passport: base proof, derivation and verification, ours vs Digital Bazaar.

    python -m benchmarks.disclosure [--repeat N] [--no-js]

Prints one JSON object: median milliseconds of each step for our implementation (`passport.disclosure`) and,
measured in the same run on the same credential, pointers and key, the reference implementation
(`@digitalbazaar/ecdsa-sd-2023-cryptosuite` in Node, in-process timings), with ratio = reference / ours
(above 1: we are faster). The reader's level is `legitimate_interest` (the largest selective disclosure
below authority); the mandatory statements are the public view and the identity (no status entry: vc.js would then
need a status checker, which is outside what is timed here).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from importlib.resources import files
from typing import Any

from benchmarks._versions import environment

LEVEL = "legitimate_interest"


def _median_ms(function: Callable[[], object], repeat: int) -> float:
    function()  # warm caches (contexts, term definitions) as a running server would have them
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 3)


def example_credential(issuer: str) -> dict[str, Any]:
    from passport.model import parse_passport, to_credential

    data = json.loads((files("passport.application.demo") / "passports" / "nmc811-ev-pack.json").read_text(encoding="utf-8"))
    data["id"] = "https://passports.example.com" + data["generalProductInformation"]["uniqueIdentifier"]
    credential = to_credential(parse_passport(data), issuer=issuer, id="urn:uuid:0b8f1c9e-5d4a-4f3b-9c2e-7a6d5e4f3b21",
                               valid_from=datetime(2025, 1, 1, tzinfo=timezone.utc))
    return credential


def run(repeat: int, with_js: bool) -> dict[str, Any]:
    from passport.disclosure.ecdsa_sd_2023 import verify_derived_proof
    from passport.disclosure.levels import (
        disclose,
        mandatory_pointers,
        selective_pointers,
        sign_passport,
    )
    from passport.jsonld import canonicalize
    from passport.keys import generate_key_pair

    key = generate_key_pair("P-256")
    credential = example_credential(key.controller)
    signed = sign_passport(credential, key)
    derived = disclose(signed, LEVEL)
    assert verify_derived_proof(derived, key.public_key_multibase).verified
    ours = {
        "base": _median_ms(lambda: sign_passport(credential, key), repeat),
        "derive": _median_ms(lambda: disclose(signed, LEVEL), repeat),
        "verify": _median_ms(lambda: verify_derived_proof(derived, key.public_key_multibase), repeat),
    }
    summary: dict[str, Any] = {
        "benchmark": "disclosure",
        "credential": {"quads": canonicalize(credential).count("\n"), "level": LEVEL,
                       "mandatory_pointers": len(mandatory_pointers(credential)),
                       "selective_pointers": len(selective_pointers(credential, LEVEL))},
        "repeat": repeat,
        "ours_ms": ours,
        **environment("cryptography", "cbor2", "pyld",
                      node_packages=("@digitalbazaar/ecdsa-sd-2023-cryptosuite", "@digitalbazaar/vc")),
    }
    if with_js:
        from benchmarks.js_peer import JsPeerUnavailable, js_timings

        keys = {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase()}
        try:
            js = js_timings(credential, keys, ["ecdsa-sd-2023"], repeat, warmup=3,
                            mandatory_pointers=mandatory_pointers(credential),
                            selective_pointers=selective_pointers(credential, LEVEL), now="2026-01-01T00:00:00Z")
        except JsPeerUnavailable as exc:
            summary["reference"] = {"skipped": str(exc)}
        else:
            steps = js["suites"]["ecdsa-sd-2023"]
            reference = {step: round(steps[step]["median"], 3) for step in ("base", "derive", "verify")}
            summary["reference"] = {"implementation": "@digitalbazaar/ecdsa-sd-2023-cryptosuite",
                                    "node": js.get("node"), "ms": reference}
            summary["ratio_reference_over_ours"] = {step: round(reference[step] / ours[step], 2) for step in ours}
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per step (median reported)")
    parser.add_argument("--no-js", action="store_true", help="skip the Node.js reference")
    options = parser.parse_args(argv)
    json.dump(run(options.repeat, not options.no_js), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
