"""Any valid request, on any surface with any optimizer and in-range settings, gives
finite, consistent runs (property-based, drawn from the catalogs' own specs)."""

import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import DIVERGED
from thalweg.schemas import TrajectoryRequest
from thalweg.services import trajectories
from thalweg.services.errors import UnprocessableError


def hyperparameter_value(h):
    if h.scale == "bool":
        return st.sampled_from([0, 1])
    if h.scale == "int":
        return st.integers(int(h.min), int(min(h.max, 2**31 - 1)))
    if h.scale == "log":
        return st.floats(math.log10(h.min), math.log10(h.max)).map(lambda e: 10**e)
    return st.floats(h.min, h.max)


@st.composite
def requests(draw):
    surface = SURFACES[draw(st.sampled_from(list(SURFACES)))]
    (x0, x1), (y0, y1) = surface.domain
    runs = []
    for _ in range(draw(st.integers(1, 3))):
        spec = OPTIMIZERS[draw(st.sampled_from(list(OPTIMIZERS)))]
        # Static hyperparameters stay at their defaults here: each value compiles
        # a program of its own (they are covered in tests/compute).
        dynamic = [h for h in spec.hyperparameters if not h.static]
        chosen = draw(st.lists(st.sampled_from(dynamic), max_size=3, unique=True))
        values = {h.name: draw(hyperparameter_value(h)) for h in chosen}
        runs.append({"optimizer": spec.id, "hyperparameters": values})
    return {
        "surface": surface.id,
        "start": [draw(st.floats(x0, x1)), draw(st.floats(y0, y1))],
        "steps": draw(st.integers(1, 300)),
        "tolerance": draw(st.sampled_from([0.0, 1e-8, 1e-3])),
        "runs": runs,
    }


@given(requests())
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_any_valid_request_gives_finite_consistent_runs(body):
    request = TrajectoryRequest.model_validate(body)
    try:
        result = trajectories.compute(request, limit=math.inf)  # the engine, not the budget
    except UnprocessableError as error:
        assert "not finite at the start" in str(error)
        return
    for spec, run in zip(body["runs"], result["runs"], strict=True):
        assert run["optimizer"] == spec["optimizer"]
        n = run["steps_taken"]
        assert 0 <= n <= body["steps"]
        assert run["status"] in ("converged", "diverged", "max_steps")
        assert (n == body["steps"]) or run["status"] != "max_steps"
        for key in ("points", "losses", "gradients"):
            assert len(run[key]) == n + 1
            assert np.all(np.isfinite(run[key]))
        assert len(run["updates"]) == n and np.all(np.isfinite(run["updates"]))


def test_a_start_that_cannot_be_evaluated_is_named_rounded():
    """The message shows the start as a person would write it, not 1.8000000000000007."""
    start = (1.8000000000000007, 0.1 + 0.2)
    try:
        trajectories.steps_taken(DIVERGED, 0, start)
    except UnprocessableError as error:
        assert error.params == {"x": start[0], "y": start[1]}  # exact for the page to format
        assert str(error) == "f or its gradient is not finite at the start point (1.8, 0.3)"
    else:
        raise AssertionError("a run that cannot start must be a 422")
