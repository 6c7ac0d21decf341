"""Seeded 2-D real distributions for the GAN view, with their mode centres.

Every sampler takes ``(n, noise, modes, rng)`` and returns ``x`` (n, 2) float32.
Randomness comes only from the request's seed through an explicit
``numpy.random.Generator`` (two moons and the spiral come from
``compute/nets/datasets.py``'s generators, fed the same Generator).

``noise`` is the std. dev. σ of each Gaussian component (two Gaussians, ring,
grid) or of the jitter added to the points (line, spiral, moons). The mixtures
have known centres, which the mode-coverage metric counts (``metrics.coverage``).
Layouts follow the papers that made them standard: the ring of 8 Gaussians of
radius 2 (Metz et al. 2017, Unrolled GANs) and the 5×5 grid on {−4, −2, 0, 2, 4}²
(Gulrajani et al. 2017, WGAN-GP; Srivastava et al. 2017, VEEGAN).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from thalweg.compute.nets.datasets import DATASETS

Sampler = Callable[[int, float, int, np.random.Generator], np.ndarray]


def _line(n, noise, modes, rng):
    t = rng.uniform(-1.0, 1.0, n)
    return np.stack([2.0 * t, t], axis=1) + noise * rng.standard_normal((n, 2))


def ring_centres(modes: int = 8) -> np.ndarray:
    angles = 2 * np.pi * np.arange(modes) / modes
    return 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def grid_centres(modes: int) -> np.ndarray:
    side = round(np.sqrt(modes))
    ticks = 2.0 * (np.arange(side) - (side - 1) / 2)
    return np.stack(np.meshgrid(ticks, ticks), axis=-1).reshape(-1, 2)


def two_centres(modes: int = 2) -> np.ndarray:
    return np.array([[-1.0, -1.0], [1.0, 1.0]])


def _mixture(centres: Callable[[int], np.ndarray]) -> Sampler:
    def sample(n, noise, modes, rng):
        c = centres(modes)
        which = rng.integers(0, len(c), n)
        return c[which] + noise * rng.standard_normal((n, 2))

    return sample


def _from_networks(name: str, classes: int) -> Sampler:
    def sample(n, noise, modes, rng):
        x, _ = DATASETS[name].generate(n, noise, classes, rng)
        return x

    return sample


@dataclass(frozen=True)
class Distribution:
    """A catalog entry; ``centres`` is set for the Gaussian mixtures."""

    name: str
    title: str
    description: str
    sample: Sampler
    default_noise: float
    max_noise: float
    centres: Callable[[int], np.ndarray] | None = None
    modes: tuple[int, ...] = ()  # allowed mode counts (first: default)
    reference: str = ""


_SPECS = (
    Distribution("line", "Line", "points on the segment from (−2, −1) to (2, 1)", _line, 0.02, 1.0),
    Distribution(
        "two_gaussians",
        "Two Gaussians",
        "two Gaussians at (−1, −1) and (1, 1)",
        _mixture(two_centres),
        0.25,
        1.0,
        two_centres,
        (2,),
    ),
    Distribution(
        "ring",
        "Ring of 8 Gaussians",
        "8 Gaussians on a circle of radius 2: the classic mode-collapse demo",
        _mixture(ring_centres),
        0.05,
        0.5,
        ring_centres,
        (8,),
        "Metz et al. 2017, Unrolled Generative Adversarial Networks",
    ),
    Distribution(
        "grid",
        "Grid of Gaussians",
        "3×3 or 5×5 Gaussians 2 apart",
        _mixture(grid_centres),
        0.05,
        0.5,
        grid_centres,
        (9, 25),
        "Gulrajani et al. 2017 (WGAN-GP); Srivastava et al. 2017 (VEEGAN)",
    ),
    Distribution(
        "spiral",
        "Spiral",
        "one spiral arm of 1.75 turns in the unit disc",
        _from_networks("spirals", 1),
        0.02,
        0.5,
        reference="CS231n's spiral data, one arm",
    ),
    Distribution(
        "moons",
        "Two moons",
        "two interleaving half circles",
        _from_networks("moons", 2),
        0.05,
        0.5,
        reference="sklearn.datasets.make_moons",
    ),
)

DISTRIBUTIONS: Mapping[str, Distribution] = MappingProxyType({d.name: d for d in _SPECS})


def sample_real(
    name: str, samples: int, noise: float | None, seed: int, modes: int | None = None
) -> np.ndarray:
    """``samples`` points (samples, 2) float32 of distribution ``name``, seeded by ``seed``."""
    spec = DISTRIBUTIONS[name]
    rng = np.random.default_rng(seed)
    count = modes if modes is not None else (spec.modes[0] if spec.modes else 0)
    sigma = spec.default_noise if noise is None else noise
    return np.asarray(spec.sample(samples, sigma, count, rng), np.float32)


def mode_centres(name: str, modes: int | None = None) -> np.ndarray | None:
    """(M, 2) centres of a mixture, None for the other distributions and custom points."""
    spec = DISTRIBUTIONS.get(name)
    if spec is None or spec.centres is None:
        return None
    return spec.centres(modes if modes is not None else spec.modes[0])


def plane_bounds(points: np.ndarray, margin: float = 0.5) -> tuple[tuple[float, float], ...]:
    """A square around ``points``: their box's centre ± (1 + margin)·its larger half-side.

    Square so that arrows keep their directions; at least ±1 wide so a single
    custom point still gets a plane.
    """
    lo, hi = points.min(axis=0).astype(float), points.max(axis=0).astype(float)
    centre = (lo + hi) / 2
    half = max(float(np.max(hi - lo)) / 2 * (1 + margin), 1.0)
    return tuple((float(c - half), float(c + half)) for c in centre)
