"""Application factory: one router module per resource, shared state on `app.state`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api import errors
from api.middleware.body_limit import BodyLimitMiddleware
from api.middleware.json_body import JsonBodyMiddleware
from api.middleware.link_policy import LinkPolicyMiddleware
from api.middleware.security_headers import SecurityHeadersMiddleware
from api.rate_limits import RATE_LIMITS
from api.routers import discover_routers
from api.view_cache import ViewCache
from passport.logs import configure_logging
from passport.settings import Settings, get_settings
from passport.store.engine import create_store_engine
from passport.version import __version__

STATIC_DIR = Path(__file__).with_name("static")
DOCS_ASSETS = "/static-offline-docs"


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The store's connections are closed when the server stops (a pool left open holds database sessions)."""
    yield
    app.state.engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)
    # /docs and /redoc from assets shipped in the fastapi-offline package: no CDN, so they work offline.
    app: FastAPI = FastAPIOffline(
        static_url=DOCS_ASSETS,
        title="Battery Passport API",
        version=__version__,
        description="Issue, resolve and verify EU battery passports (Regulation (EU) 2023/1542, Annex XIII) "
        "as W3C Verifiable Credentials, with a view per access group.",
        dependencies=RATE_LIMITS,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = create_store_engine(settings.effective_database_url)
    app.state.view_cache = ViewCache()
    errors.install(app)
    # Outermost last: security headers on every response, then the size limit, the JSON check, the link policy.
    app.add_middleware(LinkPolicyMiddleware, http_links_allowed=settings.http_links_allowed)
    app.add_middleware(JsonBodyMiddleware, max_depth=settings.max_json_depth)
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes,
                       max_upload_bytes=settings.max_upload_bytes)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in discover_routers():
        app.include_router(router)
    return app
