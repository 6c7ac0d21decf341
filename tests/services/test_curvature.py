"""Stability and basin maps against the theory of compute/curvature.py."""

import numpy as np
import pytest
from thalweg.compute.grids import GRID_CHUNK
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import get_runner
from thalweg.schemas_curvature import BasinsRequest, CurvatureRequest, StabilityRequest
from thalweg.services.curvature import basins, local, stability
from thalweg.services.errors import UnprocessableError
from thalweg.services.surfaces import resolve

KAPPA = 10.0
BOWL = {"surface": "ill_conditioned", "surface_params": {"kappa": KAPPA}, "tolerance": 1e-6}


def _boundary_rows(result: dict, bound: np.ndarray) -> None:
    """Row j converges for η below bound[j] and diverges above it, up to one cell each side."""
    x = np.asarray(result["x"])
    ratio = x[1] / x[0]
    for j, row in enumerate(result["status"]):
        below, above = x < bound[j] / ratio, x > bound[j] * ratio
        assert below.any() and above.any()
        assert all(s == "converged" for s in np.asarray(row)[below]), (j, row)
        assert all(s == "diverged" for s in np.asarray(row)[above]), (j, row)
        losses = np.asarray(result["final_loss"][j], np.float64)
        assert np.all(np.isnan(losses[above])) and np.all(losses[below] < 1e-9)


def test_gradient_descent_on_the_bowl_diverges_from_two_over_lambda_max():
    """GD with weight decay λ_wd sees H + λ_wd·I, so its bound is 2/(κ + λ_wd)."""
    request = StabilityRequest(
        **BOWL,
        optimizer="gd",
        steps=2000,
        x={"name": "lr", "min": 0.02, "max": 2.0, "count": 64, "scale": "log"},
        y={"name": "weight_decay", "min": 0.0, "max": 1.0, "count": 5},
    )
    result = stability.compute(request)
    assert np.asarray(result["final_loss"]).shape == (5, 64)  # y-major
    _boundary_rows(result, 2 / (KAPPA + np.asarray(result["y"])))


def test_heavy_ball_on_the_bowl_diverges_from_two_one_plus_beta_over_lambda_max():
    request = StabilityRequest(
        **BOWL,
        optimizer="momentum",
        steps=2000,
        x={"name": "lr", "min": 0.02, "max": 4.0, "count": 64, "scale": "log"},
        y={"name": "momentum", "min": 0.0, "max": 0.8, "count": 5},
    )
    result = stability.compute(request)
    _boundary_rows(result, 2 * (1 + np.asarray(result["y"])) / KAPPA)


def test_steps_taken_count_the_kept_points_of_each_run():
    request = StabilityRequest(
        **BOWL,
        optimizer="gd",
        steps=300,
        x={"name": "lr", "min": 0.05, "max": 0.5, "count": 3},
        y={"name": "weight_decay", "min": 0.0, "max": 0.5, "count": 2},
    )
    result = stability.compute(request)
    for row_status, row_steps in zip(result["status"], result["steps_taken"], strict=True):
        for status, steps in zip(row_status, row_steps, strict=True):
            assert 0 < steps <= 300 if status != "max_steps" else steps == 300


def test_other_ranges_steps_starts_and_surface_parameters_never_recompile():
    def ask(low, high, steps, kappa, start):
        request = StabilityRequest(
            surface="ill_conditioned",
            surface_params={"kappa": kappa},
            optimizer="gd",
            steps=steps,
            start=start,
            x={"name": "lr", "min": low, "max": high, "count": 16, "scale": "log"},
            y={"name": "weight_decay", "min": 0.0, "max": high, "count": 16},
        )
        stability.compute(request)
        spec = OPTIMIZERS["gd"]
        runner = get_runner(resolve(request).objective, spec, (), False, GRID_CHUNK)
        programs = runner.first_chunk, runner.init, runner.chunk
        return tuple(program._cache_size() for program in programs)

    first = ask(0.01, 0.5, 150, 10.0, (-2.5, 1.5))  # more than one chunk: init and chunk
    assert ask(0.001, 0.9, 200, 50.0, (1.0, -1.0)) == first
    second = ask(0.01, 0.5, 40, 10.0, (-2.5, 1.5))  # within one chunk: the first chunk
    assert second[1:] == first[1:]
    assert ask(0.001, 0.9, 50, 50.0, (1.0, -1.0)) == second


def test_a_start_where_f_is_not_finite_is_unprocessable():
    request = StabilityRequest(
        surface={"expression": "log(x) + y^2", "domain": {"x": [-2, 2], "y": [-2, 2]}},
        start=(-1.0, 0.0),
        optimizer="gd",
        x={"name": "lr", "min": 0.01, "max": 0.1, "count": 2},
        y={"name": "weight_decay", "min": 0.0, "max": 0.1, "count": 2},
    )
    with pytest.raises(UnprocessableError, match="not finite at the start"):
        stability.compute(request)


def test_himmelblau_basins_hold_all_four_minima_each_around_itself():
    request = BasinsRequest(
        surface="himmelblau",
        optimizer="gd",
        hyperparameters={"lr": 0.01},
        steps=1000,
        tolerance=1e-6,
        resolution=64,
    )
    result = basins.compute(request)
    known = np.asarray([(m.x, m.y) for m in SURFACES["himmelblau"].minima])
    assert result["known_minima"] == 4
    np.testing.assert_allclose(result["minima"][:4], known)
    labels = np.asarray(result["minimum"])
    assert labels.shape == (64, 64)
    grid_x, grid_y = np.meshgrid(result["x"], result["y"])
    for index, (mx, my) in enumerate(known):
        near = np.hypot(grid_x - mx, grid_y - my) < 0.75
        assert near.sum() >= 4 and np.all(labels[near] == index), index
    assert set(np.unique(labels)) <= {0, 1, 2, 3, -1, -2}


def test_typed_expression_basins_find_their_minima_by_clustering():
    request = BasinsRequest(
        surface={"expression": "(x^2 - 1)^2 + y^2", "domain": {"x": [-2, 2], "y": [-2, 2]}},
        optimizer="gd",
        hyperparameters={"lr": 0.05},
        steps=1000,
        tolerance=1e-8,
        resolution=32,
    )
    result = basins.compute(request)
    assert result["known_minima"] == 0
    minima = np.asarray(result["minima"])
    order = np.argsort(minima[:, 0])
    np.testing.assert_allclose(minima[order], [(-1.0, 0.0), (1.0, 0.0)], atol=1e-6)
    labels = np.asarray(result["minimum"])
    left = np.asarray(result["x"]) < 0
    assert np.all(labels[:, left] == order[0]) and np.all(labels[:, ~left] == order[1])


def test_basins_record_divergence_and_the_steps_each_start_took():
    request = BasinsRequest(
        surface="himmelblau",
        optimizer="gd",
        hyperparameters={"lr": 0.05},
        steps=100,
        resolution=16,
    )
    result = basins.compute(request)
    labels, steps = np.asarray(result["minimum"]), np.asarray(result["steps_taken"])
    assert (labels == -1).any()  # η = 0.05 overshoots Himmelblau's steep walls
    assert np.all((steps >= 0) & (steps <= 100))


def test_curvature_frame_with_a_path():
    request = CurvatureRequest(surface="rosenbrock", point=(1.0, 1.0), points=[(0.0, 0.0)] * 3)
    result = local.compute(request)
    np.testing.assert_allclose(result["hessian"], [[802, -400], [-400, 200]])
    assert result["gd_stable_lr"] == pytest.approx(2 / result["eigenvalues"][1])
    np.testing.assert_allclose(result["path_eigenvalues"], [[2.0, 200.0]] * 3)


def test_path_eigenvectors_span_the_hessian_at_each_point():
    """H = Σ λ_i q_i q_iᵀ at every point of a path: what the race's ellipse is drawn from."""
    path = [(-1.2, 1.0), (0.3, -0.4), (1.0, 1.0), (2.0, 3.5)]
    request = CurvatureRequest(surface="rosenbrock", point=path[0], points=path)
    result = local.compute(request)
    values = np.asarray(result["path_eigenvalues"], np.float64)
    vectors = np.asarray(result["path_eigenvectors"], np.float64)
    for point, lam, q in zip(path, values, vectors, strict=True):
        x, y = point  # Rosenbrock (a=1, b=100): ∇²f in closed form
        hessian = [[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200]]
        rebuilt = sum(lam[i] * np.outer(q[i], q[i]) for i in range(2))
        np.testing.assert_allclose(rebuilt, hessian, rtol=1e-5, atol=1e-3)
        np.testing.assert_allclose(np.linalg.norm(q, axis=1), 1, rtol=1e-6)
