"""JSON-LD -> RDF dataset (JSON-LD 1.1 API, toRdf), offline, in safe mode, as our `Quad` tuples.

Two paths give the same dataset: the direct one (`fast_rdf`) for the shapes credentials use, and pyld's full
algorithm (expansion, node map, toRdf) through `safe_mode.SafeProcessor` for everything else and for
every error, so messages and JSON pointers come from one place. Both use the frozen loader, refuse
silently dropped terms and write numbers as jsonld.js does. pyld's errors become `JsonLdError` with the
JSON-LD API's error code in upper snake case ("loading remote context failed" -> LOADING_REMOTE_CONTEXT_FAILED).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from pyld.context_resolver import ContextResolver
from pyld.identifier_issuer import IdentifierIssuer
from pyld.jsonld import JsonLdError as PyLdError

from passport.errors import JsonLdError, PassportError
from passport.jsonld.fast_rdf import Caches, Fallback, FastToRdf
from passport.jsonld.loader import DocumentLoader, default_loader
from passport.jsonld.quads import Quad, iri, literal
from passport.jsonld.safe_mode import SafeProcessor

Loader = Callable[[str, dict[str, Any] | None], dict[str, Any]]


def _term(node: dict[str, Any]) -> str:
    kind = node["type"]
    if kind == "IRI":
        return iri(node["value"])
    if kind == "blank node":
        return node["value"]
    return literal(node["value"], node.get("datatype"), node.get("language"))


def _resolver(loader: Loader) -> ContextResolver:
    """A context resolver; for our DocumentLoader its cache lives as long as the loader (contexts are immutable)."""
    if isinstance(loader, DocumentLoader):
        return ContextResolver(loader.resolved_contexts, loader.static)
    return ContextResolver({}, loader)


def translate_pyld_error(exc: BaseException, *, default_code: str = "JSONLD_ERROR") -> PassportError:
    """Our error for one raised inside pyld: our own error if one caused it, else the innermost JSON-LD code."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and cause not in chain:
        if isinstance(cause, PassportError):
            return cause
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    codes = [getattr(c, "code", None) for c in chain if isinstance(c, PyLdError)]
    code = next((c for c in reversed(codes) if c), None)
    details = next((c.details for c in reversed(chain) if isinstance(c, PyLdError) and isinstance(c.details, dict)),
                   {})
    safe_details = {k: v for k, v in details.items() if k in ("url", "context", "term", "keyword") and
                    isinstance(v, str)}
    message = str(getattr(chain[-1], "message", None) or chain[-1]).splitlines()[0] if chain else "JSON-LD error"
    return JsonLdError(message, code=code.upper().replace(" ", "_").replace("@", "") if code else default_code,
                       details=safe_details)


def _fast_caches(loader: Loader) -> Caches:
    if isinstance(loader, DocumentLoader):
        caches = loader.caches.get("fast_rdf")
        if caches is None:
            caches = loader.caches["fast_rdf"] = Caches()
        return caches
    return Caches(size=256)


def to_rdf(document: dict[str, Any] | list[Any], *, loader: Loader | None = None) -> list[Quad]:
    """The RDF dataset of a JSON-LD document, as quads (deterministic order, duplicates removed).

    Credentials take the direct path (`fast_rdf`); other JSON-LD features go through pyld's full algorithm.

    Raises JsonLdError: LOADING_DOCUMENT_FAILED for a context that is not available offline, UNDEFINED_TERM
    (details["pointer"]) for a property or type the contexts do not define, RELATIVE_IRI for an `id` or
    IRI value RDF cannot hold, or the JSON-LD API's code for any other invalid input.
    """
    if not isinstance(document, (dict, list)):
        raise JsonLdError("a JSON-LD document must be a JSON object or array", code="INVALID_INPUT",
                          details={"pointer": ""})
    loader = loader or default_loader()
    with loader.lock if isinstance(loader, DocumentLoader) else nullcontext():
        options = _options(loader)
        try:
            return FastToRdf(SafeProcessor(), options, _fast_caches(loader)).convert(document)
        except (Fallback, PassportError, PyLdError, RecursionError):
            # Fallback: a shape the direct path declines up front (it says so, it does not guess); the others are
            # invalid input, which pyld's safe mode reports with the JSON-LD API's code. A TypeError, KeyError or
            # AttributeError here would be a bug in the direct path, and surfaces instead of hiding behind pyld.
            pass
        return _pyld_to_rdf(document, options)


def to_rdf_reference(document: dict[str, Any] | list[Any], *, loader: Loader | None = None) -> list[Quad]:
    """`to_rdf` through pyld's full algorithm only (expansion, node map, toRdf): the reference the direct
    path is tested against. Same quads up to blank node labels and order."""
    loader = loader or default_loader()
    with loader.lock if isinstance(loader, DocumentLoader) else nullcontext():
        return _pyld_to_rdf(document, _options(loader))


def _options(loader: Loader) -> dict[str, Any]:
    return {
        "base": "",
        "documentLoader": loader,
        "contextResolver": _resolver(loader),
        "processingMode": "json-ld-1.1",
        "produceGeneralizedRdf": False,
        "extractAllScripts": True,
        "identifierIssuer": IdentifierIssuer("_:b"),
        # Base direction is data: write it as the -rdfc- cryptosuites (and jsonld.js) do, never drop it.
        "rdfDirection": "i18n-datatype",
    }


def _pyld_to_rdf(document: dict[str, Any] | list[Any], options: dict[str, Any]) -> list[Quad]:
    """pyld's full algorithm (expansion, node map, toRdf) in safe mode."""
    try:
        dataset = SafeProcessor().to_rdf(document, options)
    except PassportError:
        raise
    except (PyLdError, RecursionError, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise translate_pyld_error(exc, default_code="INVALID_JSONLD") from exc
    quads: list[Quad] = []
    for graph_name, triples in dataset.items():
        graph = "" if graph_name == "@default" else graph_name if graph_name.startswith("_:") else iri(graph_name)
        for triple in triples:
            quads.append(Quad(_term(triple["subject"]), _term(triple["predicate"]), _term(triple["object"]), graph))
    return quads
