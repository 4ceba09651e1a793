"""HTTP content negotiation (RFC 9110 §12.5.1): pick the representation a client prefers among those offered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

HTML = "text/html"
JSON_LD = "application/ld+json"
VC_LD = "application/vc+ld+json"
VC = "application/vc"
JSON = "application/json"
LINKSET = "application/linkset+json"

SD_JWT = "application/dc+sd-jwt"
#: What a passport URL offers, the first being the default for `*/*` or no Accept (the page, as GS1 resolvers do).
PASSPORT_TYPES: tuple[str, ...] = (HTML, JSON_LD, VC_LD, VC, JSON, LINKSET, SD_JWT)
CREDENTIAL_TYPES = frozenset({JSON_LD, VC_LD, VC, JSON})


@dataclass(frozen=True, slots=True)
class _Range:
    type: str
    subtype: str
    q: float
    order: int

    def matches(self, media_type: str) -> int:
        """Specificity of the match (2 exact, 1 type/*, 0 */*) or -1."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def _parse(accept: str) -> list[_Range]:
    ranges = []
    for order, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        main, _, sub = media.partition("/")
        ranges.append(_Range(main, sub, q, order))
    return ranges


def negotiate(accept: str | None, offered: Sequence[str] = PASSPORT_TYPES) -> str | None:
    """The offered media type the client prefers, the default (first offered) for no Accept, None if none fits."""
    if not accept or not accept.strip():
        return offered[0]
    if len(accept) > 1000:  # no client needs more; do not let one make us parse megabytes
        accept = accept[:1000]
    return _negotiate(accept, tuple(offered))


@lru_cache(maxsize=512)
def _negotiate(accept: str, offered: tuple[str, ...]) -> str | None:
    # Clients send a handful of distinct Accept headers: each is parsed once.
    ranges = _parse(accept)
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for position, media_type in enumerate(offered):
        # The most specific range that matches decides the type's quality (RFC 9110 §12.5.1).
        matching = [(r.matches(media_type), r) for r in ranges]
        matching = [(s, r) for s, r in matching if s >= 0]
        if not matching:
            continue
        specificity, rng = max(matching, key=lambda m: (m[0], -m[1].order))
        if rng.q <= 0:
            continue
        # Ties: prefer the client's explicit types over wildcards, then our order.
        score = (rng.q, specificity, -position)
        if best is None or score > best:
            best, chosen = score, media_type
    return chosen
