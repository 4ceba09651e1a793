"""Sign and verify speed of our Data Integrity suites, against a pyld-only pipeline and Digital Bazaar's JS.

    python -m benchmarks.credentials [--materials N] [--repeat R] [--no-js]

Uses the battery-passport-like credential of `benchmarks.canonicalization` (a few hundred triples) and, per
suite (eddsa-rdfc-2022 with Ed25519, ecdsa-rdfc-2019 with P-256), prints a JSON summary of median times in
milliseconds:

- `ours.sign` / `ours.verify`: `passport.sign` / `passport.verify` end to end. Verify includes everything a
  verifier must do: did:key resolution, issuer binding, proof purpose, context allow-list, safe-mode JSON-LD
  (undefined terms), validity period, and the signature;
- `pyld.sign` / `pyld.verify`: the bare cryptographic pipeline on pyld alone (URDNA2015 of the proof
  configuration and of the document, SHA-256, the `cryptography` signature), with none of those checks;
- `js.sign` / `js.verify`: @digitalbazaar/vc with the reference cryptosuites under Node (`benchmarks.js_peer`),
  when Node and the pinned packages are installed;

and ratios (peer time / our time: above 1 means we are faster). `measure(credential, ...)` is reusable with
any unsigned credential.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from pyld import jsonld

from benchmarks._versions import environment
from benchmarks.canonicalization import (
    BENCH_CONTEXT_URL,
    _bench_context,
    battery_credential,
)
from passport.credentials import sign, verify
from passport.jsonld import DocumentLoader, to_rdf
from passport.keys import KeyPair, generate_key_pair, multibase, multikey

SUITES = {"eddsa-rdfc-2022": "Ed25519", "ecdsa-rdfc-2019": "P-256"}
CREATED = "2026-01-15T10:00:00Z"
NOW = "2026-06-01T00:00:00Z"


def _median_ms(function: Callable[[], object], repeat: int) -> float:
    function()  # warm caches, as a long-running verifier would be
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times) * 1000, 4)


def passport_credential(materials: int = 24) -> dict[str, Any]:
    """`benchmarks.canonicalization.battery_credential` without blank nodes that need N-degree hashing.

    There, materials share origin nodes ({country, supplier} repeats every 20) and the footprint stages are an
    `@list` of objects, whose list cells all look alike; such blank nodes have equal first-degree hashes, and
    Digital Bazaar's rdf-canonize refuses them by default ("Maximum deep iterations exceeded") where we
    canonicalize them. Each origin gets a name and the stages a literal form, so all three implementations
    can run on the same credential.
    """
    credential = battery_credential(materials)
    subject = credential["credentialSubject"]
    for i, material in enumerate(subject["materials"]):
        material["origin"]["label"] = f"Origin of material {i}"
    footprint = subject["carbonFootprint"]
    footprint["stages"] = [f"{stage['lifecycleStage']}: {stage['share']}" for stage in footprint["stages"]]
    return credential


def _pyld_canonical(document: dict[str, Any], loader: DocumentLoader) -> bytes:
    return jsonld.normalize(document, {"documentLoader": loader, "algorithm": "URDNA2015",
                                       "format": "application/n-quads"}).encode("utf-8")


def _pyld_hash_data(credential: dict[str, Any], proof: dict[str, Any], loader: DocumentLoader) -> bytes:
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    config = {**{k: v for k, v in proof.items() if k != "proofValue"}, "@context": credential["@context"]}
    return (hashlib.sha256(_pyld_canonical(config, loader)).digest()
            + hashlib.sha256(_pyld_canonical(unsecured, loader)).digest())


def pyld_sign(credential: dict[str, Any], key: KeyPair, suite: str, loader: DocumentLoader) -> dict[str, Any]:
    """The bare Data Integrity signing pipeline on pyld (no safe mode, no checks): the in-process peer."""
    proof = {"type": "DataIntegrityProof", "cryptosuite": suite, "created": CREATED,
             "verificationMethod": key.id, "proofPurpose": "assertionMethod"}
    proof["proofValue"] = multibase.encode(key.sign(_pyld_hash_data(credential, proof, loader)))
    return {**credential, "proof": proof}


def pyld_verify(secured: dict[str, Any], loader: DocumentLoader) -> bool:
    """The bare verification pipeline on pyld: re-hash and check the signature against the did:key."""
    proof = secured["proof"]
    public_key = proof["verificationMethod"].split("#", 1)[1]
    signature = multibase.decode(proof["proofValue"])
    return multikey.verify_signature(public_key, _pyld_hash_data(secured, proof, loader), signature)


def _ours(credential: dict[str, Any], suite: str, key: KeyPair, loader: DocumentLoader, repeat: int,
          now: Any) -> dict[str, float]:
    signed = sign(credential, key, suite=suite, created=CREATED, loader=loader)
    result = verify(signed, loader=loader, now=now)
    assert result.verified, result.summary()
    pyld_signed = pyld_sign(credential, key, suite, loader)
    if suite.startswith("eddsa"):  # Ed25519 is deterministic: both pipelines must produce the same proof
        assert pyld_signed == signed, "pyld pipeline and ours disagree"
    assert pyld_verify(signed, loader) and verify(pyld_signed, loader=loader, now=now).verified
    return {
        "ours.sign": _median_ms(lambda: sign(credential, key, suite=suite, created=CREATED, loader=loader), repeat),
        "ours.verify": _median_ms(lambda: verify(signed, loader=loader, now=now), repeat),
        "pyld.sign": _median_ms(lambda: pyld_sign(credential, key, suite, loader), repeat),
        "pyld.verify": _median_ms(lambda: pyld_verify(signed, loader), repeat),
    }


def _js(credential: dict[str, Any], keys: dict[str, KeyPair], repeat: int) -> dict[str, Any]:
    from benchmarks.js_peer import JsPeerFailed, JsPeerUnavailable, js_timings

    unsigned = {k: v for k, v in credential.items() if k != "issuer"}  # each suite signs as its own did:key
    material = {suite: {"publicKeyMultibase": key.public_key_multibase,
                        "secretKeyMultibase": key.secret_key_multibase()} for suite, key in keys.items()}
    try:
        timings = js_timings(unsigned, material, list(keys), repeat, extra_contexts={BENCH_CONTEXT_URL:
                                                                                     _bench_context()}, now=NOW)
    except (JsPeerUnavailable, JsPeerFailed) as exc:
        return {"unavailable": str(exc)}
    return timings


def measure(credential: dict[str, Any], *, loader: DocumentLoader, repeat: int = 100, with_js: bool = True
            ) -> dict[str, Any]:
    """Median timings of every suite on `credential` (unsigned; its issuer is replaced by each key's DID)."""
    from passport.credentials._time import parse_date_time_stamp

    now = parse_date_time_stamp(NOW)
    keys = {suite: generate_key_pair(algorithm) for suite, algorithm in SUITES.items()}
    suites: dict[str, Any] = {}
    for suite, key in keys.items():
        mine = {**copy.deepcopy(credential), "issuer": key.controller}
        suites[suite] = {"median_ms": _ours(mine, suite, key, loader, repeat, now)}
    js = _js(credential, keys, repeat) if with_js else {"unavailable": "--no-js"}
    for suite in keys:
        timings = suites[suite]["median_ms"]
        js_suite = js.get("suites", {}).get(suite)
        if js_suite:
            timings["js.sign"] = round(js_suite["sign"]["median"], 4)
            timings["js.verify"] = round(js_suite["verify"]["median"], 4)
        suites[suite]["ratios"] = {
            f"{peer}.{step} / ours.{step}": round(timings[f"{peer}.{step}"] / timings[f"ours.{step}"], 2)
            for peer in ("pyld", "js") for step in ("sign", "verify") if f"{peer}.{step}" in timings
        }
    peers = {"pyld": "3.3.0"}
    if "node" in js:
        peers.update({"node": js["node"], **js.get("packages", {})})
    else:
        peers["js"] = js.get("unavailable", "unavailable")
    return {"suites": suites, "peers": peers}


def run(materials: int, repeat: int, with_js: bool) -> dict[str, Any]:
    loader = DocumentLoader(extra={BENCH_CONTEXT_URL: _bench_context()})
    credential = passport_credential(materials)
    return {
        "benchmark": "credentials",
        "input": {"materials": materials, "quads": len(to_rdf(credential, loader=loader))},
        "repeat": repeat,
        **measure(credential, loader=loader, repeat=repeat, with_js=with_js),
        **environment("pyld", "cryptography", node_packages=(
            "@digitalbazaar/vc", "@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
            "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite", "@digitalbazaar/ecdsa-sd-2023-cryptosuite",
            "jsonld", "rdf-canonize")),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--materials", type=int, default=24, help="materials in the credential (~10 triples each)")
    parser.add_argument("--repeat", type=int, default=100, help="timed runs per measurement (median reported)")
    parser.add_argument("--no-js", action="store_true", help="skip the Node.js peer")
    args = parser.parse_args(argv)
    json.dump(run(args.materials, args.repeat, not args.no_js), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
