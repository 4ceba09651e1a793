"""Stored passports: immutable signed versions keyed by identifier, with one signed view per access group.

Each version keeps the signed credential as the exact JSON text that was signed (so the bytes served are the bytes
verified) and its ETag (SHA-256 of those bytes). Versions are never updated: a change is a new version.
"""

from passport.registry.repository import (
    Page,
    ResolvedView,
    StoredVersion,
    StoredView,
    add_version,
    by_version,
    etag_of,
    latest,
    list_versions,
    list_passports,
    resolve_view,
    view,
)

__all__ = [
    "Page",
    "ResolvedView",
    "StoredVersion",
    "StoredView",
    "add_version",
    "by_version",
    "etag_of",
    "latest",
    "list_passports",
    "list_versions",
    "resolve_view",
    "view",
]
