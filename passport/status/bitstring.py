"""The status bitstring: GZIP-compressed, multibase base64url, index 0 the left-most (most significant) bit.

Spec: Bitstring Status List v1.0 §3.1 (Bitstring Generation Algorithm), §3.2 (Bitstring Expansion Algorithm),
§5.1 (privacy: a list of at least 131,072 entries so one entry hides among many).
"""

from __future__ import annotations

import base64
import gzip
import zlib

from passport.errors import InputError

MIN_LENGTH = 131_072  # 16 KiB: the spec's minimum, for herd privacy
MAX_ENCODED = 4_000_000  # refuse absurd inputs before decompressing them
MAX_LENGTH = 1 << 27  # 16 MiB of bits: a decompression bomb guard


class StatusListError(InputError):
    code = "STATUS_LIST_ERROR"


class Bitstring:
    """A fixed-length bitstring; mutable while a list is being built, encoded for publication."""

    __slots__ = ("_bits", "length")

    def __init__(self, length: int = MIN_LENGTH, *, data: bytes | None = None):
        if length <= 0 or length % 8:
            raise StatusListError("a status list's length must be a positive multiple of 8", details={"length": length})
        self.length = length
        self._bits = bytearray(data) if data is not None else bytearray(length // 8)
        if len(self._bits) * 8 != length:
            raise StatusListError("bitstring data does not match its length", details={"length": length})

    def _locate(self, index: int) -> tuple[int, int]:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < self.length:
            raise StatusListError(f"status list index {index} is outside the list of {self.length} entries",
                                  code="STATUS_LIST_INDEX_OUT_OF_RANGE", details={"index": index})
        return index // 8, 7 - index % 8  # left-most bit first

    def get(self, index: int) -> bool:
        byte, shift = self._locate(index)
        return bool(self._bits[byte] >> shift & 1)

    def set(self, index: int, value: bool = True) -> None:
        byte, shift = self._locate(index)
        if value:
            self._bits[byte] |= 1 << shift
        else:
            self._bits[byte] &= ~(1 << shift) & 0xFF

    def set_indexes(self) -> list[int]:
        return [i * 8 + (7 - s) for i, b in enumerate(self._bits) if b for s in range(7, -1, -1) if b >> s & 1]

    def encode(self) -> str:
        """§3.1: `u` + base64url (no padding) of the GZIP-compressed bits; mtime 0 so the bytes are reproducible."""
        compressed = gzip.compress(bytes(self._bits), compresslevel=9, mtime=0)
        return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()

    @classmethod
    def decode(cls, encoded_list: str) -> Bitstring:
        """§3.2: the bits behind an `encodedList` (multibase `u`, or bare base64url as some 2021 lists are)."""
        if not isinstance(encoded_list, str) or not encoded_list or len(encoded_list) > MAX_ENCODED:
            raise StatusListError("encodedList must be a non-empty string of reasonable size",
                                  details={"pointer": "/credentialSubject/encodedList"})
        text = encoded_list[1:] if encoded_list.startswith("u") else encoded_list
        try:
            compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            raw = inflater.decompress(compressed, MAX_LENGTH // 8 + 1)
        except (ValueError, zlib.error) as exc:
            raise StatusListError("encodedList is not base64url-encoded GZIP data",
                                  details={"pointer": "/credentialSubject/encodedList"}) from exc
        if len(raw) > MAX_LENGTH // 8 or inflater.unconsumed_tail:
            raise StatusListError("encodedList expands beyond the maximum list size",
                                  details={"pointer": "/credentialSubject/encodedList"})
        if not raw:
            raise StatusListError("encodedList expands to an empty list", details={"pointer": "/credentialSubject/encodedList"})
        return cls(len(raw) * 8, data=raw)
