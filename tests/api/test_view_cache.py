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


def test_each_app_has_its_own_cache_made_with_the_app(tmp_path):
    from api.app import create_app
    from api.view_cache import for_app
    from passport.settings import load_settings

    settings = load_settings(data_dir=tmp_path / "data", base_url="http://testserver", log_format="console")
    one, two = create_app(settings), create_app(settings)
    assert isinstance(for_app(one), ViewCache) and for_app(one) is not for_app(two)
    for_app(one).put(_view(), None)
    assert for_app(two).get("/id/x", "public", None) is None


def test_concurrent_writers_and_evictions_keep_the_bound(tmp_path):
    """Eight threads put, read and invalidate over a tiny cache: nothing raises, the bound holds."""
    from concurrent.futures import ThreadPoolExecutor

    cache = ViewCache(ttl=60, max_entries=8)

    def work(n: int) -> None:
        for i in range(400):
            view = ResolvedView(identifier=f"/id/{(n * 400 + i) % 50}", version=1, latest_version=1,
                                issuer="did:key:z", created_at=datetime.now(timezone.utc), access_group="public",
                                credential="{}", etag="e")
            cache.put(view, i % 3 or None)
            cache.get(view.identifier, "public", None)
            cache.put_state(view.identifier, "active")
            if i % 7 == 0:
                cache.invalidate(view.identifier)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(8)))
    assert len(cache._entries) <= 8 and len(cache._states) <= 8
