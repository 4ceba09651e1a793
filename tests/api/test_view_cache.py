"""The per-app view cache: per access group, versions kept, latest expiring with a single refresher."""

from __future__ import annotations

from datetime import datetime, timezone

from api.view_cache import ViewCache
from passport.registry import ResolvedView


def _view(group: str = "public", version: int = 1) -> ResolvedView:
    return ResolvedView(identifier="/id/x", version=version, latest_version=version, issuer="did:key:z",
                        created_at=datetime.now(timezone.utc), access_group=group, credential="{}", etag="e")


def test_views_are_kept_per_access_group():
    cache = ViewCache(ttl=60)
    cache.put(_view("public"), None)
    assert cache.get("/id/x", "public", None) is not None
    assert cache.get("/id/x", "authority", None) is None
    assert cache.get("/id/x", "public", 1) is None


def test_expired_latest_is_refreshed_by_one_caller_while_others_keep_the_stale_view():
    cache = ViewCache(ttl=0)
    cache.put(_view(), None)
    cache.ttl = 60  # the stale entry is extended by one period for the others
    assert cache.get("/id/x", "public", None) is None  # the refresher
    assert cache.get("/id/x", "public", None) is not None  # everyone else, meanwhile


def test_versions_never_expire_and_invalidate_drops_latest_and_state():
    cache = ViewCache(ttl=0)
    cache.put(_view(version=1), 1)
    assert cache.get("/id/x", "public", 1) is not None
    cache = ViewCache(ttl=60)
    cache.put(_view(), None)
    cache.put_state("/id/x", "active")
    cache.invalidate("/id/x")
    assert cache.get("/id/x", "public", None) is None and cache.get_state("/id/x") is None


def test_size_is_bounded():
    cache = ViewCache(ttl=60, max_entries=2)
    for n in range(1, 4):
        cache.put(_view(version=n), n)
    assert cache.get("/id/x", "public", 1) is None
    assert cache.get("/id/x", "public", 3) is not None
