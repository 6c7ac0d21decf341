"""The optimizer catalog: specs are consistent, and torch.optim's trajectories are met."""

import json
from pathlib import Path

import numpy as np
import pytest
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import LOSS, POINT, Objective, steps_taken_at

REFERENCE = json.loads(
    (Path(__file__).parents[1] / "reference" / "torch_trajectories.json").read_text()
)
# The optimizers whose trajectories must equal torch.optim's (docs/optimizers.md).
TORCH_EQUAL = {
    "gd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta",
    "adam", "adamw", "adamax", "amsgrad", "radam",
}  # fmt: skip
CASES = [c for c in REFERENCE["cases"] if c["optimizer"] in TORCH_EQUAL]


def test_reference_file_covers_every_torch_equal_optimizer():
    assert {c["optimizer"] for c in CASES} == TORCH_EQUAL
    assert REFERENCE["torch_version"].startswith("2.13.0")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_trajectory_equals_torch_optim(run, case):
    surface = SURFACES[case["surface"]]
    params = [10.0] if case["surface"] == "ill_conditioned" else []
    hyper = {k: float(v) for k, v in case["hyperparameters"].items() if k != "momentum_decay"}
    _, records, status, stop = run(
        Objective(surface.id, surface.value),
        case["optimizer"],
        case["steps"],
        params=params,
        starts=(case["start"],),
        domain=surface.domain,
        **hyper,
    )
    assert steps_taken_at(int(status[0]), int(stop[0])) == case["steps"]
    n = case["steps"] + 1
    expected = np.asarray(case["points"])
    scale = np.maximum(np.abs(expected), 1e-3)
    relative = np.abs(records[0, :n, POINT] - expected) / scale
    assert relative.max() < 1e-6, f"max relative difference {relative.max():.2e}"
    np.testing.assert_allclose(records[0, :n, LOSS], case["losses"], rtol=1e-6, atol=1e-12)


def test_torch_names_and_defaults():
    torch_defaults = {
        "gd": {"lr": 1e-3, "weight_decay": 0.0},
        "adagrad": {"lr": 1e-2, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10},
        "rmsprop": {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": 0},
        "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
        "adam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
        "adamw": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2},
        "adamax": {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    }
    for optimizer, expected in torch_defaults.items():
        defaults = OPTIMIZERS[optimizer].defaults()
        assert {k: defaults[k] for k in expected} == expected, optimizer


@pytest.mark.parametrize("spec", OPTIMIZERS.values(), ids=list(OPTIMIZERS))
def test_catalog_entry_is_complete_and_consistent(spec):
    assert spec.name and spec.update_rule and spec.reference
    names = [h.name for h in spec.hyperparameters]
    assert len(names) == len(set(names))
    assert {"noise", "seed"} <= set(names)
    for h in spec.hyperparameters:
        assert h.min <= h.default <= h.max, h.name
        assert h.scale in ("log", "linear", "int", "bool")
        assert h.min > 0 or h.scale != "log", h.name
        assert not h.static or h.scale in ("int", "bool"), h.name
        assert h.description


@pytest.mark.parametrize("spec", OPTIMIZERS.values(), ids=list(OPTIMIZERS))
def test_every_dynamic_hyperparameter_reaches_the_update(run, spec):
    """Moving any slider changes the path (a spec that is ignored would be a lie)."""
    rosenbrock = Objective("rosenbrock", SURFACES["rosenbrock"].value)
    base = {"lr": 1e-3} if "lr" in spec.defaults() and spec.id not in ("newton", "armijo") else {}
    for h in spec.hyperparameters:
        if h.static or h.name == "seed":
            continue
        value = _moved(h, base.get(h.name, h.default))
        extra = {"noise": 1.0} if h.name != "noise" else {}
        if spec.id == "ftrl" and h.name == "l1":
            extra["lr"] = 0.5
        _, moved, *_ = run(
            rosenbrock, spec.id, 30, starts=((-1.2, 1.4),), **{**base, **extra, h.name: value}
        )
        _, unmoved, *_ = run(rosenbrock, spec.id, 30, starts=((-1.2, 1.4),), **{**base, **extra})
        assert not np.array_equal(moved[0, :31, POINT], unmoved[0, :31, POINT]), h.name


def _moved(h, current):
    if h.scale == "log":
        return current * 1000 if current * 1000 <= h.max else current / 1000
    span = h.max - h.min
    return current + 0.3 * span if current + 0.3 * span <= h.max else current - 0.3 * span
