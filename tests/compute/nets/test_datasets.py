"""Data sets: shapes, dtypes, tasks, seeding and the split, for every registered one."""

from __future__ import annotations

import numpy as np
import pytest
from thalweg.compute.nets.datasets import DATASETS, make_dataset

ALL = pytest.mark.parametrize("name", list(DATASETS))


@ALL
def test_shapes_dtypes_and_split(name):
    spec = DATASETS[name]
    ds = make_dataset(name, 100, seed=3, test_fraction=0.25)
    assert ds.x_train.dtype == np.float32 and ds.x_test.dtype == np.float32
    assert ds.x_train.shape == (75, spec.input_dim) and ds.x_test.shape == (25, spec.input_dim)
    assert ds.task == spec.task() and ds.n_classes == spec.n_classes()
    if ds.task == "regression":
        assert ds.y_train.dtype == np.float32
    else:
        assert ds.y_train.dtype == np.int32
        labels = np.concatenate([ds.y_train, ds.y_test])
        assert set(np.unique(labels)) <= set(range(ds.n_classes))
        assert len(np.unique(labels)) == ds.n_classes  # every class is present
    assert np.all(np.isfinite(ds.x_train)) and np.all(np.isfinite(ds.y_train))


@ALL
def test_seeded(name):
    a, b = make_dataset(name, 60, seed=1), make_dataset(name, 60, seed=1)
    c = make_dataset(name, 60, seed=2)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.x_train, c.x_train)


def test_noise_moves_points_and_digits_stay_in_unit_interval():
    clean, noisy = make_dataset("xor", 200, 0.0, seed=0), make_dataset("xor", 200, 0.5, seed=0)
    assert np.abs(clean.x_train).max() <= 1.0 < np.abs(noisy.x_train).max()
    digits = make_dataset("digits", 300, noise=0.3, seed=0)
    assert digits.x_train.min() >= 0.0 and digits.x_train.max() <= 1.0


def test_class_count_and_empty_test_set():
    blobs = make_dataset("blobs", 120, classes=5, test_fraction=0.0)
    assert blobs.task == "multiclass" and blobs.n_classes == 5 and len(blobs.x_test) == 0
    assert make_dataset("spirals", 50).task == "binary"
    assert make_dataset("spirals", 90, classes=3).task == "multiclass"


def test_regression_line_has_its_slope():
    ds = make_dataset("regression_linear", 2000, noise=0.0)
    w, b = np.polyfit(ds.x_train[:, 0], ds.y_train, 1)
    assert w == pytest.approx(2.0, abs=1e-5) and b == pytest.approx(-1.0, abs=1e-5)
