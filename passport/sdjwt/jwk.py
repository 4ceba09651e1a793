"""Public keys as JWKs (RFC 7517/7518 EC and RFC 8037 OKP), for the holder's `cnf` key in an SD-JWT VC."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from passport.credentials.jose import _b64, _unb64
from passport.errors import InputError
from passport.keys.multikey import PublicKey

_CURVES: dict[str, tuple[type[ec.EllipticCurve], int]] = {"P-256": (ec.SECP256R1, 32), "P-384": (ec.SECP384R1, 48)}


def public_jwk(key: PublicKey) -> dict[str, str]:
    """The JWK of a public key (no private members)."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64(raw)}
    numbers = key.public_numbers()
    crv = {"secp256r1": "P-256", "secp384r1": "P-384"}[key.curve.name]
    size = _CURVES[crv][1]
    return {"kty": "EC", "crv": crv, "x": _b64(numbers.x.to_bytes(size, "big")),
            "y": _b64(numbers.y.to_bytes(size, "big"))}


def key_from_jwk(jwk: Any) -> PublicKey:
    """The public key of a JWK; InputError INVALID_JWK for anything but an Ed25519, P-256 or P-384 public key."""
    try:
        if not isinstance(jwk, dict) or "d" in jwk:
            raise ValueError("not a public JWK")
        if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(_unb64(jwk["x"]))
        if jwk.get("kty") == "EC" and jwk.get("crv") in _CURVES:
            curve, size = _CURVES[jwk["crv"]]
            x, y = _unb64(jwk["x"]), _unb64(jwk["y"])
            if len(x) != size or len(y) != size:
                raise ValueError("coordinate length")
            numbers = ec.EllipticCurvePublicNumbers(int.from_bytes(x, "big"), int.from_bytes(y, "big"), curve())
            return numbers.public_key()  # checks the point is on the curve
        raise ValueError("unsupported key type")
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("the key is not an Ed25519, P-256 or P-384 public JWK", code="INVALID_JWK",
                         details={"field": "cnf.jwk"}) from exc
