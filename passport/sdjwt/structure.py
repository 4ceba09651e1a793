"""Read an SD-JWT: split it, decode its JWS, and unpack the disclosed claims (RFC 9901 §4, §7.1 steps 3-5).

Unpacking records the JSON pointer (under `/credentialSubject`, where our attributes live) of every disclosure it
places, so the holder can choose by access level and the verifier can refuse what no digest references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from passport.credentials.jose import _unb64
from passport.errors import InputError
from passport.jsonio import read_json
from passport.model.tree import escape_token
from passport.sdjwt.disclosures import ARRAY_ELEMENT, SD, SD_ALG, Disclosure, parse

ROOT = "/credentialSubject"


@dataclass(frozen=True, slots=True)
class SdJwt:
    jws: str
    disclosures: list[str]
    kb_jwt: str | None

    @property
    def without_kb(self) -> str:
        """`<jws>~<d1>~...~`: what a KB-JWT's `sd_hash` covers (RFC 9901 §4.3.1)."""
        return "~".join([self.jws, *self.disclosures]) + "~"


def split(text: str) -> SdJwt:
    """ValueError when `text` is not `<jws>~[<disclosure>~]*[<kb-jwt>]`."""
    parts = text.strip().split("~")
    if len(parts) < 2 or parts[0].count(".") != 2:
        raise ValueError("not an SD-JWT: <issuer JWS>~<disclosures>~[KB-JWT]")
    return SdJwt(parts[0], [p for p in parts[1:-1] if p], parts[-1] or None)


def decode_jws(jws: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """(header, payload, signing input, signature); ValueError when it is not a compact JWS of JSON objects."""
    pieces = jws.split(".")
    if len(pieces) != 3:
        raise ValueError("not a compact JWS")
    try:  # the bounded reader: depth, duplicate members and NaN refused (a verifier must see what was signed)
        header, payload = read_json(_unb64(pieces[0])), read_json(_unb64(pieces[1]))
    except InputError as exc:
        raise ValueError(exc.message) from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("the JWS header and payload must be JSON objects")
    return header, payload, f"{pieces[0]}.{pieces[1]}".encode("ascii"), _unb64(pieces[2])


@dataclass
class Unpacked:
    claims: dict[str, Any]
    pointers: dict[str, str] = field(default_factory=dict)  # disclosure digest -> JSON pointer
    problems: list[str] = field(default_factory=list)


def unpack(payload: dict[str, Any], disclosures: list[str]) -> Unpacked:
    """The claims with every presented disclosure put in place; problems name what §7.1 forbids."""
    result = Unpacked(claims={})
    by_digest: dict[str, Disclosure] = {}
    for index, encoded in enumerate(disclosures):
        try:
            disclosure = parse(encoded)
        except (ValueError, UnicodeDecodeError):
            result.problems.append(f"disclosure {index} is not base64url JSON of [salt, (name,) value]")
            continue
        if disclosure.digest in by_digest:
            result.problems.append(f"disclosure {index} is presented twice")
        by_digest[disclosure.digest] = disclosure
    seen: set[str] = set()

    def walk(node: Any, pointer: str) -> Any:
        if isinstance(node, list):
            out = []
            for i, item in enumerate(node):
                if isinstance(item, dict) and set(item) == {ARRAY_ELEMENT}:
                    disclosure = take(item[ARRAY_ELEMENT], f"{pointer}/{i}")
                    if disclosure is not None:
                        if disclosure.name is not None:
                            result.problems.append(f"{pointer}/{i}: an object disclosure in an array")
                        out.append(walk(disclosure.value, f"{pointer}/{len(out)}"))
                    continue
                out.append(walk(item, f"{pointer}/{len(out)}"))
            return out
        if not isinstance(node, dict):
            return node
        out_obj = {k: walk(v, f"{pointer}/{escape_token(k)}") for k, v in node.items() if k not in (SD, SD_ALG)}
        digests = node.get(SD, [])
        if not isinstance(digests, list):
            result.problems.append(f"{pointer}/_sd is not an array")
            digests = []
        for digest in digests:
            disclosure = take(digest, pointer)
            if disclosure is None:
                continue
            if disclosure.name is None:
                result.problems.append(f"{pointer}: an array-element disclosure in an object")
                continue
            if disclosure.name in out_obj:
                result.problems.append(f"{pointer}/{escape_token(disclosure.name)} is disclosed over an existing claim")
                continue
            member_pointer = f"{pointer}/{escape_token(disclosure.name)}"
            result.pointers[disclosure.digest] = member_pointer
            out_obj[disclosure.name] = walk(disclosure.value, member_pointer)
        return out_obj

    def take(digest: Any, pointer: str) -> Disclosure | None:
        if not isinstance(digest, str):
            result.problems.append(f"{pointer}: a digest is not a string")
            return None
        if digest in seen:
            result.problems.append(f"{pointer}: a digest appears twice")
            return None
        seen.add(digest)
        return by_digest.get(digest)

    result.claims = walk(payload, "")
    # Our claims are the credentialSubject's members: pointers are taken under it.
    result.pointers = {d: ROOT + p for d, p in result.pointers.items()}
    unreferenced = set(by_digest) - seen
    if unreferenced:
        result.problems.append(f"{len(unreferenced)} disclosure(s) are referenced by no digest")
    return result
