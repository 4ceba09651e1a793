"""`benchmarks.js_peer.js_timings`: the JS side of the benchmarks runs every step and reports its shape.

No timing is asserted (the numbers belong in the benchmark's output), only that each suite ran each step on
a credential that verified, with the packages the lock file pins.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.js_peer import JsPeerFailed, SUITES, js_timings, js_unavailable
from passport.keys import generate_key_pair
from tests.conftest import need
from tests.interop.documents import MEASUREMENTS, NOW_TEXT, UNDEFINED_TERMS

pytestmark = pytest.mark.node

LOCK = Path(__file__).resolve().parent / "package-lock.json"


@pytest.fixture(scope="module")
def peer_ready() -> None:
    reason = js_unavailable()
    need(reason is None, reason or "")


def _material() -> dict[str, dict[str, str]]:
    ed25519, p256 = generate_key_pair("Ed25519"), generate_key_pair("P-256")
    pair = {key.algorithm: {"publicKeyMultibase": key.public_key_multibase,
                            "secretKeyMultibase": key.secret_key_multibase()} for key in (ed25519, p256)}
    return {"eddsa-rdfc-2022": pair["Ed25519"], "ecdsa-rdfc-2019": pair["P-256"], "ecdsa-sd-2023": pair["P-256"]}


def test_js_timings_runs_every_step_of_every_suite(peer_ready: None,
                                                   vector_contexts: dict[str, dict[str, Any]]) -> None:
    credential = {key: value for key, value in MEASUREMENTS.items() if key != "issuer"}
    timings = js_timings(credential, _material(), list(SUITES), n=2, warmup=1,
                         selective_pointers=["/credentialSubject/ratedCapacity"],
                         extra_contexts={UNDEFINED_TERMS: vector_contexts[UNDEFINED_TERMS]}, now=NOW_TEXT)
    steps = {suite: sorted(result) for suite, result in timings["suites"].items()}
    assert steps == {"eddsa-rdfc-2022": ["sign", "verify"], "ecdsa-rdfc-2019": ["sign", "verify"],
                     "ecdsa-sd-2023": ["base", "derive", "verify"]}
    for result in timings["suites"].values():
        for stats in result.values():
            assert set(stats) == {"median", "min", "max", "mean"}
            assert 0 < stats["min"] <= stats["median"] <= stats["max"]
    locked = json.loads(LOCK.read_text(encoding="utf-8"))["packages"]
    for name, version in timings["packages"].items():
        assert locked[f"node_modules/{name}"]["version"] == version
    assert timings["n"] == 2


def test_js_timings_fails_loudly_when_a_context_is_missing(peer_ready: None) -> None:
    credential = {key: value for key, value in MEASUREMENTS.items() if key != "issuer"}
    with pytest.raises(JsPeerFailed, match="offline document loader|URL"):
        js_timings(credential, _material(), ["eddsa-rdfc-2022"], n=1, warmup=0)


def test_js_timings_needs_a_key_per_suite() -> None:
    with pytest.raises(ValueError, match="ecdsa-sd-2023"):
        js_timings({}, {"eddsa-rdfc-2022": {}}, ["eddsa-rdfc-2022", "ecdsa-sd-2023"], n=1)
