"""The offline JSON-LD document loader: serves the contexts the package ships, never the network.

`schemas/contexts/index.json` maps each context URL to its file (a path relative to that folder), so any
other tool can load exactly the same set. A verifier that fetched contexts at run time would let whoever
controls a URL change what a signed credential means; here an unknown URL is an error that names it.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from cachetools import LRUCache

from passport.errors import JsonLdError

CONTEXTS: Traversable = files("schemas") / "contexts"
INDEX_FILE = "index.json"
RESOLVED_CONTEXT_CACHE_SIZE = 256  # inline contexts of untrusted documents land here too: keep it bounded


@lru_cache(maxsize=1)
def shipped_index() -> Mapping[str, str]:
    """The shipped manifest: context URL -> file path relative to `schemas/contexts/`."""
    try:
        index = json.loads((CONTEXTS / INDEX_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise JsonLdError("the context manifest cannot be read", code="LOADING_DOCUMENT_FAILED",
                          details={"file": f"schemas/contexts/{INDEX_FILE}"}) from exc
    if not isinstance(index, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in index.items()):
        raise JsonLdError("the context manifest must map URLs to file paths", code="LOADING_DOCUMENT_FAILED",
                          details={"file": f"schemas/contexts/{INDEX_FILE}"})
    return dict(index)


@lru_cache(maxsize=None)
def _shipped_document(url: str) -> dict[str, Any]:
    """Parse one shipped context once per process (contexts are immutable: a new version has a new URL)."""
    path = shipped_index()[url]
    resource = CONTEXTS.joinpath(*path.split("/"))
    try:
        document = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise JsonLdError(f"the shipped context for {url} cannot be read", code="LOADING_DOCUMENT_FAILED",
                          details={"url": url, "file": f"schemas/contexts/{path}"}) from exc
    if not isinstance(document, dict):
        raise JsonLdError(f"the shipped context for {url} is not a JSON object", code="LOADING_DOCUMENT_FAILED",
                          details={"url": url, "file": f"schemas/contexts/{path}"})
    return document


def shipped_context(url: str) -> dict[str, Any]:
    """A fresh copy of the shipped context document for `url` (callers may mutate it)."""
    return DocumentLoader()(url)["document"]


class DocumentLoader:
    """A pyld-compatible document loader over the shipped contexts plus `extra` ({url: document}).

    Tests add the W3C example contexts through `extra`; the product uses the shipped set only.
    `extra` may not replace a shipped context: a shipped URL always means the shipped bytes.
    """

    def __init__(self, extra: Mapping[str, dict[str, Any]] | None = None):
        extra = dict(extra or {})
        clashes = sorted(set(extra) & set(shipped_index()))
        if clashes:
            raise JsonLdError("extra contexts may not replace shipped ones", code="INVALID_DOCUMENT_LOADER",
                              details={"url": clashes[0]})
        for url, document in extra.items():
            if not isinstance(document, dict):
                raise JsonLdError(f"the extra context for {url} is not a JSON object",
                                  code="INVALID_DOCUMENT_LOADER", details={"url": url})
        self._extra: dict[str, dict[str, Any]] = copy.deepcopy(extra)
        self.urls: frozenset[str] = frozenset(shipped_index()) | frozenset(self._extra)
        # pyld's resolved (and processed) contexts, reused across calls: every document this loader serves
        # is fixed for its lifetime, so a context is parsed and processed once, not once per credential.
        self.resolved_contexts: LRUCache = LRUCache(maxsize=RESOLVED_CONTEXT_CACHE_SIZE)
        # Other results derived only from this loader's documents (see passport.jsonld.fast_rdf.Caches).
        self.caches: dict[str, Any] = {}
        # The caches are not thread-safe; conversions are CPU-bound under the GIL anyway, so one at a time.
        self.lock = threading.RLock()

    def document(self, url: str) -> dict[str, Any]:
        """The parsed document for `url`, shared and cached: callers must not mutate it."""
        found = self._extra.get(url)
        if found is not None:
            return found
        if url in shipped_index():
            return _shipped_document(url)
        raise JsonLdError(f"JSON-LD document {url} is not available offline", code="LOADING_DOCUMENT_FAILED",
                          details={"url": url})

    def __call__(self, url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """pyld's loader signature: a RemoteDocument with a private copy of the document.

        Shipped contexts are tagged "static" so pyld may cache them process-wide: a shipped URL means the
        same bytes in every loader. Extra documents are not, since another loader may map the URL elsewhere.
        """
        remote = {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(self.document(url))}
        if url not in self._extra:
            remote["tag"] = "static"
        return remote

    def static(self, url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        """Like calling the loader, but every document is tagged "static", for caches private to this loader."""
        return {**self(url, options), "tag": "static"}

    def __contains__(self, url: object) -> bool:
        return url in self.urls

    def __repr__(self) -> str:
        return f"DocumentLoader({len(self.urls)} contexts)"


_DEFAULT = DocumentLoader()


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """The default loader: shipped contexts only. Unknown URL -> JsonLdError LOADING_DOCUMENT_FAILED."""
    return _DEFAULT(url, options)


def default_loader() -> DocumentLoader:
    """The process-wide loader over the shipped contexts (its caches are shared by every caller)."""
    return _DEFAULT
