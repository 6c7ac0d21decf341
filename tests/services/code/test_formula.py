"""Surfaces printed as source: the printed JAX formula is the engine's f, value and gradient."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.expressions import compile_expression
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import Objective
from thalweg.services.code.formula import FormulaError, formula

EXPRESSIONS = [
    "(1-x)^2 + 100*(y-x^2)^2",
    "sin(x)*cos(y) + x^2/10",
    "max(abs(x), 2*y) - min(x, y) + atan2(y, x+5)",
    "sigmoid(x) * tanh(y) + log(1 + exp(-x)) + sqrt(x^2 + y^2 + 1)",
    "x - -y - (x - y) + x / (y / 3) + 2^-x",
    "softplus(x) + relu(y) + log10(x + 5) + log2(y + 3) + cbrt(x)",
]


def cases():
    for sid, spec in SURFACES.items():
        params = np.asarray([p.default * 1.5 if p.default else 0.3 for p in spec.params])
        yield pytest.param(Objective(sid, spec.value), params, spec.domain, id=sid)
    for text in EXPRESSIONS:
        expression = compile_expression(text)
        yield pytest.param(
            Objective(text, expression.value), np.zeros(0), ((-2.0, 2.0), (-2.0, 2.0)), id=text
        )


def printed(objective, params, framework="jax"):
    body = formula(objective, params, framework)
    source = "def f(x, y):\n" + "\n".join(f"    {line}" for line in body.splitlines())
    namespace = {"jnp": jnp, "jax": jax}
    exec(source, namespace)  # the generated source, as a script would run it
    return namespace["f"], source


@pytest.mark.parametrize(("objective", "params", "domain"), list(cases()))
def test_printed_jax_formula_equals_the_engines_function(objective, params, domain):
    f, source = printed(objective, params)
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = domain
    points = jnp.asarray(np.stack([rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)], axis=1))

    def at_points(g):
        return jax.jit(jax.vmap(jax.value_and_grad(lambda w: g(w[0], w[1]))))(points)

    expected = at_points(lambda x, y: objective.value(x, y, params))
    got = at_points(f)
    np.testing.assert_allclose(got[0], expected[0], rtol=1e-13, atol=1e-13, err_msg=source)
    np.testing.assert_allclose(got[1], expected[1], rtol=1e-12, atol=1e-12, err_msg=source)


def test_formula_keeps_evaluation_order_and_names_shared_values():
    def value(x, y, params):
        r = x**2 + y**2
        return x - (y - 1) + jnp.sqrt(r) * jnp.sin(r)

    torch_body = formula(Objective("e", value), np.zeros(0), "torch")
    assert torch_body.splitlines() == [
        "t1 = x ** 2 + y ** 2",
        "return x - (y - 1.0) + torch.sqrt(t1) * torch.sin(t1)",
    ]
    assert "keras.ops.sqrt(t1)" in formula(Objective("e", value), np.zeros(0), "keras")


def test_unsupported_operations_are_named():
    objective = Objective("erf", lambda x, y, p: jax.scipy.special.erf(x) + y)
    with pytest.raises(FormulaError, match="'erf'"):
        formula(objective, np.zeros(0), "torch")


def test_comparisons_inside_boolean_operators_keep_their_brackets():
    def value(x, y, params):
        return jnp.where((x > 0) & (y > 0) | (x < -1), x * y, x - y)

    body = formula(Objective("b", value), np.zeros(0), "jax")
    assert "(x > 0.0) & (y > 0.0) | (x < -1.0)" in body
    f, _ = printed(Objective("b", value), np.zeros(0))
    for x, y in [(1.0, 2.0), (-2.0, 1.0), (0.5, -1.0)]:
        assert f(x, y) == value(x, y, None)
