"""The library's JSON entry points inside tokens (vc+jwt, SD-JWT, vp+jwt, DPP cursors) use the bounded reader:
a 10,000-level payload or a duplicate member is refused as unreadable, never a RecursionError."""

from __future__ import annotations

import base64

import pytest

from passport.access.jwt_presentations import _decode
from passport.credentials import verify_jwt
from passport.sdjwt.disclosures import parse as parse_disclosure
from passport.sdjwt.structure import decode_jws

DEEP = ("[" * 10_000 + "]" * 10_000).encode()
DUPLICATE = b'{"iss": "did:example:a", "iss": "did:example:b"}'


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


HEADER = b64(b'{"alg": "ES256", "typ": "vc+jwt"}')


@pytest.mark.parametrize("payload", [DEEP, DUPLICATE, b'{"exp": NaN}'])
def test_jws_decoders_refuse_unbounded_or_ambiguous_payloads(payload):
    jws = f"{HEADER}.{b64(payload)}.{b64(b'sig')}"
    for decode in (decode_jws, _decode):
        with pytest.raises(ValueError):
            decode(jws)
    with pytest.raises(ValueError):
        parse_disclosure(b64(payload))
    result = verify_jwt(jws)
    assert not result.verified and result.errors[0].code == "PARSING_ERROR"
