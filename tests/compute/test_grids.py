"""Map axes, the labelling of end points by minimum, and the estimated cost of a step."""

import numpy as np
import pytest
from thalweg.compute.expressions import compile_expression
from thalweg.compute.grids import (
    DIVERGED_LABEL,
    NOT_CONVERGED_LABEL,
    TRIGONOMETRIC_COST,
    UNLABELLED,
    axis_values,
    label_ends,
    relative_cost,
)
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import Objective


def test_axes_include_both_ends_and_are_even_on_their_scale():
    log = axis_values(1e-3, 1.0, 4, "log")
    np.testing.assert_allclose(log, [1e-3, 1e-2, 1e-1, 1.0])
    np.testing.assert_allclose(axis_values(0.0, 0.9, 4, "linear"), [0.0, 0.3, 0.6, 0.9])


def _label(ends, converged, diverged=None, known=(), radius=0.1, limit=8, losses=None):
    ends = np.asarray(ends, np.float64)
    return label_ends(
        ends,
        np.zeros(len(ends)) if losses is None else np.asarray(losses, np.float64),
        np.asarray(converged),
        np.zeros(len(ends), bool) if diverged is None else np.asarray(diverged),
        np.asarray(known, np.float64),
        radius,
        limit,
    )


def test_converged_ends_take_the_nearest_known_minimum_within_the_radius():
    known = [(0.0, 0.0), (3.0, 0.0)]
    ends = [(0.01, 0.0), (2.95, 0.02), (0.0, 0.05), (9.0, 9.0), (3.0, 0.0), (0.0, 0.0)]
    converged = [True, True, True, True, False, False]
    diverged = [False, False, False, False, False, True]
    labels = _label(ends, converged, diverged, known)
    assert labels.minimum.tolist() == [0, 1, 0, 2, NOT_CONVERGED_LABEL, DIVERGED_LABEL]
    np.testing.assert_allclose(labels.minima[:2], known)
    np.testing.assert_allclose(labels.minima[2], (9.0, 9.0))  # found, not in the catalog


def test_the_radius_is_capped_at_half_the_gap_between_known_minima():
    known = [(0.0, 0.0), (0.1, 0.0)]
    # −0.06 is within radius 1 of the first minimum but further than half the gap (0.05).
    labels = _label([(-0.06, 0.0), (0.08, 0.0), (0.04, 0.0)], [True] * 3, known=known, radius=1.0)
    assert labels.minimum.tolist() == [2, 1, 0]


def test_found_minima_are_centred_on_the_lowest_end_point_and_bounded():
    ends = [(1.0, 1.0), (1.05, 1.0), (5.0, 5.0), (7.0, 7.0)]
    labels = _label(ends, [True] * 4, losses=[0.5, 0.1, 0.2, 0.3], limit=2)
    assert labels.minimum.tolist() == [0, 0, 1, UNLABELLED]
    np.testing.assert_allclose(labels.minima, [(1.05, 1.0), (5.0, 5.0)])


@pytest.mark.parametrize("count", [0, 1])
def test_no_or_one_known_minimum(count):
    known = [(0.0, 0.0)][:count]
    labels = _label([(0.0, 0.0)], [True], known=known)
    assert labels.minimum.tolist() == [0]
    assert len(labels.minima) == 1


@pytest.mark.parametrize("surface_id", list(SURFACES))
def test_every_surface_has_a_step_cost_of_at_least_a_polynomial(surface_id):
    surface = SURFACES[surface_id]
    cost = relative_cost(Objective(surface_id, surface.value), len(surface.params))
    assert cost >= 1.0


def test_sines_and_cosines_make_a_surface_costly():
    def cost(surface_id):
        surface = SURFACES[surface_id]
        return relative_cost(Objective(surface_id, surface.value), len(surface.params))

    # f and ∇f of Shubert hold 20 sines and cosines, Rastrigin's 4, Himmelblau's none.
    assert cost("himmelblau") == 1.0
    assert cost("rastrigin") == 1.0 + 4 * TRIGONOMETRIC_COST
    assert cost("shubert") == 1.0 + 20 * TRIGONOMETRIC_COST
    text = "abs(x) + sqrt(x^2 + 1) + exp(y) + log(1 + x^2) + tanh(x) + atan2(y, x) + min(x, y)"
    typed = compile_expression(text)
    assert relative_cost(Objective(f"test-cost:{text}", typed.value), 0) > 1.0
