"""Digest binding of upstream credentials: the passport names the exact signed contributions it was computed
from, so an authorised verifier holding them can check nothing was swapped, added or dropped.

Each credential is bound by `digestSRI` (VC 2.0 §5.3: sha384 of its exact bytes, base64) in a
`relatedResource` entry; all of them together by a Merkle root (RFC 6962 hashing: leaf = H(0x00 || bytes),
node = H(0x01 || left || right), leaves in digest order, an odd node carried up), so a verifier given only some
of them can still be pointed at what is missing.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from passport.citation import digest_sri
from passport.custody.credential import MEDIA_TYPE

ALGORITHM = "sha384"


def _h(data: bytes) -> bytes:
    return hashlib.new(ALGORITHM, data).digest()


def merkle_root(raws: Iterable[bytes]) -> str:
    """The Merkle root over credentials' bytes, as an SRI-style string (order of the input does not matter)."""
    level = sorted(_h(b"\x00" + raw) for raw in raws)
    if not level:
        level = [_h(b"")]
    while len(level) > 1:
        nxt = [_h(b"\x01" + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return f"{ALGORITHM}-{base64.b64encode(level[0]).decode('ascii')}"


def bind_upstream(credentials: Iterable[tuple[str | None, bytes]]) -> dict[str, Any]:
    """`relatedResource` entries and the Merkle root for (credential id, signed bytes) pairs."""
    items = sorted(credentials, key=lambda c: digest_sri(c[1]))
    related = [{**({"id": cid} if cid else {}), "digestSRI": digest_sri(raw), "mediaType": MEDIA_TYPE}
               for cid, raw in items]
    return {"relatedResource": related, "upstreamMerkleRoot": merkle_root(raw for _id, raw in items)}


@dataclass(frozen=True)
class BindingCheck:
    """The result of checking upstream credentials against a binding (a verifier returns, it does not raise)."""

    verified: bool
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    merkle_root_matches: bool


def check_binding(binding: dict[str, Any], raws: Iterable[bytes]) -> BindingCheck:
    """Are `raws` exactly the credentials `binding` was made from? A changed byte changes the digest."""
    raws = list(raws)
    given = {digest_sri(raw) for raw in raws}
    bound = {r.get("digestSRI") for r in binding.get("relatedResource", []) if isinstance(r, dict)}
    missing = tuple(sorted(str(d) for d in bound - given))
    unexpected = tuple(sorted(given - bound))
    root_ok = binding.get("upstreamMerkleRoot") == merkle_root(raws)
    return BindingCheck(verified=not missing and not unexpected and root_ok, missing=missing,
                        unexpected=unexpected, merkle_root_matches=root_ok)
