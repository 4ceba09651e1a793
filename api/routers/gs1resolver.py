"""`GET /.well-known/gs1resolver`: the GS1 resolver description file (GS1-Conformant Resolver Standard)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.deps import SettingsDep
from api.gs1 import resolver_description

router = APIRouter(tags=["resolve"])


@router.get("/.well-known/gs1resolver", summary="GS1 resolver description file")
def gs1resolver(settings: SettingsDep) -> dict[str, Any]:
    """Which GS1 keys this resolver answers for (GTIN, AI 01, with serial AI 21) and the link-type namespaces."""
    return resolver_description(settings.base_url)
