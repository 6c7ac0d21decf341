"""Decision grids: shapes, orientation, and values equal to the model's prediction."""

from __future__ import annotations

import jax
import numpy as np
import pytest
from thalweg.compute.nets.decision import predict_grid
from thalweg.compute.nets.models import apply, initial_theta, make_spec, unflatten


@pytest.mark.parametrize(("task", "classes"), [("binary", 2), ("multiclass", 3)])
def test_grid_matches_model(task, classes):
    spec = make_spec("mlp", 2, task, classes, (8,), "relu")
    theta = initial_theta(spec, jax.random.key(0), "he", 0.1, 0.0)
    pred = predict_grid(spec, task, theta, 0.0, [(-1.0, 1.0), (0.0, 3.0)], 9)
    assert pred.value.shape == (9, 9) and pred.value.dtype == np.float32
    x, y = pred.axes[0][2], pred.axes[1][7]  # z[j][i] is at (x[i], y[j])
    s = np.asarray(apply(spec, unflatten(spec, theta), np.asarray([[x, y]]), 0.0))[0]
    if task == "binary":
        assert pred.value[7, 2] == pytest.approx(1 / (1 + np.exp(-s[0])), rel=1e-5)
        assert pred.confidence is None
    else:
        assert pred.value[7, 2] == np.argmax(s)
        assert pred.confidence[7, 2] == pytest.approx(np.exp(s.max()) / np.exp(s).sum(), rel=1e-5)


def test_curve_for_one_feature():
    spec = make_spec("linear", 1, "regression", 0)
    pred = predict_grid(spec, "regression", np.asarray([2.0, -1.0]), 0.0, [(-1.0, 1.0)], 5)
    np.testing.assert_allclose(pred.value, 2 * np.linspace(-1, 1, 5) - 1, rtol=1e-6)
