"""One way to cite a credential: digestSRI over exact bytes, or over JCS for a JSON value."""

from __future__ import annotations

import base64

from passport.citation import digest_sri, json_digest_sri

# FIPS 180-2 Appendix D.1: SHA-384("abc")
ABC_SHA384 = ("cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"
              "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")


def test_digest_sri_is_the_sri_form_of_the_hash_of_the_exact_bytes():
    assert digest_sri(b"abc") == "sha384-" + base64.b64encode(bytes.fromhex(ABC_SHA384)).decode()
    assert digest_sri(b"abc ") != digest_sri(b"abc")


def test_a_json_value_is_cited_by_its_jcs_bytes_whatever_its_serialisation():
    # RFC 8785: members sorted by UTF-16 code units, no whitespace, numbers in ECMAScript form
    assert json_digest_sri({"b": 1.0, "a": "x"}) == digest_sri(b'{"a":"x","b":1}')
    assert json_digest_sri({"a": "x", "b": 1}) == json_digest_sri({"b": 1.0, "a": "x"})
