"""Identifiers: GS1 Digital Link paths with check digits, serials of character set 82, and /{scheme}/{id} paths."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from passport.errors import InputError
from passport.identifiers import (
    CSET_82,
    PassportId,
    gtin_check_digit,
    normalize_gtin,
    parse_identifier,
    parse_path,
    parse_url,
)

# Published GS1 examples: GTIN-13 of GS1's own documentation, GTIN-14 in the Digital Link standard.
KNOWN_GTINS = {
    "9506000134352": "09506000134352",
    "09506000134352": "09506000134352",
    "4006381333931": "04006381333931",
    "036000291452": "00036000291452",  # UPC-A
    "96385074": "00000096385074",  # GTIN-8
}

digits = st.text(alphabet="0123456789", min_size=7, max_size=13)
serials = st.text(alphabet=sorted(CSET_82), min_size=1, max_size=20)


@pytest.mark.parametrize("gtin,expected", KNOWN_GTINS.items())
def test_known_gtins_normalise_to_14_digits(gtin, expected):
    assert normalize_gtin(gtin) == expected


@given(digits)
def test_appending_the_check_digit_always_validates(body):
    gtin = body + str(gtin_check_digit(body))
    if len(gtin) in (8, 12, 13, 14):
        assert normalize_gtin(gtin) == gtin.zfill(14)


@given(digits, st.integers(min_value=1, max_value=9))
def test_any_wrong_check_digit_is_refused(body, delta):
    wrong = (gtin_check_digit(body) + delta) % 10
    gtin = body + str(wrong)
    with pytest.raises(InputError) as info:
        normalize_gtin(gtin)
    assert info.value.code == "INVALID_IDENTIFIER"
    assert info.value.details["segment"] == "01"


@given(digits.filter(lambda d: len(d) >= 2), st.data())
def test_check_digit_catches_every_single_digit_substitution(body, data):
    gtin = body + str(gtin_check_digit(body))
    i = data.draw(st.integers(min_value=0, max_value=len(gtin) - 2))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != gtin[i]]))
    assert gtin_check_digit(gtin[:i] + new + gtin[i + 1:-1]) != int(gtin[-1])


@pytest.mark.parametrize("gtin", ["123", "95060001343521", "950600013435a", "٩٥٠٦٠٠٠١٣٤٣٥٢"])
def test_malformed_gtins_name_segment_01(gtin):
    with pytest.raises(InputError) as info:
        normalize_gtin(gtin)
    assert info.value.details["segment"] == "01"


@given(serials)
def test_serials_round_trip_through_the_url(serial):
    pid = PassportId.gs1("9506000134352", serial)
    assert pid.path.startswith("/01/09506000134352/21/")
    assert "/" not in pid.path.split("/21/", 1)[1], "a '/' in the serial must be percent-encoded"
    assert parse_path(pid.path) == pid
    assert parse_url(pid.url("https://p.example.org/base"), "https://p.example.org/base") == pid


@pytest.mark.parametrize("serial,reason", [("", "empty"), ("A" * 21, "length"), ("ABC 1", "space"),
                                           ("é1", "non-ascii"), ("A#1", "hash"), ("A~1", "tilde")])
def test_bad_serials_name_segment_21(serial, reason):
    with pytest.raises(InputError) as info:
        PassportId.gs1("9506000134352", serial)
    assert info.value.details["segment"] == "21", reason


def test_percent_encoding_of_serial_characters():
    pid = PassportId.gs1("9506000134352", "AB/12%x?")
    assert pid.path == "/01/09506000134352/21/AB%2F12%25x%3F"
    assert parse_path(pid.path).serial == "AB/12%x?"


def test_malformed_percent_escape_is_refused():
    with pytest.raises(InputError) as info:
        parse_path("/01/09506000134352/21/AB%2")
    assert info.value.details["segment"] == "21"


def test_uuid_scheme_is_canonical_lower_case():
    u = uuid.uuid4()
    pid = parse_path(f"/id/{str(u).upper()}")
    assert pid.path == f"/id/{u}"
    assert parse_identifier(str(u)) == pid


def test_iso15459_scheme_keeps_its_slashes():
    pid = parse_path("/iso15459/UN.ABC123/BAT-0001")
    assert pid.value == "UN.ABC123/BAT-0001"
    assert parse_path(pid.path) == pid


@pytest.mark.parametrize("path,segment", [
    ("/02/09506000134352/21/A", "scheme"),
    ("/01/09506000134352/10/A", "21"),
    ("/01/09506000134352", "path"),
    ("/id/not-a-uuid", "id"),
    ("/iso15459/lower-case", "iso15459"),
    ("/", "path"),
])
def test_bad_paths_name_the_segment(path, segment):
    with pytest.raises(InputError) as info:
        parse_path(path)
    assert info.value.details["segment"] == segment


def test_url_outside_the_base_is_refused():
    with pytest.raises(InputError) as info:
        parse_url("https://other.example/01/09506000134352/21/A", "https://p.example.org")
    assert info.value.details["segment"] == "url"


def test_gtin_is_padded_in_the_path():
    assert PassportId.gs1("96385074", "S1").url("http://h:8000/") == "http://h:8000/01/00000096385074/21/S1"
