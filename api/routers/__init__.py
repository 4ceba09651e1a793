"""One module per resource; each exposes `router`. Discovered here so adding a resource is one file."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from fastapi import APIRouter


def discover_routers() -> list[APIRouter]:
    routers = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = import_module(f"{__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            routers.append(router)
    return routers
