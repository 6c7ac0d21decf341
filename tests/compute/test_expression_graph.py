"""Backpropagation on an expression's graph: the chain rule by hand equals jax.grad."""

import jax
import numpy as np
import pytest
from thalweg.compute.expression_graph import computation_graph, size
from thalweg.compute.expressions import compile_expression

EXPRESSIONS = [
    "(1-x)^2 + 100*(y-x^2)^2",
    "x*y + sin(x)",
    "exp(-(x^2 + y^2)) * cos(3*x)",
    "max(x, y) + hypot(x, y) - atan2(y, x)",
    "sqrt(x^2 + 1) / (2 + tanh(y))",
    "-x + +y - pi*e",
    "abs(x)^1.5 + log(1 + y^2)",
]
POINTS = [(-1.2, 1.0), (0.3, -0.7), (2.0, 0.5)]


@pytest.mark.parametrize("text", EXPRESSIONS)
@pytest.mark.parametrize("point", POINTS)
def test_leaf_adjoints_sum_to_jaxs_gradient_and_the_root_is_f(text, point):
    expression = compile_expression(text)
    nodes = computation_graph(expression.tree, *point)
    f = lambda w: expression.value(w[0], w[1], np.zeros(0))  # noqa: E731
    root = nodes[-1]
    assert root.adjoint == 1.0
    assert root.value == pytest.approx(float(f(np.asarray(point))), rel=1e-12)
    by_input = [sum(n.adjoint for n in nodes if n.kind == "input" and n.label == v) for v in "xy"]
    np.testing.assert_allclose(by_input, jax.grad(f)(np.asarray(point)), rtol=1e-10, atol=1e-12)


def test_nodes_come_after_their_operands_and_carry_the_local_derivatives():
    nodes = computation_graph(compile_expression("x*y + sin(x)").tree, 1.0, 2.0)
    assert [n.label for n in nodes] == ["x", "y", "×", "x", "sin", "+"]
    product, sine = nodes[2], nodes[4]
    assert product.children == (0, 1) and product.local == (2.0, 1.0)  # ∂(xy)/∂x = y, ∂/∂y = x
    assert sine.local == pytest.approx((np.cos(1.0),))
    # the chain rule: ā_x = ā_× · y + ā_sin · cos x, split over the two x leaves
    assert (nodes[0].adjoint, nodes[3].adjoint) == pytest.approx((2.0, np.cos(1.0)))
    assert [n.kind for n in nodes] == [
        "input",
        "input",
        "operation",
        "input",
        "operation",
        "operation",
    ]


def test_constants_and_integer_powers_are_labelled_as_written():
    nodes = computation_graph(compile_expression("2.5*x^3 - pi").tree, 2.0, 0.0)
    assert [n.label for n in nodes] == ["2.5", "x", "^3", "×", "π", "−"]
    assert nodes[2].local == (12.0,)  # d(x³)/dx at 2
    assert size(compile_expression("2.5*x^3 - pi").tree) == 6
