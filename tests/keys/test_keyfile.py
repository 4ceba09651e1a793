"""Key files: sealed at rest, mode 0600, no silent overwrite, and a wrong passphrase that reveals nothing."""

from __future__ import annotations

import json
import stat

import pytest

from passport.errors import ConflictError, KeyMaterialError, NotFoundError
from passport.keys import KeyPair, generate_for_suite, load_key_file, read_key_file, save_key_file
from passport.keys.kek import key_encryption_key
from passport.settings import load_settings

PASS = "correct horse battery staple"


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("suite, algorithm", [
    ("eddsa-rdfc-2022", "Ed25519"), ("ecdsa-rdfc-2019", "P-256"), ("ecdsa-rdfc-2019", "P-384"),
    ("ecdsa-sd-2023", "P-256"),
])
def test_round_trip(tmp_path, suite, algorithm):
    key = generate_for_suite(suite, algorithm=algorithm)
    path = tmp_path / "issuer.key.json"
    info = save_key_file(key, path, suite=suite, passphrase=PASS)
    assert _mode(path) == 0o600
    loaded = load_key_file(path, passphrase=PASS)
    assert loaded == key and loaded.id == key.id and loaded.algorithm == algorithm
    assert loaded.verify(b"m", key.sign(b"m")) and key.verify(b"m", loaded.sign(b"m"))
    assert read_key_file(path) == info and info.suite == suite


def test_file_holds_only_public_parts_in_clear(tmp_path, vector_key_pairs):
    _, public_mb, secret_mb, _ = vector_key_pairs[0]
    key = KeyPair.from_multibase(secret_mb)
    path = tmp_path / "k.json"
    save_key_file(key, path, passphrase=PASS)
    text = path.read_text()
    raw = json.loads(text)
    assert secret_mb not in text and secret_mb[1:] not in text
    assert raw["publicKeyMultibase"] == public_mb and raw["type"] == "Multikey"
    assert raw["id"] == f"did:key:{public_mb}#{public_mb}" and raw["controller"] == f"did:key:{public_mb}"
    assert raw["suite"] == "eddsa-rdfc-2022" and raw["algorithm"] == "Ed25519" and raw["created"].endswith("Z")
    assert raw["encryptedSecretKey"]["kdf"] == "scrypt" and raw["encryptedSecretKey"]["cipher"] == "A256GCM"
    assert "encryptedSecretKey" not in read_key_file(path).public_view()


def test_wrong_passphrase_fails_without_key_bytes(tmp_path):
    key = generate_for_suite("eddsa-rdfc-2022")
    path = tmp_path / "k.json"
    save_key_file(key, path, passphrase=PASS)
    with pytest.raises(KeyMaterialError) as info:
        load_key_file(path, passphrase="wrong")
    assert info.value.code == "KEY_DECRYPTION_FAILED"
    assert info.value.details == {"file": str(path)}
    secret = key.secret_key_multibase()
    for text in (str(info.value), repr(info.value), json.dumps(info.value.to_dict())):
        assert secret not in text and secret[1:] not in text and PASS not in text


@pytest.mark.parametrize("field, value", [
    ("controller", "did:web:evil.example"),
    ("id", "did:web:evil.example#key-1"),
    ("suite", "ecdsa-sd-2023"),
])
def test_edited_public_parts_fail_to_open(tmp_path, field, value):
    path = tmp_path / "k.json"
    save_key_file(generate_for_suite("ecdsa-rdfc-2019"), path, suite="ecdsa-rdfc-2019", passphrase=PASS)
    raw = json.loads(path.read_text())
    assert raw[field] != value
    raw[field] = value
    path.write_text(json.dumps(raw))
    with pytest.raises(KeyMaterialError) as info:
        load_key_file(path, passphrase=PASS)
    assert info.value.code == "KEY_DECRYPTION_FAILED"


def test_swapped_public_key_fails_to_open(tmp_path):
    path = tmp_path / "k.json"
    save_key_file(generate_for_suite("eddsa-rdfc-2022"), path, passphrase=PASS)
    raw = json.loads(path.read_text())
    raw["publicKeyMultibase"] = generate_for_suite("eddsa-rdfc-2022").public_key_multibase
    path.write_text(json.dumps(raw))
    with pytest.raises(KeyMaterialError) as info:
        load_key_file(path, passphrase=PASS)
    assert info.value.code == "KEY_DECRYPTION_FAILED"


def test_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "k.json"
    first = generate_for_suite("eddsa-rdfc-2022")
    save_key_file(first, path, passphrase=PASS)
    with pytest.raises(ConflictError) as info:
        save_key_file(generate_for_suite("eddsa-rdfc-2022"), path, passphrase=PASS)
    assert info.value.code == "KEY_FILE_EXISTS"
    assert load_key_file(path, passphrase=PASS) == first
    second = generate_for_suite("eddsa-rdfc-2022")
    save_key_file(second, path, passphrase=PASS, force=True)
    assert load_key_file(path, passphrase=PASS) == second
    assert _mode(path) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]  # no temporary files left behind


def test_suite_must_fit_the_key(tmp_path):
    with pytest.raises(KeyMaterialError) as info:
        save_key_file(generate_for_suite("eddsa-rdfc-2022"), tmp_path / "k.json", suite="ecdsa-sd-2023",
                      passphrase=PASS)
    assert info.value.code == "ALGORITHM_SUITE_MISMATCH"
    assert not (tmp_path / "k.json").exists()


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(NotFoundError) as info:
        load_key_file(tmp_path / "absent.json", passphrase=PASS)
    assert info.value.code == "KEY_FILE_NOT_FOUND"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(KeyMaterialError) as info:
        read_key_file(bad)
    assert info.value.code == "INVALID_KEY_FILE" and info.value.details["file"] == str(bad)
    path = tmp_path / "k.json"
    save_key_file(generate_for_suite("eddsa-rdfc-2022"), path, passphrase=PASS)
    raw = json.loads(path.read_text())
    raw["encryptedSecretKey"]["n"] = 2**30  # a crafted cost parameter must not become a memory bomb
    path.write_text(json.dumps(raw))
    with pytest.raises(KeyMaterialError) as info:
        load_key_file(path, passphrase=PASS)
    assert info.value.code == "INVALID_KEY_FILE"
    assert info.value.details["pointer"] == "/encryptedSecretKey/n"


def test_setting_passphrase_is_used(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data", key_encryption_key=PASS)
    path = tmp_path / "k.json"
    key = generate_for_suite("eddsa-rdfc-2022")
    save_key_file(key, path, settings=settings)
    assert load_key_file(path, passphrase=PASS) == key
    assert not (tmp_path / "data" / "kek").exists()


def test_generated_kek_is_created_once_with_mode_0600(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    path = tmp_path / "k.json"
    key = generate_for_suite("ecdsa-rdfc-2019")
    save_key_file(key, path, settings=settings)
    kek = tmp_path / "data" / "kek"
    assert _mode(kek) == 0o600
    first = kek.read_text()
    assert len(first.strip()) >= 43  # 32 random bytes
    assert load_key_file(path, settings=settings) == key
    assert kek.read_text() == first
    assert key_encryption_key(settings) == first.strip()


def test_kek_readable_by_others_is_refused(tmp_path):
    settings = load_settings(data_dir=tmp_path / "data")
    key_encryption_key(settings)
    (tmp_path / "data" / "kek").chmod(0o644)
    with pytest.raises(KeyMaterialError) as info:
        key_encryption_key(settings)
    assert info.value.code == "KEK_FILE_INSECURE"


def test_committed_json_schema_is_generated_from_the_model(tmp_path):
    """Regenerate with `python -m passport.keys`."""
    import jsonschema

    from passport.keys.__main__ import render
    from schemas import load_json_schema

    committed = load_json_schema("key-file")
    assert json.dumps(committed, indent=2, ensure_ascii=False) + "\n" == render()
    path = tmp_path / "k.json"
    save_key_file(generate_for_suite("eddsa-rdfc-2022"), path, passphrase=PASS)
    raw = json.loads(path.read_text())
    jsonschema.validate(raw, committed)
    raw["encryptedSecretKey"]["cipher"] = "none"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(raw, committed)
