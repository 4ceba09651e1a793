"""A Python client for `js/cli.mjs`: Digital Bazaar's reference implementations in one long-lived Node process.

Requests go one JSON line at a time over stdin and answers come back in order on stdout, so a whole test
session costs one Node start-up (~0.5 s). The Node side loads documents only from the context manifests it
is given and resolves did:key offline; any other URL fails the request.
"""

from __future__ import annotations

import json
import selectors
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

INTEROP_DIR = Path(__file__).resolve().parent
CLI = INTEROP_DIR / "js" / "cli.mjs"
NODE_MODULES = INTEROP_DIR / "node_modules"
REPLY_TIMEOUT_S = 120.0


class JsPeerError(RuntimeError):
    """The Node side refused a request (`name`, `message` and `cause` as it reported them) or died."""

    def __init__(self, message: str, *, name: str = "Error", cause: str | None = None) -> None:
        super().__init__(f"{name}: {message}" + (f" (cause: {cause})" if cause else ""))
        self.name = name
        self.cause = cause


def node_executable() -> str | None:
    return shutil.which("node")


def missing_requirement() -> str | None:
    """Why the JS peer cannot run here (None when it can)."""
    if node_executable() is None:
        return "Node.js is not installed (needed for the interop tests)"
    if not (NODE_MODULES / "@digitalbazaar" / "vc").is_dir():
        return f"reference JS packages not installed: run `make interop-deps` ({NODE_MODULES} missing)"
    return None


class JsPeer:
    """One Node process running the reference implementations; use as a context manager or call `close()`."""

    def __init__(self, manifests: Iterable[Path]) -> None:
        node = node_executable()
        if node is None:
            raise JsPeerError("Node.js is not installed")
        args = [node, str(CLI)]
        for manifest in manifests:
            args += ["--manifest", str(manifest)]
        self._stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._process = subprocess.Popen(
            args, cwd=INTEROP_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            text=True, encoding="utf-8",
        )
        self._selector = selectors.DefaultSelector()
        assert self._process.stdout is not None
        self._selector.register(self._process.stdout, selectors.EVENT_READ)
        self._next_id = 0

    def call(self, op: str, **params: Any) -> Any:
        """Run one operation in Node and return its result; raise JsPeerError if it failed."""
        self._next_id += 1
        request = {"id": self._next_id, "op": op, **params}
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(request) + "\n")
            process.stdin.flush()
        except BrokenPipeError as exc:
            raise JsPeerError(f"the Node process has exited: {self._stderr_text()}") from exc
        if not self._selector.select(timeout=REPLY_TIMEOUT_S):
            raise JsPeerError(f"no answer to {op!r} within {REPLY_TIMEOUT_S:.0f} s")
        line = process.stdout.readline()
        if not line:
            raise JsPeerError(f"the Node process has exited: {self._stderr_text()}")
        reply = json.loads(line)
        if reply.get("id") != request["id"]:
            raise JsPeerError(f"answer out of order: expected id {request['id']}, got {reply.get('id')!r}")
        if not reply["ok"]:
            error = reply["error"]
            raise JsPeerError(error["message"], name=error["name"], cause=error.get("cause"))
        return reply["result"]

    def verify(self, credential: dict[str, Any], *, now: str | None = None, issuer_binding: bool = True,
               status_verified: bool | None = None) -> dict[str, Any]:
        """{"verified": bool, "errors": [str], "proofs": [...]} from `@digitalbazaar/vc` verifyCredential.

        `issuer_binding=False` drops vc's check that the issuer is the key's controller (the W3C vectors
        fail it by design); `status_verified` is the assumed outcome of a status check, if any is needed.
        """
        params: dict[str, Any] = {"credential": credential, "issuerBinding": issuer_binding}
        if now is not None:
            params["now"] = now
        if status_verified is not None:
            params["statusVerified"] = status_verified
        result: dict[str, Any] = self.call("verify", **params)
        return result

    def sign(self, credential: dict[str, Any], key: dict[str, str], *, suite: str,
             mandatory_pointers: list[str] | None = None, created: str | None = None) -> dict[str, Any]:
        """Sign with `@digitalbazaar/vc` issue; `key` is {publicKeyMultibase, secretKeyMultibase[, id, controller]}."""
        params: dict[str, Any] = {"credential": credential, "key": key, "suite": suite}
        if mandatory_pointers is not None:
            params["mandatoryPointers"] = mandatory_pointers
        if created is not None:
            params["created"] = created
        signed: dict[str, Any] = self.call("sign", **params)
        return signed

    def derive(self, credential: dict[str, Any], selective_pointers: list[str]) -> dict[str, Any]:
        """An ecdsa-sd-2023 derived credential revealing `selective_pointers` (plus the mandatory ones)."""
        derived: dict[str, Any] = self.call("derive", credential=credential, selectivePointers=selective_pointers)
        return derived

    def canonize(self, document: Any, *, input_format: str = "jsonld", hash: str = "sha256",
                 max_work_factor: int | None = None) -> str:
        """RDFC-1.0 canonical N-Quads from jsonld.js + rdf-canonize (JSON-LD or N-Quads input).

        `max_work_factor` is rdf-canonize's work limit (default 1, what its cryptosuites use: O(n) deep
        iterations over non-unique blank nodes); the harder rdf-canon cases need more.
        """
        params: dict[str, Any] = {"document": document, "inputFormat": input_format, "hash": hash}
        if max_work_factor is not None:
            params["maxWorkFactor"] = max_work_factor
        return str(self.call("canonize", **params)["nquads"])

    def to_rdf(self, document: dict[str, Any]) -> str:
        """jsonld.js toRDF (safe mode) as N-Quads, not canonicalized: to see where a difference starts."""
        return str(self.call("toRdf", document=document)["nquads"])

    def urls(self) -> list[str]:
        """The URLs the Node side's offline loader serves."""
        urls: list[str] = self.call("urls")
        return urls

    def _stderr_text(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()[-2000:]

    def close(self) -> None:
        process = self._process
        if process.stdin is not None and not process.stdin.closed:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._selector.close()
        if process.stdout is not None:
            process.stdout.close()
        self._stderr.close()

    def __enter__(self) -> JsPeer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
