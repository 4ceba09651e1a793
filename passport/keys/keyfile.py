"""Key files: one key pair per JSON file, public parts in clear, the secret sealed (see `sealing`, `kek`).

    {"format": "battery-passport-key/1", "type": "Multikey", "id": "did:key:z…#z…", "controller": "did:key:z…",
     "publicKeyMultibase": "z…", "algorithm": "Ed25519", "suite": "eddsa-rdfc-2022", "created": "2026-…Z",
     "encryptedSecretKey": {"kdf": "scrypt", "salt": …, "n": 32768, "r": 8, "p": 1, "cipher": "A256GCM",
                            "nonce": …, "ciphertext": …}}

Every field except `encryptedSecretKey` is authenticated as AES-GCM associated data: editing the id, controller or
public key makes the file fail to open. Files are written atomically with mode 0600 and never overwritten silently.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from passport.errors import ConflictError, KeyMaterialError, NotFoundError
from passport.keys import sealing
from passport.keys.kek import key_encryption_key
from passport.keys.keypair import KeyPair, algorithm_for_suite
from passport.settings import Settings

FORMAT = "battery-passport-key/1"
Suite = Literal["eddsa-rdfc-2022", "ecdsa-rdfc-2019", "ecdsa-sd-2023"]
Algorithm = Literal["Ed25519", "P-256", "P-384"]


class KeyFile(BaseModel):
    """The content of a key file; `public_view()` is what may be shown to anyone."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    format: Literal["battery-passport-key/1"] = Field(description="Key file format and version.")
    type: Literal["Multikey"] = Field(description="Verification method type of the key.")
    id: str = Field(min_length=1, description="Verification method id (DID URL) the key signs as.")
    controller: str = Field(min_length=1, description="DID that controls the key.")
    public_key_multibase: str = Field(alias="publicKeyMultibase", description="Public key as a Multikey.")
    algorithm: Algorithm = Field(description="Signature algorithm of the key.")
    suite: Suite = Field(description="Data Integrity cryptosuite the key is meant for.")
    created: datetime = Field(description="When the key was generated (UTC).")
    encrypted_secret_key: sealing.SealedSecret = Field(
        alias="encryptedSecretKey", description="The secret Multikey, sealed with scrypt + AES-256-GCM."
    )

    def public_view(self) -> dict[str, Any]:
        """Every field but the sealed secret, in the file's JSON spelling."""
        return self.model_dump(mode="json", by_alias=True, exclude={"encrypted_secret_key"})


def _aad(raw: dict[str, Any]) -> bytes:
    public = {k: v for k, v in raw.items() if k != "encryptedSecretKey"}
    return json.dumps(public, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def save_key_file(key: KeyPair, path: str | os.PathLike[str], *, suite: str | None = None,
                  passphrase: str | None = None, settings: Settings | None = None, force: bool = False,
                  created: datetime | None = None) -> KeyFile:
    """Seal `key` into `path` (mode 0600); refuses to replace an existing file unless `force`."""
    path = Path(path)
    suite = suite or {"Ed25519": "eddsa-rdfc-2022"}.get(key.algorithm, "ecdsa-rdfc-2019")
    algorithm_for_suite(suite, key.algorithm)
    if path.exists() and not force:
        raise ConflictError(f"{path} exists; pass force to replace it", code="KEY_FILE_EXISTS",
                            details={"file": str(path)})
    stamp = (created or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    raw: dict[str, Any] = {
        "format": FORMAT, "type": "Multikey", "id": key.id, "controller": key.controller,
        "publicKeyMultibase": key.public_key_multibase, "algorithm": key.algorithm, "suite": suite,
        "created": stamp.isoformat().replace("+00:00", "Z"),
    }
    passphrase = key_encryption_key(settings, passphrase=passphrase)
    sealed = sealing.seal(key.secret_key_multibase().encode("ascii"), passphrase, aad=_aad(raw))
    raw["encryptedSecretKey"] = sealed.model_dump(mode="json")
    _write_private(path, json.dumps(raw, indent=2) + "\n", replace=force)
    return KeyFile.model_validate(raw)


def _write_private(path: Path, text: str, *, replace: bool) -> None:
    """Write via a 0600 temporary file in the same directory, then rename (replace) or link (no overwrite)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError as exc:
                raise ConflictError(f"{path} exists; pass force to replace it", code="KEY_FILE_EXISTS",
                                    details={"file": str(path)}) from exc
    finally:
        tmp.unlink(missing_ok=True)


def _read_raw(path: Path) -> dict[str, Any]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFoundError(f"no key file at {path}", code="KEY_FILE_NOT_FOUND", details={"file": str(path)}) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeyMaterialError(f"{path} is not a JSON key file", code="INVALID_KEY_FILE",
                        details={"file": str(path)}) from exc
    if not isinstance(raw, dict):
        raise KeyMaterialError(f"{path} is not a JSON key file", code="INVALID_KEY_FILE", details={"file": str(path)})
    return raw


def read_key_file(path: str | os.PathLike[str]) -> KeyFile:
    """The key file's content without decrypting anything (for `passport keys show` and suite defaults)."""
    return _parse(Path(path))[1]


def _parse(path: Path) -> tuple[dict[str, Any], KeyFile]:
    raw = _read_raw(path)
    try:
        return raw, KeyFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        pointer = "/" + "/".join(str(p) for p in first["loc"])
        raise KeyMaterialError(f"{path} is not a valid key file: {pointer}: {first['msg']}", code="INVALID_KEY_FILE",
                        details={"file": str(path), "pointer": pointer}) from None


def load_key_file(path: str | os.PathLike[str], *, passphrase: str | None = None,
                  settings: Settings | None = None) -> KeyPair:
    """Open a key file: the KeyPair under the file's id and controller, checked against its public key."""
    path = Path(path)
    raw, info = _parse(path)
    secret = sealing.unseal(info.encrypted_secret_key, key_encryption_key(settings, passphrase=passphrase),
                            aad=_aad(raw), where={"file": str(path)})
    return KeyPair.from_multibase(secret.decode("ascii"), public_key_multibase=info.public_key_multibase,
                                  controller=info.controller, id=info.id)


SCHEMA_FILE = "key-file.schema.json"


def key_file_schema() -> dict[str, Any]:
    """JSON Schema of a key file, generated from `KeyFile` (committed as schemas/json/key-file.schema.json)."""
    schema = KeyFile.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://w3id.org/battery-passport/schema/v1/{SCHEMA_FILE}", **schema}
