"""How close the generated samples are to the real ones, from samples.

* ``energy_distance``  E(P, Q) = 2 E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ with X, X' ~ P and
  Y, Y' ~ Q, the V-statistic over all pairs of the two sample sets; ≥ 0, and 0
  only for equal distributions (Székely & Rizzo 2013, Energy statistics).
* ``grid_js``  the Jensen–Shannon divergence in bits (0…1) between two smoothed
  histograms on the heat map's grid, GAN Lab's way of estimating it (Kahng et
  al. 2019): counts per cell, a Gaussian blur of ``smoothing`` cells, +ε per cell,
  normalised; points outside the plane count in one extra "outside" cell, so a
  generator that flies off is not rewarded.
* ``coverage``  for a Gaussian mixture with centres c_m and component std. dev.
  σ: a generated sample belongs to mode m if c_m is its nearest centre and it
  lies within k·σ of it (k = 3); mode m is covered if it holds at least
  ``share``/M of the generated samples (``share`` = 1/4: a quarter of a fair
  share). Also the fraction of samples within kσ of some centre ("high-quality"
  samples, Srivastava et al. 2017, VEEGAN, whose rule this follows).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

COVERAGE_SIGMAS = 3.0
COVERAGE_SHARE = 0.25
JS_EPSILON = 1e-6


def _mean_distance(a: np.ndarray, b: np.ndarray) -> float:
    diff = a[:, None, :] - b[None, :, :]
    return float(np.mean(np.sqrt(np.sum(diff * diff, axis=-1))))


def energy_distance(x: np.ndarray, y: np.ndarray) -> float:
    """E(P, Q) from samples x (n, 2) ~ P and y (m, 2) ~ Q (float64 sums); NaN if one is not finite.

    A generator on its way to divergence can overflow float32 before its
    parameters do; its distance is then undefined (sent as null).
    """
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        return float("nan")
    return 2 * _mean_distance(x, y) - _mean_distance(x, x) - _mean_distance(y, y)


def _smoothed_histogram(points, bounds, bins, smoothing) -> np.ndarray:
    (x0, x1), (y0, y1) = bounds
    inside = (
        (points[:, 0] >= x0) & (points[:, 0] <= x1) & (points[:, 1] >= y0) & (points[:, 1] <= y1)
    )
    counts, _, _ = np.histogram2d(
        points[inside, 0], points[inside, 1], bins=bins, range=[[x0, x1], [y0, y1]]
    )
    if smoothing > 0:
        offsets = np.arange(-3 * int(np.ceil(smoothing)), 3 * int(np.ceil(smoothing)) + 1)
        kernel = np.exp(-0.5 * (offsets / smoothing) ** 2)
        kernel /= kernel.sum()
        counts = np.apply_along_axis(np.convolve, 0, counts, kernel, mode="same")
        counts = np.apply_along_axis(np.convolve, 1, counts, kernel, mode="same")
    cells = np.append(counts.ravel(), np.count_nonzero(~inside)) + JS_EPSILON
    return cells / cells.sum()


def grid_js(real: np.ndarray, fake: np.ndarray, bounds, bins: int, smoothing: float = 1.0) -> float:
    """JS(P ‖ Q) in bits from smoothed grid histograms (see the module docstring)."""
    p = _smoothed_histogram(np.asarray(real, np.float64), bounds, bins, smoothing)
    q = _smoothed_histogram(np.asarray(fake, np.float64), bounds, bins, smoothing)
    m = 0.5 * (p + q)
    return float(0.5 * np.sum(p * np.log2(p / m)) + 0.5 * np.sum(q * np.log2(q / m)))


class Coverage(NamedTuple):
    covered: int  # modes with generated mass
    modes: int  # M
    counts: np.ndarray  # (M,) generated samples per mode
    quality: float  # fraction of samples within kσ of some centre


def coverage(
    fake: np.ndarray,
    centres: np.ndarray,
    sigma: float,
    sigmas: float = COVERAGE_SIGMAS,
    share: float = COVERAGE_SHARE,
) -> Coverage:
    """Modes covered by ``fake`` (n, 2) under the rule of the module docstring."""
    fake = np.asarray(fake, np.float64)
    distance = np.linalg.norm(fake[:, None, :] - centres[None, :, :], axis=-1)
    nearest = np.argmin(distance, axis=1)
    close = distance[np.arange(len(fake)), nearest] <= sigmas * sigma
    counts = np.bincount(nearest[close], minlength=len(centres))
    needed = share * len(fake) / len(centres)
    covered = int(np.count_nonzero(counts >= needed)) if len(fake) else 0
    quality = float(np.mean(close)) if len(fake) else 0.0
    return Coverage(covered, len(centres), counts, quality)
