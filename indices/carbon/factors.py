"""Emission-factor tables and the performance-class table: data files that name their source and licence.

A `FactorTable` holds factors of one `kind` (material per kg, electricity per kWh, fuel per MJ, gas GWP per kg,
transport per tonne-km, end-of-life treatment per kg). A `FactorSet` searches its tables of a kind in order,
so a user's table placed first replaces the shipped factors it names and leaves the others. Every factor used
is cited in the breakdown as `factor:<table id>@<version>#<key>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from indices.carbon.breakdown import Node, leaf
from indices.carbon.inputs import invalid
from passport.errors import InputError
from passport.jsonio import read_json_file

FACTORS_DIR = Path(__file__).with_name("factors")
FactorKind = Literal["material", "electricity", "fuel", "gas", "transport", "end_of_life"]
KIND_UNITS: dict[str, str] = {"material": "kg CO2e/kg", "electricity": "kg CO2e/kWh", "fuel": "kg CO2e/MJ",
                              "gas": "kg CO2e/kg", "transport": "kg CO2e/tkm", "end_of_life": "kg CO2e/kg"}
SHIPPED_TABLES = ("materials-illustrative", "chemistries-illustrative", "electricity-ipcc-ar5-sources", "electricity-grid-illustrative",
                  "fuels-ipcc-2006", "gwp100-ipcc-ar6", "transport-illustrative", "end-of-life-illustrative")
SHIPPED_CLASSES = "performance-classes-illustrative"
T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, validate_by_alias=True, validate_by_name=True,
                              serialize_by_alias=True, extra="forbid", frozen=True)


class FactorSource(_Model):
    """Where a table's numbers come from and under which terms they may be used."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    url: str = Field(min_length=1)
    licence: str = Field(min_length=1, description="Licence or terms of use of the values.")
    note: str | None = None


class EmissionFactor(_Model):
    value: float = Field(ge=0, description="The factor, in the table's unit.")
    status: Literal["published", "illustrative", "user"] = Field(
        description="published: quotes a public figure; illustrative: a project default; user: the user's own.")
    data_quality_rating: float = Field(ge=1, le=5, description="PEF-style data quality rating, 1 (excellent) to 5.")
    note: str | None = None


class FactorTable(_Model):
    """A versioned table of emission factors of one kind."""

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9._-]+$")
    version: str = Field(min_length=1)
    kind: FactorKind
    unit: str
    source: FactorSource
    factors: dict[str, EmissionFactor]

    @field_validator("unit")
    @classmethod
    def _unit(cls, unit: str, info: object) -> str:
        kind = getattr(info, "data", {}).get("kind")
        if kind is not None and KIND_UNITS[kind] != unit:
            raise ValueError(f"a {kind} table is in {KIND_UNITS[kind]}")
        return unit

    def ref(self, key: str) -> str:
        return f"factor:{self.id}@{self.version}#{key}"


class ClassBand(_Model):
    class_: str = Field(alias="class", pattern=r"^[A-G]$")
    up_to: float | None = Field(description="Upper bound (inclusive) in kg CO2e/kWh; null for the last class.")


class ClassTable(_Model):
    """Performance classes per battery category: the first band whose bound the footprint does not exceed."""

    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str
    note: str | None = None
    unit: Literal["kg CO2e/kWh"]
    categories: dict[str, list[ClassBand]]

    def classify(self, category: str, kg_co2e_per_kwh: float) -> str | None:
        """The class of a footprint, or None when the table has no bands for the category."""
        for band in self.categories.get(category, []):
            if band.up_to is None or kg_co2e_per_kwh <= band.up_to:
                return band.class_
        return None


@dataclass(frozen=True)
class Resolved:
    """A factor found in a table: its value, the citation and its data quality."""

    value: float
    ref: str
    rating: float
    status: str
    table: str      # "<id>@<version>"
    node: Node      # the factor as a breakdown leaf (shared by every battery that uses it)
    rating_node: Node


@dataclass(frozen=True)
class FactorSet:  # not slotted: it caches its index in __dict__
    """Tables searched in order per kind; `resolve` raises InputError naming the pointer of the lookup."""

    tables: tuple[FactorTable, ...]

    def resolve(self, kind: str, key: str, pointer: str) -> Resolved:
        found = self._index().get((kind, key))
        if found is None:
            known = sorted({k for (c, k) in self._index() if c == kind})
            raise InputError(f"no {kind} emission factor '{key}' in the factor tables; known: {', '.join(known)}",
                             code="UNKNOWN_FACTOR",
                             details={"pointer": pointer, "kind": kind, "known": known,
                                      "tables": [t.id for t in self.tables if t.kind == kind]})
        return found

    def _index(self) -> dict[tuple[str, str], Resolved]:
        cached = self.__dict__.get("_cache")
        if cached is None:
            cached = {}
            for table in reversed(self.tables):
                for key, factor in table.factors.items():
                    ref = table.ref(key)
                    cached[(table.kind, key)] = Resolved(
                        factor.value, ref, factor.data_quality_rating, factor.status, f"{table.id}@{table.version}",
                        leaf(f"{key} factor", factor.value, table.unit, ref),
                        leaf(f"{key} factor data quality rating", factor.data_quality_rating, "DQR", ref))
            object.__setattr__(self, "_cache", cached)
            object.__setattr__(self, "_by_ref", {r.ref: r for r in cached.values()})
        return cached

    def by_ref(self, ref: str) -> Resolved:
        """The factor a citation names (only citations this set produced)."""
        self._index()
        return self.__dict__["_by_ref"][ref]

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """A value derived from this set alone (e.g. which tables a set of citations uses), computed once."""
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def with_tables(self, *tables: FactorTable) -> FactorSet:
        """A set where `tables` come first: their factors replace same-kind, same-key factors."""
        return FactorSet(tuple(tables) + self.tables)

    def cited(self) -> list[dict[str, str]]:
        return [{"id": t.id, "version": t.version, "kind": t.kind, "title": t.source.title,
                 "licence": t.source.licence, "url": t.source.url} for t in self.tables]


_Table = TypeVar("_Table", bound=BaseModel)


def _read(path: Path) -> object:
    return read_json_file(path)


def _load(path: Path | str, model: type[_Table], code: str) -> _Table:
    data = _read(Path(path))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, code, data, file=str(path)) from exc


def load_table(path: Path | str) -> FactorTable:
    return _load(path, FactorTable, "INVALID_FACTOR_TABLE")


def load_classes(path: Path | str) -> ClassTable:
    return _load(path, ClassTable, "INVALID_CLASS_TABLE")


@lru_cache(maxsize=1)
def default_factors() -> FactorSet:
    """The shipped tables (see factors/README.md for each one's source, licence and status)."""
    return FactorSet(tuple(load_table(FACTORS_DIR / f"{name}.json") for name in SHIPPED_TABLES))


@lru_cache(maxsize=1)
def default_classes() -> ClassTable:
    """The shipped, illustrative performance-class table (not the delegated act's)."""
    return load_classes(FACTORS_DIR / f"{SHIPPED_CLASSES}.json")
