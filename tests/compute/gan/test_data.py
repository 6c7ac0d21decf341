"""The real distributions: seeded, shaped, near their centres, inside their plane."""

import numpy as np
import pytest
from thalweg.compute.gan.data import DISTRIBUTIONS, mode_centres, plane_bounds, sample_real


@pytest.mark.parametrize("name", DISTRIBUTIONS)
def test_seeded_finite_and_shaped(name):
    a = sample_real(name, 100, None, seed=3)
    assert a.shape == (100, 2) and a.dtype == np.float32 and np.all(np.isfinite(a))
    np.testing.assert_array_equal(a, sample_real(name, 100, None, seed=3))
    assert not np.array_equal(a, sample_real(name, 100, None, seed=4))
    (x0, x1), (y0, y1) = plane_bounds(a)
    assert x0 < a[:, 0].min() and a[:, 0].max() < x1 and y0 < a[:, 1].min() and a[:, 1].max() < y1
    assert x1 - x0 == pytest.approx(y1 - y0)


@pytest.mark.parametrize(("name", "modes"), [("two_gaussians", 2), ("ring", 8), ("grid", 9),
                                             ("grid", 25)])  # fmt: skip
def test_mixtures_lie_around_their_centres(name, modes):
    spec = DISTRIBUTIONS[name]
    x = sample_real(name, 2000, None, seed=0, modes=modes)
    centres = mode_centres(name, modes)
    assert centres.shape == (modes, 2)
    distance = np.linalg.norm(x[:, None] - centres[None], axis=-1)
    assert np.all(distance.min(axis=1) < 5 * spec.default_noise)
    assert len(np.unique(distance.argmin(axis=1))) == modes


def test_ring_and_grid_layouts():
    np.testing.assert_allclose(np.linalg.norm(mode_centres("ring"), axis=1), 2.0)
    assert sorted(set(mode_centres("grid", 25)[:, 0])) == [-4, -2, 0, 2, 4]
    assert mode_centres("moons") is None and mode_centres("custom") is None


def test_noise_zero_puts_a_line_on_the_segment():
    x = sample_real("line", 50, 0.0, seed=0)
    np.testing.assert_allclose(x[:, 1], x[:, 0] / 2, atol=1e-6)
