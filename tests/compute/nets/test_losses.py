"""Losses against numpy references and the lecture's worked examples; L2; masking."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.nets.losses import LOSSES, l2_penalty
from thalweg.compute.nets.models import make_spec, unflatten
from thalweg.compute.nets.objective import masked_mean, metric, pad

RNG = np.random.default_rng(0)
LOGITS = RNG.normal(0, 3, (32, 1)).astype(np.float32)
SCORES = RNG.normal(0, 2, (32, 4)).astype(np.float32)
LABELS01 = RNG.integers(0, 2, 32).astype(np.int32)
LABELS = RNG.integers(0, 4, 32).astype(np.int32)
TARGETS = RNG.normal(0, 1, 32).astype(np.float32)


def _sigmoid(s):
    return 1 / (1 + np.exp(-s))


def _np_reference(name, scores, y):
    s = scores.astype(np.float64)
    if name == "mse":
        yhat = _sigmoid(s[:, 0]) if y.dtype == np.int32 else s[:, 0]
        return (yhat - y) ** 2
    if name == "half_mse":
        t = 2.0 * y - 1 if y.dtype == np.int32 else y
        return 0.5 * (s[:, 0] - t) ** 2
    if name == "bce":
        p = _sigmoid(s[:, 0])
        return -(y * np.log(p) + (1 - y) * np.log(1 - p))
    if name == "cross_entropy":
        e = np.exp(s - s.max(axis=1, keepdims=True))
        return -np.log(e[np.arange(len(y)), y] / e.sum(axis=1))
    if s.shape[1] == 1:  # binary hinge
        return np.maximum(0, 1 - (2 * y - 1) * s[:, 0])
    margins = np.maximum(0, s - s[np.arange(len(y)), y][:, None] + 1)
    margins[np.arange(len(y)), y] = 0
    return margins.sum(axis=1)


CASES = [
    ("mse", LOGITS, TARGETS),
    ("mse", LOGITS, LABELS01),
    ("half_mse", LOGITS, TARGETS),
    ("half_mse", LOGITS, LABELS01),
    ("bce", LOGITS, LABELS01),
    ("cross_entropy", SCORES, LABELS),
    ("hinge", SCORES, LABELS),
    ("hinge", LOGITS, LABELS01),
]


@pytest.mark.parametrize(
    ("name", "scores", "y"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_matches_numpy(name, scores, y):
    got = jax.jit(LOSSES[name].per_example)(jnp.asarray(scores), jnp.asarray(y))
    np.testing.assert_allclose(got, _np_reference(name, scores, y), rtol=2e-5, atol=1e-6)


def test_every_loss_has_a_case():
    assert {c[0] for c in CASES} == set(LOSSES)


def test_lecture_examples():
    # Slides "Lineare Klassifikation 2": scores (cat, dog, car), both images are cats.
    scores = jnp.asarray([[1.0, 0.2, -0.5], [2.5, 3.1, -0.1]])
    cats = jnp.asarray([0, 0])
    hinge = np.asarray(jax.jit(LOSSES["hinge"].per_example)(scores, cats))
    np.testing.assert_allclose(hinge, [0.2, 1.6], atol=1e-6)
    assert hinge.mean() == pytest.approx(0.9)
    ce = jax.jit(LOSSES["cross_entropy"].per_example)(scores[1:], cats[:1])
    assert float(ce[0]) == pytest.approx(-np.log(0.3453), abs=2e-4)  # P(cat) = 0.3453


def test_bce_is_stable_for_huge_logits():
    s = jnp.asarray([[100.0], [-100.0], [100.0], [-100.0]], jnp.float32)
    y = jnp.asarray([1, 0, 0, 1], jnp.int32)
    bce = jax.jit(LOSSES["bce"].per_example)(s, y)
    np.testing.assert_allclose(bce, [0, 0, 100, 100], atol=1e-6)


def test_l2_counts_weights_only():
    spec = make_spec("mlp", 2, "binary", 2, (3,), "prelu")
    params = unflatten(spec, np.ones(spec.size, np.float32))
    assert float(l2_penalty(params)) == 2 * 3 + 3 * 1  # biases and PReLU slopes excluded


def test_masked_mean_and_metrics_ignore_padding():
    data = pad(np.ones((3, 2), np.float32), np.array([1, 0, 1], np.int32), 8)
    scores = jnp.asarray([[2.0], [-1.0], [-3.0], *[[5.0]] * 5], jnp.float32)
    accuracy = jax.jit(metric, static_argnums=0)("binary", scores, data)
    assert float(accuracy) == pytest.approx(2 / 3)
    values = jnp.asarray([1.0, 2.0, 3.0, jnp.inf, 0, 0, 0, 0], jnp.float32)
    assert float(jax.jit(masked_mean)(values, data.mask)) == pytest.approx(2.0)


def test_r2_of_a_perfect_fit_is_one():
    y = np.array([0.5, -1.0, 2.0], np.float32)
    data = pad(np.zeros((3, 1), np.float32), y, 8)
    scores = jnp.asarray(np.concatenate([y, np.zeros(5, np.float32)])[:, None])
    r2 = jax.jit(metric, static_argnums=0)("regression", scores, data)
    assert float(r2) == pytest.approx(1.0)
