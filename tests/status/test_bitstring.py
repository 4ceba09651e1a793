"""The status bitstring against the spec's and Digital Bazaar's encoded lists, and its guards."""

from __future__ import annotations

import base64
import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passport.status import MIN_LENGTH, Bitstring
from passport.status.bitstring import StatusListError


@pytest.fixture(scope="module")
def vectors(vectors_dir):
    data = json.loads((vectors_dir / "vc-bitstring-status-list" / "encodedList-vectors.json").read_text())["vectors"]
    assert len(data) >= 4
    return data


def test_decoded_vectors_have_the_published_bits(vectors):
    for vector in vectors:
        bits = Bitstring.decode(vector["encodedList"])
        assert bits.length == vector["decodedLengthBits"], vector["name"]
        assert bits.set_indexes() == vector["setIndexesMsbFirst"], vector["name"]


def test_left_most_bit_is_index_zero(vectors):
    """The authoritative 50,000th-bit list reads as 50000, not 50007: bit order is most significant first."""
    authoritative = next(v for v in vectors if "authoritative" in v["name"])
    bits = Bitstring.decode(authoritative["encodedList"])
    assert bits.get(50000) and not bits.get(50007)


def test_encoding_the_same_bits_decodes_identically(vectors):
    authoritative = next(v for v in vectors if "authoritative" in v["name"])
    ours = Bitstring(100_000)
    ours.set(50000)
    assert Bitstring.decode(ours.encode()).set_indexes() == [50000]
    assert Bitstring.decode(ours.encode())._bits == Bitstring.decode(authoritative["encodedList"])._bits


def test_spec_example_is_the_minimum_size(vectors):
    assert Bitstring.decode(vectors[0]["encodedList"]).length == MIN_LENGTH
    assert Bitstring().length == MIN_LENGTH


@settings(max_examples=50, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=MIN_LENGTH - 1), max_size=40))
def test_round_trip(indexes):
    bits = Bitstring()
    for i in indexes:
        bits.set(i)
    decoded = Bitstring.decode(bits.encode())
    assert decoded.set_indexes() == sorted(indexes)


def test_encoding_is_reproducible():
    a, b = Bitstring(), Bitstring()
    a.set(7)
    b.set(7)
    assert a.encode() == b.encode()


def test_unset_clears_a_bit():
    bits = Bitstring()
    bits.set(3)
    bits.set(3, False)
    assert not bits.get(3)


@pytest.mark.parametrize("index", [-1, MIN_LENGTH, "3", True])
def test_index_outside_the_list_is_refused(index):
    with pytest.raises(StatusListError) as info:
        Bitstring().get(index)
    assert info.value.code == "STATUS_LIST_INDEX_OUT_OF_RANGE"


@pytest.mark.parametrize("encoded", ["", "u!!!", "uAAAA", "u" + base64.urlsafe_b64encode(b"not gzip").decode()])
def test_garbage_is_a_clear_error(encoded):
    with pytest.raises(StatusListError) as info:
        Bitstring.decode(encoded)
    assert info.value.details["pointer"] == "/credentialSubject/encodedList"


def test_decompression_bomb_is_refused():
    bomb = gzip.compress(bytes(64 * 1024 * 1024), mtime=0)  # 64 MiB of zeros, ~64 KiB compressed
    encoded = "u" + base64.urlsafe_b64encode(bomb).rstrip(b"=").decode()
    with pytest.raises(StatusListError):
        Bitstring.decode(encoded)
