"""Declarative mapping tables between our passport JSON and another data model's JSON, and the one engine that
runs them both ways.

A table is a tuple of rules. `Rule(ours, theirs, annex, convert)` maps one leaf: `ours` is a dotted path in our
passport JSON (`generalProductInformation.weightKg`), `theirs` a slash path in theirs
(`GeneralProductInformation/batteryMass`), `annex` the Annex XIII point it serves, and `convert` a `Conversion`
(unit scale, code list, date form...). `Each(ours, theirs, rules)` maps a list item by item, its rules' paths
relative to the item. Exporting reads each of our leaves that is present and writes theirs; importing does the
reverse and remembers, for every leaf it wrote, the pointer in their document it came from, so a value our model
refuses is named where the caller can find it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Union

#: Marker for "no value": distinct from JSON null.
_MISSING = object()


class ConversionError(ValueError):
    """A value that cannot be converted (names the reason; the caller names the pointer)."""


@dataclass(frozen=True)
class Conversion:
    """A pair of pure functions: our JSON value -> theirs, and back."""

    name: str
    to_theirs: Callable[[Any], Any]
    to_ours: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


SAME = Conversion("same", _same, _same)


def _number(value: Any) -> int | float:
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ConversionError(f"not a number: {value!r}") from exc
    text = str(value)
    return int(number) if number == number.to_integral_value() and "." not in text and "e" not in text.lower() \
        else float(number)


def _decimal_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConversionError(f"not a number: {value!r}")
    if isinstance(value, str):
        try:
            Decimal(value)
        except InvalidOperation as exc:
            raise ConversionError(f"not a number: {value!r}") from exc
        return value
    return str(value) if isinstance(value, int) else repr(value)


#: Our decimals travel as JSON strings (exact); most models want JSON numbers.
DECIMAL = Conversion("decimal <-> number", _number, _decimal_text)


def scale(factor: str, name: str) -> Conversion:
    """Our value times `factor` is theirs (e.g. kWh -> Wh: "1000"); exact in decimal arithmetic."""
    k = Decimal(factor)

    def to_theirs(value: Any) -> int | float:
        return _number(str(Decimal(str(value)) * k))

    def to_ours(value: Any) -> str:
        result = Decimal(_decimal_text(value)) / k
        return format(result.normalize(), "f") if result == result.to_integral_value() else str(result)

    return Conversion(name, to_theirs, to_ours)


def codes(table: Mapping[str, str], name: str) -> Conversion:
    """A code-list mapping; a value without a counterpart is a ConversionError naming the list."""
    back = {v: k for k, v in table.items()}

    def to_theirs(value: Any) -> str:
        if value not in table:
            raise ConversionError(f"{value!r} has no counterpart in {name}")
        return table[value]

    def to_ours(value: Any) -> str:
        if value not in back:
            raise ConversionError(f"{value!r} is not one of {sorted(back)}")
        return back[value]

    return Conversion(name, to_theirs, to_ours)


def _date_to_datetime(value: Any) -> str:
    return f"{date.fromisoformat(value).isoformat()}T00:00:00Z"


def _datetime_to_date(value: Any) -> str:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConversionError(f"not a date-time: {value!r}") from exc
    return when.date().isoformat()


#: Our calendar date <-> their date-time at midnight UTC (their date part read back).
DATE_AS_DATETIME = Conversion("date <-> date-time (00:00Z)", _date_to_datetime, _datetime_to_date)


def _utc(value: Any) -> str:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ConversionError(f"not a date-time: {value!r}") from exc
    if when.tzinfo is None:
        raise ConversionError(f"a date-time needs its UTC offset: {value!r}")
    return when.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


#: Date-times both ways, normalised to UTC with `Z`.
DATETIME = Conversion("date-time (UTC)", _utc, _utc)


def _text_to_language_map(value: Any) -> dict[str, str]:
    return {"en": value}


def _language_map_to_text(value: Any) -> str:
    if not isinstance(value, dict) or not isinstance(value.get("en"), str):
        raise ConversionError("a multi-language text needs its English entry ({\"en\": ...})")
    return value["en"]


#: Our English text <-> a SAMM MultiLanguageText (`{"en": text}`); other languages are not kept on import.
ENGLISH_TEXT = Conversion("text <-> MultiLanguageText (en)", _text_to_language_map, _language_map_to_text)


@dataclass(frozen=True)
class Rule:
    """One leaf: our path <-> their path, the Annex XIII point, the conversion."""

    ours: str
    theirs: str
    annex: str
    convert: Conversion = SAME
    note: str = ""


@dataclass(frozen=True)
class Const:
    """A value their model requires beside a mapped one (a unit code, a category): written on export, checked on
    import (another value there means the mapped value is in another unit or sense: named, not guessed)."""

    theirs: str
    value: Any
    note: str = ""


@dataclass(frozen=True)
class Keyed:
    """One of our leaves <-> the item of their list whose `key` field has `key_value` (e.g. our pack resistance
    <-> `initialInternalResistance[batteryComponent=pack].ohmicResistance`)."""

    ours: str
    theirs: str
    key: str
    key_value: str
    value: str
    annex: str
    convert: Conversion = SAME
    note: str = ""


@dataclass(frozen=True)
class Each:
    """A list mapped item by item; `rules` are relative to one item on each side. With `where`, only their
    items whose field has that value belong to this list (and exported items get it)."""

    ours: str
    theirs: str
    annex: str
    rules: tuple[Union[Rule, Keyed, Const, "Each"], ...]
    where: tuple[str, Any] | None = None
    exclude: tuple[str, Any] | None = None
    #: Our field (relative to the item) without which an item means nothing in their model: when it cannot be
    #: converted, the whole item is not representable (and is named), rather than exported without it.
    key: str | None = None
    note: str = ""


Table = tuple[Union[Rule, Keyed, Const, Each], ...]


def leaves(table: Table, ours_prefix: str = "", theirs_prefix: str = "") -> Iterator[tuple[str, str, str, Any]]:
    """(our path, their path, annex point, rule) of every leaf, list levels written `[]`."""
    for rule in table:
        if isinstance(rule, Const):
            continue
        ours = _join(ours_prefix, rule.ours, ".")
        theirs = _join(theirs_prefix, rule.theirs, "/")
        if isinstance(rule, Const):
            continue
        if isinstance(rule, Each):
            yield from leaves(rule.rules, ours + "[]", theirs + "[]")
        elif isinstance(rule, Keyed):
            yield ours, f"{theirs}[{rule.key}={rule.key_value}]/{rule.value}", rule.annex, rule  # type: ignore[misc]
        else:
            yield ours, theirs, rule.annex or "", rule


def _join(prefix: str, path: str, sep: str) -> str:
    if not prefix:
        return path
    return prefix if not path else f"{prefix}{sep}{path}"


# --- reading and writing nested JSON by path ---------------------------------------------------------------

def _get(node: Any, path: str, sep: str) -> Any:
    """The value at `path`; a digit segment indexes a list (`id/0/name`: the first identifier's name)."""
    for part in path.split(sep) if path else ():
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return _MISSING
    return node


def _set(node: Any, path: str, sep: str, value: Any) -> None:
    parts = path.split(sep)
    for part, following in zip(parts[:-1], parts[1:]):
        empty: Any = [] if following.isdigit() else {}
        if isinstance(node, list):
            while len(node) <= int(part):
                node.append({})
            if not node[int(part)]:
                node[int(part)] = empty
            node = node[int(part)]
        else:
            node = node.setdefault(part, empty)
    if isinstance(node, list):
        while len(node) <= int(parts[-1]):
            node.append(None)
        node[int(parts[-1])] = value
    else:
        node[parts[-1]] = value


def _pointer(path: str, sep: str) -> str:
    return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in path.split(sep)) if path else ""


@dataclass
class Outcome:
    """What running a table produced: the document, and the problems met on the way."""

    document: dict[str, Any] = field(default_factory=dict)
    #: (their JSON pointer, our JSON pointer) of every leaf written, on import.
    origins: dict[str, str] = field(default_factory=dict)
    #: (pointer in the source, reason) of every value that could not be converted.
    invalid: list[tuple[str, str]] = field(default_factory=list)


def export(table: Table, ours: dict[str, Any]) -> Outcome:
    """Our passport JSON -> their JSON, for every rule whose leaf is present."""
    out = Outcome()
    _run(table, ours, out.document, out, src_sep=".", dst_sep="/", forward=True, src_ptr="", dst_ptr="")
    return out


def import_(table: Table, theirs: dict[str, Any]) -> Outcome:
    """Their JSON -> our passport JSON, remembering where each of our leaves came from."""
    out = Outcome()
    _run(table, theirs, out.document, out, src_sep="/", dst_sep=".", forward=False, src_ptr="", dst_ptr="")
    return out


def _run(table: Table, src: Any, dst: dict[str, Any], out: Outcome, *, src_sep: str, dst_sep: str,
         forward: bool, src_ptr: str, dst_ptr: str) -> None:
    consts = [r for r in table if isinstance(r, Const)]
    for rule in table:
        if isinstance(rule, Const):
            continue
        if isinstance(rule, Keyed):
            _run_keyed(rule, src, dst, out, forward=forward, src_ptr=src_ptr, dst_ptr=dst_ptr)
            continue
        src_path, dst_path = (rule.ours, rule.theirs) if forward else (rule.theirs, rule.ours)
        value = _get(src, src_path, src_sep)
        if value is _MISSING or value is None:
            continue
        here = src_ptr + _pointer(src_path, src_sep)
        there = dst_ptr + _pointer(dst_path, dst_sep)
        if isinstance(rule, Each):
            if not isinstance(value, list):
                out.invalid.append((here, "a list is expected here"))
                continue
            items: list[Any] = []
            for i, item in enumerate(value):
                target: dict[str, Any] = {}
                if not forward and isinstance(item, dict) and (
                        (rule.where and item.get(rule.where[0]) != rule.where[1])
                        or (rule.exclude and item.get(rule.exclude[0]) == rule.exclude[1])):
                    continue
                if isinstance(item, dict):
                    failures = len(out.invalid)
                    _run(rule.rules, item, target, out, src_sep=src_sep, dst_sep=dst_sep, forward=forward,
                         src_ptr=f"{here}/{i}", dst_ptr=f"{there}/{len(items)}")
                    key_pointer = f"{here}/{i}{_pointer(rule.key, src_sep)}" if forward and rule.key else None
                    if key_pointer and any(p == key_pointer for p, _ in out.invalid[failures:]):
                        target = {}
                else:
                    out.invalid.append((f"{here}/{i}", "an object is expected here"))
                if target:
                    if forward and rule.where:
                        target[rule.where[0]] = rule.where[1]
                    items.append(target)
            if items:
                _merge_list(dst, dst_path, dst_sep, items)
                if not forward:
                    out.origins.setdefault(there, here)
            continue
        try:
            converted = _convert(rule.convert, value, forward)
        except ConversionError as exc:
            out.invalid.append((here, str(exc)))
            continue
        _set(dst, dst_path, dst_sep, converted)
        if not forward:
            out.origins[there] = here
    _apply_consts(consts, src, dst, out, forward=forward, src_ptr=src_ptr)


def _apply_consts(consts: list[Const], src: Any, dst: dict[str, Any], out: Outcome, *, forward: bool,
                  src_ptr: str) -> None:
    for const in consts:
        if forward:
            parent = const.theirs.rsplit("/", 1)[0] if "/" in const.theirs else ""
            if not parent or _get(dst, parent, "/") is not _MISSING:  # only beside a value that was written
                _set(dst, const.theirs, "/", const.value)
            continue
        found = _get(src, const.theirs, "/")
        if found is not _MISSING and found != const.value:
            out.invalid.append((src_ptr + _pointer(const.theirs, "/"), f"only {const.value!r} is supported here"))


def _run_keyed(rule: Keyed, src: Any, dst: dict[str, Any], out: Outcome, *, forward: bool, src_ptr: str,
               dst_ptr: str) -> None:
    if forward:
        value = _get(src, rule.ours, ".")
        if value is _MISSING or value is None:
            return
        try:
            converted = _convert(rule.convert, value, True)
        except ConversionError as exc:
            out.invalid.append((src_ptr + _pointer(rule.ours, "."), str(exc)))
            return
        _merge_list(dst, rule.theirs, "/", [{rule.key: rule.key_value, rule.value: converted}])
        return
    items = _get(src, rule.theirs, "/")
    if not isinstance(items, list):
        return
    for i, item in enumerate(items):
        if isinstance(item, dict) and item.get(rule.key) == rule.key_value and rule.value in item:
            here = f"{src_ptr}{_pointer(rule.theirs, '/')}/{i}/{rule.value}"
            try:
                converted = _convert(rule.convert, item[rule.value], False)
            except ConversionError as exc:
                out.invalid.append((here, str(exc)))
                return
            _set(dst, rule.ours, ".", converted)
            out.origins[dst_ptr + _pointer(rule.ours, ".")] = here
            return


def _convert(conversion: Conversion, value: Any, forward: bool) -> Any:
    fn = conversion.to_theirs if forward else conversion.to_ours
    if isinstance(value, list):
        return [fn(v) for v in value]
    return fn(value)


def _merge_list(dst: dict[str, Any], path: str, sep: str, items: list[Any]) -> None:
    """Two rules may fill the same list (e.g. two of our lists -> one of theirs): append, never overwrite."""
    existing = _get(dst, path, sep)
    if isinstance(existing, list):
        existing.extend(items)
    else:
        _set(dst, path, sep, items)
