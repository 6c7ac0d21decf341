"""Seeded toy data sets with noise and a train/test split.

Every generator takes ``(n, noise, classes, rng)`` and returns ``x`` (n, d)
float32 and ``y`` (n,): int32 class labels, or float32 targets for regression.
Randomness comes only from the seed of the request (a ``numpy`` Generator, and
an ``int`` seed for scikit-learn), never from global state.

scikit-learn's generators are used where they exist (``make_moons``,
``make_circles``, ``make_blobs``, ``load_digits``); xor, spirals and the 1-D
regressions are written here because scikit-learn has none of that shape.

``noise`` means, per data set: the std. dev. of Gaussian jitter added to the
points (xor, moons, circles, spirals), the std. dev. of each blob (blobs,
classes_1d), the std. dev. of the target noise (regressions), or the std. dev.
of pixel noise, clipped back to [0, 1] (digits).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

import numpy as np


def _sklearn_datasets():
    # Imported on first use: scikit-learn (with SciPy) takes ~1.2 s to import,
    # which would double the server's cold start.
    from sklearn import datasets

    return datasets


Task = Literal["binary", "multiclass", "regression"]
Generator = Callable[[int, float, int, np.random.Generator], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class DatasetSpec:
    """A catalog entry: how to generate the data and how to present it."""

    name: str
    title: str
    description: str
    input_dim: int
    generate: Generator
    default_noise: float
    max_noise: float
    default_samples: int = 200
    max_samples: int = 2000
    classes: tuple[int, int] | None = None  # (default, max) if the class count is adjustable
    fixed_classes: int = 2  # class count when not adjustable (0: regression)
    reference: str = ""

    def task(self, classes: int | None = None) -> Task:
        k = self.n_classes(classes)
        return "regression" if k == 0 else "binary" if k == 2 else "multiclass"

    def n_classes(self, classes: int | None = None) -> int:
        if self.classes is None:
            return self.fixed_classes
        return self.classes[0] if classes is None else classes


@dataclass(frozen=True)
class Dataset:
    """Generated data, split into train and test rows."""

    name: str
    task: Task
    n_classes: int  # 0 for regression
    x_train: np.ndarray  # (n_train, d) float32
    y_train: np.ndarray  # (n_train,) int32 or float32
    x_test: np.ndarray  # (n_test, d)
    y_test: np.ndarray  # (n_test,)

    @property
    def input_dim(self) -> int:
        return self.x_train.shape[1]

    def bounds(self, margin: float = 0.1) -> list[tuple[float, float]]:
        """Per-feature [lo, hi] over all rows, widened by ``margin`` of the range."""
        x = np.concatenate([self.x_train, self.x_test])
        lo, hi = x.min(axis=0).astype(float), x.max(axis=0).astype(float)
        pad = np.maximum(hi - lo, 1e-6) * margin
        return [(float(a), float(b)) for a, b in zip(lo - pad, hi + pad, strict=True)]


def _xor(n, noise, classes, rng):
    # Label from the clean point, so noise lets the classes overlap (TF Playground).
    clean = rng.uniform(-1.0, 1.0, (n, 2))
    y = (clean[:, 0] * clean[:, 1] > 0).astype(np.int32)
    return clean + noise * rng.standard_normal((n, 2)), y


def _moons(n, noise, classes, rng):
    return _sklearn_datasets().make_moons(n, noise=noise, random_state=_sk_seed(rng))


def _circles(n, noise, classes, rng):
    return _sklearn_datasets().make_circles(n, noise=noise, factor=0.5, random_state=_sk_seed(rng))


def _spirals(n, noise, classes, rng):
    # K interleaved arms, r ∈ [0, 1] and 1.75 turns per arm (CS231n's spiral data).
    y = np.arange(n) % classes
    r = rng.uniform(0.05, 1.0, n)
    theta = 3.5 * np.pi * r + 2 * np.pi * y / classes
    x = np.stack([r * np.sin(theta), r * np.cos(theta)], axis=1)
    return x + noise * rng.standard_normal((n, 2)), y


def _blobs(n, noise, classes, rng):
    # Centres on a circle of radius 2, so the classes' layout does not depend on the seed.
    angles = 2 * np.pi * np.arange(classes) / classes
    centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return _sklearn_datasets().make_blobs(
        n, centers=centres, cluster_std=noise, random_state=_sk_seed(rng)
    )


def _classes_1d(n, noise, classes, rng):
    return _sklearn_datasets().make_blobs(
        n, centers=[[-1.0], [1.0]], cluster_std=noise, random_state=_sk_seed(rng)
    )


REGRESSION_LINE = (2.0, -1.0)  # (w*, b*) of regression_linear: y = 2x − 1 + ε


def _regression_linear(n, noise, classes, rng):
    x = rng.uniform(-1.0, 1.0, (n, 1))
    w, b = REGRESSION_LINE
    return x, w * x[:, 0] + b + noise * rng.standard_normal(n)


def _regression_sine(n, noise, classes, rng):
    x = rng.uniform(-1.0, 1.0, (n, 1))
    return x, np.sin(np.pi * x[:, 0]) + noise * rng.standard_normal(n)


def _digits(n, noise, classes, rng):
    data = _sklearn_datasets().load_digits()
    rows = rng.permutation(len(data.target))[:n]
    x = data.data[rows] / 16.0  # pixel intensities 0..16 -> [0, 1]
    if noise > 0:
        x = np.clip(x + noise * rng.standard_normal(x.shape), 0.0, 1.0)
    return x, data.target[rows]


def _sk_seed(rng: np.random.Generator) -> int:
    return int(rng.integers(0, 2**31 - 1))


DIGITS_SAMPLES = 1797

_SPECS = (
    DatasetSpec(
        name="xor",
        title="XOR",
        description="four quadrants; opposite quadrants share a class",
        input_dim=2,
        generate=_xor,
        default_noise=0.1,
        max_noise=1.0,
        reference="TensorFlow Playground",
    ),
    DatasetSpec(
        name="moons",
        title="Moons",
        description="two interleaving half circles",
        input_dim=2,
        generate=_moons,
        default_noise=0.15,
        max_noise=1.0,
        reference="sklearn.datasets.make_moons",
    ),
    DatasetSpec(
        name="circles",
        title="Circles",
        description="a small circle inside a large one",
        input_dim=2,
        generate=_circles,
        default_noise=0.08,
        max_noise=1.0,
        reference="sklearn.datasets.make_circles (factor 0.5)",
    ),
    DatasetSpec(
        name="spirals",
        title="Spirals",
        description="K interleaved spiral arms",
        input_dim=2,
        generate=_spirals,
        default_noise=0.05,
        max_noise=1.0,
        classes=(2, 6),
        reference="CS231n, minimal neural network case study (spiral data)",
    ),
    DatasetSpec(
        name="blobs",
        title="Gaussian blobs",
        description="K Gaussian clusters with centres on a circle of radius 2",
        input_dim=2,
        generate=_blobs,
        default_noise=0.6,
        max_noise=3.0,
        classes=(3, 6),
        reference="sklearn.datasets.make_blobs",
    ),
    DatasetSpec(
        name="classes_1d",
        title="Two classes on a line",
        description="two 1-D Gaussians at −1 and +1 (logistic regression with two parameters)",
        input_dim=1,
        generate=_classes_1d,
        default_noise=0.7,
        max_noise=3.0,
        reference="sklearn.datasets.make_blobs (one feature)",
    ),
    DatasetSpec(
        name="regression_linear",
        title="Linear regression",
        description="y = 2x − 1 + ε, x ~ U(−1, 1), ε ~ N(0, noise²)",
        input_dim=1,
        generate=_regression_linear,
        default_noise=0.3,
        max_noise=3.0,
        fixed_classes=0,
    ),
    DatasetSpec(
        name="regression_sine",
        title="Sine regression",
        description="y = sin(πx) + ε, x ~ U(−1, 1), ε ~ N(0, noise²)",
        input_dim=1,
        generate=_regression_sine,
        default_noise=0.1,
        max_noise=3.0,
        fixed_classes=0,
    ),
    DatasetSpec(
        name="digits",
        title="Digits (8×8)",
        description="scikit-learn's handwritten digits: 64 pixels in [0, 1], 10 classes"
        " (a small MNIST)",
        input_dim=64,
        generate=_digits,
        default_noise=0.0,
        max_noise=1.0,
        default_samples=500,
        max_samples=DIGITS_SAMPLES,
        fixed_classes=10,
        reference="sklearn.datasets.load_digits (UCI optical recognition of digits)",
    ),
)

DATASETS: Mapping[str, DatasetSpec] = MappingProxyType({s.name: s for s in _SPECS})


def make_dataset(
    name: str,
    samples: int,
    noise: float | None = None,
    seed: int = 0,
    test_fraction: float = 0.2,
    classes: int | None = None,
) -> Dataset:
    """``samples`` rows of data set ``name``; a seeded ``test_fraction`` of them for testing.

    The split is a seeded permutation; the test set has round(test_fraction · n)
    rows, and the training set keeps at least one.
    """
    spec = DATASETS[name]
    rng = np.random.default_rng(seed)
    k = spec.n_classes(classes)
    x, y = spec.generate(samples, spec.default_noise if noise is None else noise, k, rng)
    x = np.asarray(x, np.float32)
    y = np.asarray(y, np.float32 if k == 0 else np.int32)
    order = rng.permutation(len(x))
    n_test = min(round(test_fraction * len(x)), len(x) - 1)
    test, train = order[:n_test], order[n_test:]
    return Dataset(name, spec.task(classes), k, x[train], y[train], x[test], y[test])
