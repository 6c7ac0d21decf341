"""The offline payload: slider positions, trajectories equal to the API's, landscapes."""

import base64

import numpy as np
import pytest
from thalweg.schemas import TrajectoryRequest
from thalweg.services import trajectories
from thalweg.services.offline import DECADES, landscape_grids, payload, rate_positions
from thalweg.services.scene_query import parse


def floats(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), "<f4")


@pytest.mark.parametrize(("lr", "low", "high"), [(0.01, 1e-6, 10), (3e-6, 1e-6, 10), (5, 1e-6, 10)])
def test_rate_positions_are_log_spaced_in_range_and_hold_the_rate(lr, low, high):
    rates = rate_positions(lr, low, high, 32)
    assert lr in rates and rates == sorted(rates)
    assert low <= rates[0] and rates[-1] <= high
    assert rates[0] >= lr / 10**DECADES * 0.999 and rates[-1] <= lr * 10**DECADES * 1.001
    steps = np.diff(np.log10(rates))
    assert steps.max() < 2 * np.median(steps) + 1e-9


def test_one_position_is_the_rate_alone():
    assert rate_positions(0.1, 1e-6, 10, 1) == [0.1]


SCENE = "surface=himmelblau&start=-1,-1&steps=120&runs=adam:lr=0.05;momentum:lr=0.01;lbfgs"


@pytest.fixture(scope="module")
def data():
    return payload(parse(SCENE), 8)


def test_each_run_has_a_trajectory_per_position_equal_to_the_apis(data):
    adam = data["runs"][0]
    assert len(adam["lr"]) == len(adam["trajectories"]) == 8 and 0.05 in adam["lr"]
    assert data["runs"][2]["lr"] is None and len(data["runs"][2]["trajectories"]) == 1
    k = adam["lr"].index(0.05)
    stored = adam["trajectories"][k]
    reference = trajectories.compute(
        TrajectoryRequest.model_validate(
            {
                "surface": "himmelblau",
                "start": [-1, -1],
                "steps": 120,
                "runs": [{"optimizer": "adam", "hyperparameters": {"lr": 0.05}}],
            }
        )
    )["runs"][0]
    assert stored["steps_taken"] == reference["steps_taken"]
    np.testing.assert_array_equal(floats(stored["points"]), reference["points"].ravel())
    np.testing.assert_array_equal(floats(stored["losses"]), reference["losses"])
    assert stored["momenta"] is not None and data["runs"][2]["trajectories"][0]["momenta"] is None


def test_every_position_is_a_different_run(data):
    finals = {floats(t["losses"])[-1] for t in data["runs"][0]["trajectories"]}
    assert len(finals) == 8


def test_landscapes_cover_the_window_and_strips_for_wide_and_tall_frames(data):
    grids = landscape_grids(parse(SCENE))
    assert len(data["landscapes"]) == len(grids) == 3
    for frame, (domain, columns, rows) in zip(data["landscapes"], grids, strict=True):
        assert floats(frame["x"]).size == columns and floats(frame["y"]).size == rows
        assert floats(frame["z"]).size == columns * rows
        assert frame["domain"] == domain
    wide, tall = grids[1][0], grids[2][0]
    assert wide["x"][1] - wide["x"][0] > 2.5 * (tall["x"][1] - tall["x"][0])
    assert tall["y"][1] - tall["y"][0] > 2.5 * (wide["y"][1] - wide["y"][0])


def test_a_strip_shaped_domain_gets_one_grid():
    """Domains far from square are not shown with equal aspect (view.js), so need no strips."""
    assert len(landscape_grids(parse("surface=custom&f=x*y&domain=-10,10,-1,1"))) == 1
