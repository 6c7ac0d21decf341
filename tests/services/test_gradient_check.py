"""Gradient-check service: defaults, steps, and a point where f is not finite."""

import numpy as np
import pytest
from thalweg.schemas import GradientCheckRequest
from thalweg.services import gradient_check
from thalweg.services.errors import UnprocessableError


def test_the_default_point_is_the_surfaces_start_and_every_step_is_checked():
    out = gradient_check.compute(GradientCheckRequest(surface="rosenbrock"))
    assert out["point"] == [-1.2, 1.0]
    assert len(out["deltas"]) == len(out["forward"]) == len(out["central_error"]) == 57
    assert out["deltas"][0] == pytest.approx(1e-14) and out["deltas"][-1] == pytest.approx(1.0)
    np.testing.assert_allclose(out["analytic"], [-215.6, -88.0])


def test_a_point_where_f_is_not_finite_is_refused_by_name():
    surface = {"expression": "sqrt(x) + y", "domain": {"x": [-1, 1], "y": [-1, 1]}}
    request = GradientCheckRequest(surface=surface, point=(-0.25, 0.5))
    with pytest.raises(UnprocessableError) as caught:
        gradient_check.compute(request)
    assert caught.value.payload() == {
        "detail": "f or its gradient is not finite at (-0.25, 0.5)",
        "code": "check_not_finite",
        "params": {"x": -0.25, "y": 0.5},
    }
