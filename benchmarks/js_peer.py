"""The JavaScript peer of the benchmarks: Digital Bazaar's reference implementations timed in Node, in-process.

    from benchmarks.js_peer import js_timings, js_unavailable
    timings = js_timings(credential, key_material, ["eddsa-rdfc-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023"], n=50)
    timings["suites"]["eddsa-rdfc-2022"]["verify"]["median"]     # milliseconds

    python -m benchmarks.js_peer [CREDENTIAL.json] [--n N]     # JSON timings for a credential (default: a small one)

Runs `tests/interop/js/bench.mjs` (packages pinned by `tests/interop/package-lock.json`; `make interop-deps`
installs them) once per call: each suite signs the credential (ecdsa-sd-2023: base proof, then derive) and
verifies the result `n` times after a warm-up, timing only the library call, and fails if a verification
does not succeed. The Node side loads JSON-LD contexts only from `schemas/contexts/index.json` plus
`extra_contexts`, and resolves did:key offline: it never touches the network.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
INTEROP_DIR = REPO / "tests" / "interop"
BENCH_SCRIPT = INTEROP_DIR / "js" / "bench.mjs"
SHIPPED_MANIFEST = REPO / "schemas" / "contexts" / "index.json"
SUITES = ("eddsa-rdfc-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023")
TIMEOUT_S = 900


class JsPeerUnavailable(RuntimeError):
    """Node.js or the reference packages are not installed here (see `js_unavailable()` for why)."""


class JsPeerFailed(RuntimeError):
    """The Node benchmark ran but failed (a signature did not verify, a context was missing...)."""


def js_unavailable() -> str | None:
    """Why the JS peer cannot run on this machine, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (INTEROP_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return "reference JS packages not installed (run `make interop-deps`)"
    return None


def _keys_by_suite(key_material: Mapping[str, Any], suites: Sequence[str]) -> dict[str, dict[str, str]]:
    """`key_material` is one Multikey pair {publicKeyMultibase, secretKeyMultibase} or a map suite -> pair."""
    if "publicKeyMultibase" in key_material:
        return {suite: dict(key_material) for suite in suites}
    missing = [suite for suite in suites if suite not in key_material]
    if missing:
        raise ValueError(f"key_material has no key for {', '.join(missing)}")
    return {suite: dict(key_material[suite]) for suite in suites}


def _default_selective_pointers(credential: Mapping[str, Any]) -> list[str]:
    """Reveal the subject's first claim (a pointer must select at least one statement)."""
    subject = credential.get("credentialSubject")
    claims = [key for key in subject if key not in {"id", "type"}] if isinstance(subject, dict) else []
    return [f"/credentialSubject/{claims[0]}"] if claims else ["/credentialSubject"]


def js_timings(credential: dict[str, Any], key_material: dict[str, Any], suites: list[str], n: int, *,
               warmup: int = 10, mandatory_pointers: Sequence[str] = ("/issuer",),
               selective_pointers: Sequence[str] | None = None,
               extra_contexts: Mapping[str, Any] | None = None, now: str | None = None) -> dict[str, Any]:
    """Median (and min/max/mean) milliseconds of the reference implementations on `credential`.

    `credential` is unsigned; its `issuer` must be the key's controller (vc.js verifies that binding), or be
    absent, in which case the key's did:key is used. `key_material`: see `_keys_by_suite` (P-256 for the
    ecdsa suites, Ed25519 for eddsa). `mandatory_pointers` / `selective_pointers` apply to ecdsa-sd-2023
    (default: reveal the subject's first claim). `extra_contexts` ({url: document}) adds contexts beyond the
    shipped ones. `now` fixes the clock of the validity checks (ISO 8601). Returns
    {"node", "packages", "n", "warmup", "suites": {suite: {"sign"|"verify"|"base"|"derive": stats}}}.
    """
    unknown = [suite for suite in suites if suite not in SUITES]
    if unknown:
        raise ValueError(f"unknown suite(s) {', '.join(unknown)}; expected some of {', '.join(SUITES)}")
    keys = _keys_by_suite(key_material, suites)
    reason = js_unavailable()
    if reason is not None:
        raise JsPeerUnavailable(reason)
    request: dict[str, Any] = {
        "credential": credential, "suites": list(suites), "n": n, "warmup": warmup, "keys": keys,
        "mandatoryPointers": list(mandatory_pointers),
        "selectivePointers": list(selective_pointers or _default_selective_pointers(credential)),
    }
    if now is not None:
        request["now"] = now
    with tempfile.TemporaryDirectory(prefix="js-peer-") as tmp:
        args = ["node", str(BENCH_SCRIPT), "--manifest", str(SHIPPED_MANIFEST)]
        if extra_contexts:
            extra = Path(tmp) / "extra-contexts.json"
            files = {}
            for index, (url, document) in enumerate(sorted(extra_contexts.items())):
                path = Path(tmp) / f"context-{index}.jsonld"
                path.write_text(json.dumps(document), encoding="utf-8")
                files[url] = str(path)
            extra.write_text(json.dumps(files), encoding="utf-8")
            args += ["--manifest", str(extra)]
        completed = subprocess.run(args, input=json.dumps(request), capture_output=True, text=True,
                                   encoding="utf-8", cwd=INTEROP_DIR, timeout=TIMEOUT_S, check=False)
    if completed.returncode != 0:
        raise JsPeerFailed(completed.stderr.strip()[-2000:] or f"node exited with {completed.returncode}")
    timings: dict[str, Any] = json.loads(completed.stdout)
    return timings


def _demo_credential() -> dict[str, Any]:
    """A small VC 2.0 credential that needs no context beyond the shipped ones."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:3f0c8a52-2f4e-4d3a-9d8e-5b7b1f0e6c21",
        "type": ["VerifiableCredential"],
        "name": "Benchmark credential",
        "description": "A minimal credential for timing the reference implementations.",
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "https://id.example/01/09506000134352/21/BAT-2025-0001",
                              "name": "VX-75 NMC811 pack", "description": "EV battery pack, 75 kWh"},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.js_peer", description=__doc__.splitlines()[0])
    parser.add_argument("credential", nargs="?", type=Path, help="unsigned credential (JSON); default: a small one")
    parser.add_argument("--n", type=int, default=50, help="timed runs per step (default 50)")
    parser.add_argument("--suite", action="append", choices=SUITES, help="suite(s) to time (default: all)")
    options = parser.parse_args(argv)
    from passport.keys import (
        generate_key_pair,  # the key pairs are ours; the timings are theirs
    )

    credential = (json.loads(options.credential.read_text(encoding="utf-8")) if options.credential
                  else _demo_credential())
    suites = options.suite or list(SUITES)
    ed25519, p256 = generate_key_pair("Ed25519"), generate_key_pair("P-256")
    keys = {suite: (ed25519 if suite.startswith("eddsa") else p256) for suite in suites}
    credential.pop("issuer", None)  # each suite's key signs as its own did:key
    material = {suite: {"publicKeyMultibase": key.public_key_multibase,
                        "secretKeyMultibase": key.secret_key_multibase()} for suite, key in keys.items()}
    try:
        timings = js_timings(credential, material, suites, options.n)
    except (JsPeerUnavailable, JsPeerFailed) as exc:
        print(json.dumps({"error": str(exc)}), file=sys.stderr)
        return 1
    print(json.dumps(timings, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
