"""The key-encryption key: the passphrase that seals private keys at rest.

Order: an explicit passphrase, else the `key_encryption_key` setting (`PASSPORT_KEY_ENCRYPTION_KEY`), else a
random key generated once in `data_dir/kek` (mode 0600, data dir 0700). The generated file keeps a fresh install
working; in production set the variable (from a secret manager) so keys and their key-encryption key are not
stored side by side.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from passport.errors import KeyMaterialError
from passport.local_files import ensure_private_dir
from passport.settings import Settings, get_settings

log = logging.getLogger(__name__)
KEK_FILE = "kek"


def key_encryption_key(settings: Settings | None = None, *, passphrase: str | None = None) -> str:
    """The passphrase to seal or open private keys with (see the module docstring for the order)."""
    if passphrase:
        return passphrase
    settings = settings or get_settings()
    if settings.key_encryption_key:
        return settings.key_encryption_key
    return _kek_file(Path(settings.data_dir) / KEK_FILE)


def _kek_file(path: Path) -> str:
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    ensure_private_dir(path.parent)
    value = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return _read(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.info("generated a key-encryption key", extra={"file": str(path)})
    return value


def _read(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise KeyMaterialError(
            f"the key-encryption key file is readable by others (mode {mode:o}): run chmod 600 on it",
            code="KEK_FILE_INSECURE",
            details={"file": str(path)},
        )
    value = path.read_text(encoding="ascii").strip()
    if not value:
        raise KeyMaterialError("the key-encryption key file is empty", code="KEK_FILE_INVALID",
                               details={"file": str(path)})
    return value
