"""Keys of the demo's synthetic parties, sealed in `data_dir/keys/` so that later `passport demo` steps (and later
runs) sign as the same parties: the carbon step signs a supplier footprint with the custody example's CAM maker
key, which custody must know as that site's operator for the footprint to count."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from passport.keys import KeyPair, generate_key_pair, load_key_file, save_key_file
from passport.settings import Settings


def key_path(settings: Settings, name: str) -> Path:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]
    return Path(settings.data_dir) / "keys" / f"demo-party-{slug}.key"


def party_key(settings: Settings, name: str) -> KeyPair:
    """The Ed25519 key of demo party `name`, created and sealed on first use."""
    path = key_path(settings, name)
    if path.exists():
        return load_key_file(path, settings=settings)  # type: ignore[return-value]
    key = generate_key_pair("Ed25519")
    save_key_file(key, path, settings=settings)
    return key


def party_keys(settings: Settings | None, names: Iterable[str]) -> dict[str, KeyPair]:
    """Keys for `names`: the sealed demo keys with settings, fresh ones without (tests, throw-away stores)."""
    if settings is None:
        return {name: generate_key_pair("Ed25519") for name in names}
    return {name: party_key(settings, name) for name in names}
