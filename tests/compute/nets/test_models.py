"""Models: flat layout, two-parameter models, initialisation schemes, compatibility."""

from __future__ import annotations

import jax
import numpy as np
import pytest
from thalweg.compute.nets.models import (
    apply,
    flatten,
    initial_theta,
    make_spec,
    unflatten,
    weight_mask,
)


def test_flat_round_trip_and_layout():
    spec = make_spec("mlp", 2, "multiclass", 3, (4, 5), "prelu")
    theta = initial_theta(spec, jax.random.key(1), "glorot", 0.1, 0.25)
    assert theta.dtype == np.float32 and theta.shape == (spec.size,)
    assert spec.size == (2 * 4 + 4 + 1) + (4 * 5 + 5 + 1) + (5 * 3 + 3)
    params = unflatten(spec, theta)
    assert [p["w"].shape for p in params] == [(2, 4), (4, 5), (5, 3)]
    assert [sorted(p) for p in params] == [["a", "b", "w"], ["a", "b", "w"], ["b", "w"]]
    assert params[0]["a"][0] == pytest.approx(0.25)
    np.testing.assert_array_equal(jax.jit(flatten)(params), theta)
    assert weight_mask(spec).sum() == 2 * 4 + 4 * 5 + 5 * 3


@pytest.mark.parametrize(("kind", "task"), [("linear", "regression"), ("logistic", "binary")])
def test_two_parameter_models_read_feature_zero(kind, task):
    spec = make_spec(kind, 2, task, 2 if task == "binary" else 0)
    assert spec.size == 2
    theta = np.asarray([2.0, -1.0], np.float32)  # θ = [w, b]
    x = np.asarray([[1.0, 7.0], [3.0, -7.0]], np.float32)
    s = apply(spec, unflatten(spec, theta), x, np.float32(0))  # numpy in, numpy out
    np.testing.assert_allclose(s[:, 0], [1.0, 5.0])


def test_neuron_has_no_hidden_layer():
    spec = make_spec("neuron", 64, "multiclass", 10, (8, 8), "relu")
    assert spec.hidden == () and spec.size == 64 * 10 + 10


@pytest.mark.parametrize(
    ("scheme", "std"), [("he", np.sqrt(2 / 64)), ("glorot", np.sqrt(2 / (64 + 64)))]
)
def test_init_scales(scheme, std):
    spec = make_spec("mlp", 64, "binary", 2, (64, 64), "relu")
    params = unflatten(spec, initial_theta(spec, jax.random.key(0), scheme, 0.1, 0.0))
    w = np.asarray(params[1]["w"])
    assert w.std() == pytest.approx(std, rel=0.1)
    assert np.all(np.asarray(params[1]["b"]) == 0)


def test_normal_init_draws_biases_too():
    spec = make_spec("mlp", 2, "binary", 2, (64,), "tanh")
    params = unflatten(spec, initial_theta(spec, jax.random.key(0), "normal", 0.5, 0.0))
    assert np.asarray(params[0]["b"]).std() == pytest.approx(0.5, rel=0.3)


def test_kind_must_fit_task():
    with pytest.raises(ValueError, match="cannot learn a binary task"):
        make_spec("linear", 2, "binary", 2)


def test_folded_bias_gives_the_same_scores():
    spec = make_spec("mlp", 2, "multiclass", 3, (5,), "tanh")
    params = unflatten(spec, initial_theta(spec, jax.random.key(2), "normal", 0.5, 0.0))
    x = np.random.default_rng(0).normal(size=(7, 2)).astype(np.float32)
    plain = apply(spec, params, x, 0.0)
    folded = apply(spec, params, x, 0.0, fold_bias=True)
    np.testing.assert_allclose(folded, plain, rtol=1e-6, atol=1e-6)
