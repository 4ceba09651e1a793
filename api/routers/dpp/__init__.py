"""The harmonised DPP interface (EN 18222) under /dpp/v1, beside our own API, on the same store, signatures
and access groups. Errors are EN 18222 Result objects (`result.py`); every DPP carries the EN 18223 header."""

from __future__ import annotations

from fastapi import APIRouter

from api.routers.dpp import elements, read, write

router = APIRouter()  # each module's router carries the /dpp/v1 prefix
for _module in (read, write, elements):
    router.include_router(_module.router)
