"""The computation graph of an expression: backpropagation, spelled out.

The expression's terms (compute/expressions.py) are the nodes of a tree whose
leaves are x, y and constants. At a point (x, y):

* forward pass: every node's value v_n = op_n(v_children), leaves first;
* backward pass (reverse mode): the adjoint ā_n = ∂f/∂v_n, with ā_root = 1 and,
  by the chain rule, ā_c = Σ over the parents p of c of ā_p · ∂op_p/∂v_c.

∂f/∂x is the sum of the adjoints of the x leaves (x may appear several times),
and equals JAX's ∇f. JAX supplies each local derivative ∂op_p/∂v_c; the chain
rule is written out here because JAX's own reverse pass would fold it away,
and showing it node by node is the point (as micrograd does).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import numpy as np

from thalweg.compute.expressions import Term


class GraphNode(NamedTuple):
    label: str
    kind: str  # "input" (x, y), "constant" or "operation"
    children: tuple[int, ...]  # indices of the operands, left to right
    value: float  # forward pass
    adjoint: float  # backward pass: ∂f/∂(this node)
    local: tuple[float, ...]  # ∂(this node)/∂(each operand)


def ordered(tree: Term) -> tuple[list[Term], list[tuple[int, ...]]]:
    """The terms of ``tree`` in post-order (operands before the terms that use them, the
    root last) and, for each, the indices of its operands."""
    terms: list[Term] = []
    children: list[tuple[int, ...]] = []

    def collect(term: Term) -> int:
        indices = tuple(collect(child) for child in term.children)
        terms.append(term)
        children.append(indices)
        return len(terms) - 1

    collect(tree)
    return terms, children


def computation_graph(tree: Term, x: float, y: float) -> list[GraphNode]:
    """The nodes of ``tree`` at (x, y), operands before the nodes that use them; the root last."""
    terms, children = ordered(tree)
    values = [0.0] * len(terms)
    local: list[tuple[float, ...]] = [()] * len(terms)
    for i, term in enumerate(terms):
        operands = [np.float64(values[c]) for c in children[i]]
        values[i] = float(
            term.evaluate(np.float64(x), np.float64(y)) if not operands else term.apply(*operands)
        )
        if operands:
            local[i] = tuple(
                float(jax.grad(term.apply, argnums=k)(*operands)) for k in range(len(operands))
            )
    adjoints = [0.0] * len(terms)
    adjoints[-1] = 1.0
    for i in reversed(range(len(terms))):
        for c, partial in zip(children[i], local[i], strict=True):
            adjoints[c] += adjoints[i] * partial
    return [
        GraphNode(term.label, _kind(term), children[i], values[i], adjoints[i], local[i])
        for i, term in enumerate(terms)
    ]


def size(tree: Term) -> int:
    """The number of nodes of ``tree``."""
    return 1 + sum(size(child) for child in tree.children)


def _kind(term: Term) -> str:
    if term.apply is not None:
        return "operation"
    return "constant" if term.constant is not None else "input"
