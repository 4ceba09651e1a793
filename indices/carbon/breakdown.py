"""The breakdown tree: every number of a footprint with the inputs and the formula it came from.

A `Node` is a value with a unit and how it was obtained: an `input` leaf names its `source` (a JSON pointer
into the calculation input, a factor in a named table, or a supplier credential by digest); every other node
is the `sum`, `product` or `quotient` of its `inputs`. `check` recomputes each node from its children, so a
reader can re-derive the published figures from the leaves alone (brightway keeps inventory and
characterization apart in the same spirit: the leaves are activity data and emission factors).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, with_config

Formula = Literal["input", "sum", "difference", "product", "quotient"]
#: Relative tolerance of a recomputation (float arithmetic in another order may differ in the last bits).
REL_TOL = 1e-9

_SYMBOL = {"sum": " + ", "difference": " − ", "product": " × ", "quotient": " ÷ "}


@with_config(ConfigDict(extra="forbid"))
@dataclass(frozen=True, slots=True)
class Node:
    """One number of the calculation and where it came from."""

    name: Annotated[str, Field(description="What the number is (e.g. 'cam emissions').")]
    value: Annotated[float, Field(description="The number, in `unit`.")]
    unit: Annotated[str, Field(description="Its unit (kg CO2e, kg, kWh, kg CO2e/kg, 1 for ratios...).")]
    formula: Annotated[Formula, Field(description="input (a leaf), or the sum, difference (first minus the "
                                      "others), product or quotient of `inputs` in order.")]
    source: Annotated[str | None, Field(description="Where a leaf came from: a JSON pointer into the input, "
                                        "'factor:<table>@<version>#<key>', 'credential:<digestSRI>', "
                                        "'custody:<pointer>' or 'constant'.")] = None
    inputs: Annotated[tuple[Node, ...], Field(description="The operands of a computed node, in order.")] = ()

    def expression(self) -> str:
        """The formula written out with operand names, e.g. 'mass × emission factor'."""
        if self.formula == "input":
            return self.source or "input"
        return _SYMBOL[self.formula].join(child.name for child in self.inputs)


# Nodes are plain frozen dataclasses so a 10,000-battery batch stays within its time budget (a pydantic model
# costs 10-40 µs per instance here, a dataclass well under 1 µs); pydantic still gives their JSON Schema,
# validation of a stored result and serialization through `TypeAdapter` (see `result.py`).

def leaf(name: str, value: float, unit: str, source: str) -> Node:
    """An input value and where it came from."""
    return Node(name, float(value), unit, "input", source, ())


def total(name: str, unit: str, inputs: list[Node] | tuple[Node, ...]) -> Node:
    """The sum of `inputs` (0 for none)."""
    value = math.fsum(n.value for n in inputs)
    return Node(name, value, unit, "sum", None, tuple(inputs))


def difference(name: str, unit: str, first: Node, *others: Node) -> Node:
    """first − the others (e.g. the share of a mass not covered by supplier data)."""
    value = first.value - math.fsum(n.value for n in others)
    return Node(name, value, unit, "difference", None, (first, *others))


def product(name: str, unit: str, *inputs: Node) -> Node:
    value = 1.0
    for n in inputs:
        value *= n.value
    return Node(name, value, unit, "product", None, inputs)


def quotient(name: str, unit: str, numerator: Node, denominator: Node) -> Node:
    """numerator ÷ denominator; a zero denominator gives 0 (an empty share, e.g. no emissions at all)."""
    value = numerator.value / denominator.value if denominator.value else 0.0
    return Node(name, value, unit, "quotient", None, (numerator, denominator))


def evaluate(node: Node) -> float:
    """The node's value recomputed from its leaves (ignores the stored values of computed nodes)."""
    if node.formula == "input":
        return node.value
    values = [evaluate(child) for child in node.inputs]
    if node.formula == "sum":
        return math.fsum(values)
    if node.formula == "difference":
        return values[0] - math.fsum(values[1:]) if values else 0.0
    if node.formula == "product":
        result = 1.0
        for v in values:
            result *= v
        return result
    numerator, denominator = values
    return numerator / denominator if denominator else 0.0


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


def check(node: Node, pointer: str = "") -> list[str]:
    """JSON pointers of every node whose stored value differs from its recomputation (empty: all agree)."""
    bad: list[str] = []
    if node.formula != "input":
        arity_ok = node.formula != "quotient" or len(node.inputs) == 2
        if not arity_ok or not close(node.value, evaluate(node)):
            bad.append(pointer or "/")
        for i, child in enumerate(node.inputs):
            bad.extend(check(child, f"{pointer}/inputs/{i}"))
    return bad


def leaves(node: Node) -> list[Node]:
    """Every input leaf under `node`, depth first."""
    if node.formula == "input":
        return [node]
    out: list[Node] = []
    for child in node.inputs:
        out.extend(leaves(child))
    return out


def render(node: Node, *, indent: str = "", max_depth: int | None = None) -> list[str]:
    """The tree as text lines, one node a line: name = value unit  [formula]."""
    how = f"[{node.source}]" if node.formula == "input" else f"[{node.expression()}]"
    lines = [f"{indent}{node.name} = {node.value:.6g} {node.unit}  {how}"]
    if max_depth is None or max_depth > 0:
        depth = None if max_depth is None else max_depth - 1
        for child in node.inputs:
            lines.extend(render(child, indent=indent + "  ", max_depth=depth))
    return lines
