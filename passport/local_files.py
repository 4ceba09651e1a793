"""Local state is private to the service's user: the data directory 0700, the SQLite store files 0600.

Why: the store holds sealed keys, token hashes and restricted passport fields; another local account must not
read them. Directories and files this package creates get these modes, and an existing store file with wider
permissions is narrowed. An existing directory is left as it is: it may be one the user chose and shares.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

__all__ = ["ensure_private_dir", "ensure_private_file", "mask_url_password"]

DIR_MODE = 0o700
FILE_MODE = 0o600


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with the last one 0700; an existing directory is not changed."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    return path


def ensure_private_file(path: Path) -> Path:
    """Create `path` empty as 0600 if missing (before anything else opens it); narrow it to 0600 otherwise."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        _narrow(path, FILE_MODE)
    return path


def _narrow(path: Path, mode: int) -> None:
    info = path.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & ~mode:
        path.chmod(stat.S_IMODE(info.st_mode) & mode)


def mask_url_password(value: str) -> str:
    """`scheme://user:secret@host/...` -> `scheme://user:***@host/...`; anything else unchanged."""
    scheme, sep, rest = value.partition("://")
    if not sep:
        return value
    authority, slash, tail = rest.partition("/")
    credentials, at, host = authority.rpartition("@")
    if not at or ":" not in credentials:
        return value
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}{slash}{tail}"
