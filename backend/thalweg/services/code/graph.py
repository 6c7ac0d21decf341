"""A computation-graph link -> a script of its forward and backward pass in torch, JAX or Keras.

The script builds f step by step as the view's nodes (compute/expression_graph.py:
operands before the operations that use them, f last), each operation written
in the framework from the very jnp function the engine applies (``formula.py``).
The forward pass gives every node's value; the backward pass every node's
adjoint ∂f/∂n_k: in torch, ``retain_grad()`` on each intermediate tensor, then
``backward()``; in JAX (and Keras on its JAX backend), a zero ``bump[k]`` added
to node k and ``jax.grad`` by the bumps, since JAX differentiates only a
function's inputs. It prints the view's answer (``POST /api/graph``) as JSON.
The link is read as the offline export reads it (``calculus_export.py``).
"""

from __future__ import annotations

import json
import textwrap

from thalweg.compute.expression_graph import ordered
from thalweg.compute.expressions import Term
from thalweg.services.calculus_export import graph_request
from thalweg.services.code.formula import FormulaError, Writer, plus
from thalweg.services.code.scripts import IMPORTS, template, with_keras_note
from thalweg.services.errors import UnprocessableError
from thalweg.services.graph import drawable

NAMES = {"torch": "PyTorch", "jax": "JAX", "keras": "Keras"}
BACKWARD = {
    "torch": "torch.autograd: retain_grad() on every node, then backward()",
    "jax": "jax.grad by a zero bump added to every node",
    "keras": "Keras on its JAX backend: jax.grad by a zero bump added to every node",
}
STACK = {"jax": "jnp.stack", "keras": "keras.ops.stack"}


def _leaf(term: Term, k: int, framework: str) -> str:
    """Node k when it is x, y or a constant: in torch a tensor of its own that autograd
    tracks (each occurrence of x its own node), in JAX its value plus its bump."""
    value = term.label if term.constant is None else repr(float(term.constant))
    if framework != "torch":
        return f"{value} + bump[{k}]"
    if term.constant is None:
        return f"{value}.clone()"
    return f"torch.tensor({value}, requires_grad=True)"


def nodes_body(tree: Term, framework: str) -> str:
    """The body of ``def nodes(…)``: one assignment per node, then the list of them."""
    writer = Writer(framework)
    terms, children = ordered(tree)
    lines: list[str] = []
    for k, term in enumerate(terms):
        if term.apply is None:
            line = f"n{k} = {_leaf(term, k, framework)}"
        else:
            known = len(writer.lines)
            try:
                expression = writer.call(term.apply, [f"n{c}" for c in children[k]])
            except FormulaError as error:
                raise UnprocessableError(str(error)) from None
            lines += writer.lines[known:]
            text = expression[0] if framework == "torch" else plus(expression, f"bump[{k}]")
            line = f"n{k} = {text}"
        lines.append(f"{line}  # {term.label}")
    names = ", ".join(f"n{k}" for k in range(len(terms)))
    listed = f"[{names}]" if framework == "torch" else f"{STACK[framework]}([{names}])"
    lines.append(f"return {listed}")
    return with_keras_note("\n".join(lines), framework)


def graph_script(query: str, framework: str) -> str:
    """The graph scene ``query`` names as a ``framework`` script (services/code/views.py)."""
    request = graph_request(query)
    expression = drawable(request)
    terms, _ = ordered(expression.tree)
    fields = {
        "title": f"The computation graph of f(x, y) = {request.expression} in {NAMES[framework]}",
        "framework": framework,
        "link": f"/graph.html?{query}",
        "filename": f"thalweg_{framework}.py",
        "backward": BACKWARD[framework],
        "imports": IMPORTS[framework],
        "point": repr(tuple(float(v) for v in request.point)),
        "labels": json.dumps([term.label for term in terms], ensure_ascii=False),
        "count": str(len(terms)),
        "nodes": textwrap.indent(nodes_body(expression.tree, framework), "    "),
    }
    head = template("graph_head").substitute(fields)
    return head + template(f"graph_{framework}").substitute(fields)
