"""The landing page and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from api.deps import EngineDep, SettingsDep
from api.templating import templates
from passport.version import __version__

router = APIRouter(tags=["service"])


@router.get("/", response_class=HTMLResponse, summary="Landing page")
def home(request: Request, settings: SettingsDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "home.html", {"version": __version__, "base_url": settings.base_url}
    )


@router.get("/healthz", summary="Liveness and store reachability")
def healthz(engine: EngineDep) -> dict[str, str]:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
