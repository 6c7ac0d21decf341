"""Energy distance against scipy, the grid JS estimate's range, mode coverage on the ring."""

import numpy as np
import pytest
from scipy.stats import energy_distance as scipy_energy
from thalweg.compute.gan.data import ring_centres
from thalweg.compute.gan.metrics import coverage, energy_distance, grid_js

SIGMA = 0.05
BOUNDS = ((-3.0, 3.0), (-3.0, 3.0))


def _around(centres, per_mode, rng, sigma=SIGMA):
    points = np.repeat(centres, per_mode, axis=0)
    return points + sigma * rng.standard_normal(points.shape)


def test_energy_distance_on_a_line_is_scipys_squared():
    """scipy's (1-D) energy distance is √(2E|X−Y| − E|X−X'| − E|Y−Y'|)."""
    rng = np.random.default_rng(0)
    a, b = rng.normal(0, 1, 80), rng.normal(0.7, 1.5, 60)
    ours = energy_distance(np.stack([a, 0 * a], 1), np.stack([b, 0 * b], 1))
    assert ours == pytest.approx(scipy_energy(a, b) ** 2, rel=1e-10)


def test_energy_distance_is_zero_for_equal_samples_and_grows_with_a_shift():
    x = np.random.default_rng(1).standard_normal((100, 2))
    assert energy_distance(x, x) == pytest.approx(0.0, abs=1e-12)
    assert 0 < energy_distance(x, x + 0.5) < energy_distance(x, x + 2.0)


def test_grid_js_is_zero_for_equal_samples_and_near_one_bit_for_disjoint_ones():
    rng = np.random.default_rng(2)
    left = rng.normal([-2, 0], 0.1, (300, 2))
    right = rng.normal([2, 0], 0.1, (300, 2))
    assert grid_js(left, left, BOUNDS, 30) == pytest.approx(0.0, abs=1e-12)
    assert grid_js(left, right, BOUNDS, 30) > 0.95
    assert grid_js(left, right, BOUNDS, 30) == pytest.approx(grid_js(right, left, BOUNDS, 30))


def test_grid_js_counts_points_off_the_plane():
    rng = np.random.default_rng(3)
    real = rng.normal(0, 0.5, (200, 2))
    assert grid_js(real, real + 100.0, BOUNDS, 30) > 0.99


def test_coverage_counts_all_one_and_no_modes_of_the_ring():
    rng = np.random.default_rng(4)
    centres = ring_centres()
    everywhere = coverage(_around(centres, 50, rng), centres, SIGMA)
    assert (everywhere.covered, everywhere.modes) == (8, 8)
    assert everywhere.quality > 0.95 and everywhere.counts.sum() == pytest.approx(400, abs=10)
    collapsed = coverage(_around(centres[3:4], 400, rng), centres, SIGMA)
    assert collapsed.covered == 1 and collapsed.counts[3] > 380
    centre_of_ring = coverage(rng.normal(0, SIGMA, (400, 2)), centres, SIGMA)
    assert centre_of_ring.covered == 0 and centre_of_ring.quality == 0.0


def test_a_mode_needs_a_quarter_of_its_fair_share():
    """Fair share 400/8 = 50 samples: 12 do not cover a mode, 13 do (≥ 12.5)."""
    rng = np.random.default_rng(5)
    centres = ring_centres()
    base = _around(centres[:7], 55, rng, sigma=SIGMA / 2)
    for extra, expected in ((12, 7), (13, 8)):
        points = np.concatenate([base, _around(centres[7:], extra, rng, sigma=0.0)])
        points = np.concatenate([points, np.zeros((400 - len(points), 2))])  # far from all
        assert coverage(points, centres, SIGMA).covered == expected
