"""Activations: jax.grad against finite differences, formulas, the plotting helper."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.nets.activations import ACTIVATIONS, curves, default_alpha

ALL = pytest.mark.parametrize("name", list(ACTIVATIONS))
# Away from the kinks at 0 and 6, where one-sided slopes differ.
Z = np.concatenate([np.linspace(-5, -0.05, 40), np.linspace(0.05, 5.9, 40), [6.5, 8.0]])


@ALL
def test_gradient_matches_finite_differences(name):
    fn = ACTIVATIONS[name].fn

    @jax.jit
    def both(z, alpha, h):
        grad = jax.vmap(jax.grad(lambda t: fn(t, alpha)))(z)
        return grad, (fn(z + h, alpha) - fn(z - h, alpha)) / (2 * h)

    alpha = default_alpha(name) or 0.3
    # float64 (64-bit mode is on in thalweg.compute) so the differences are tight.
    grad, numeric = both(jnp.asarray(Z, jnp.float64), jnp.float64(alpha), jnp.float64(1e-6))
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-7)


@ALL
def test_curves_are_float32_and_finite(name):
    z = np.linspace(-50, 50, 101)
    f, df = curves(name, default_alpha(name), z)
    assert f.dtype == np.float32 and df.dtype == np.float32
    assert np.all(np.isfinite(f)) and np.all(np.isfinite(df))


@pytest.mark.parametrize(
    ("name", "alpha", "expected"),
    [
        ("relu", 0.0, lambda z: np.maximum(0, z)),
        ("leaky_relu", 0.1, lambda z: np.where(z > 0, z, 0.1 * z)),
        ("alrelu", 0.1, lambda z: np.where(z > 0, z, np.abs(0.1 * z))),
        ("prelu", 0.25, lambda z: np.where(z > 0, z, 0.25 * z)),
        ("elu", 1.0, lambda z: np.where(z > 0, z, np.expm1(z))),
        ("sigmoid", 0.0, lambda z: 1 / (1 + np.exp(-z))),
        ("swish", 0.0, lambda z: z / (1 + np.exp(-z))),
        ("mish", 0.0, lambda z: z * np.tanh(np.log1p(np.exp(z)))),
        ("relu6", 0.0, lambda z: np.clip(z, 0, 6)),
        ("linear", 0.0, lambda z: z),
    ],
)
def test_formulas(name, alpha, expected):
    f, _ = curves(name, alpha, Z)
    np.testing.assert_allclose(f, expected(Z), rtol=1e-5, atol=1e-6)


def test_alrelu_slope_is_minus_alpha_on_the_left():
    _, df = curves("alrelu", 0.2, np.array([-2.0, 3.0]))
    np.testing.assert_allclose(df, [-0.2, 1.0], rtol=1e-6)


def test_every_activation_documents_itself():
    for spec in ACTIVATIONS.values():
        assert spec.latex and spec.derivative and spec.description
        assert spec.alpha is None or spec.alpha.min <= spec.alpha.default <= spec.alpha.max
