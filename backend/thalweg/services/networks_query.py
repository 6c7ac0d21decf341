"""A Networks page link -> the training requests its page would send.

The server side of ``frontend/js/networks/state.js`` (its table ``PROPS``,
``parse`` and ``requestBody``) and of the catalog fitting in
``js/networks/main.js``, so ``thalweg export`` can precompute the training
of a link with no browser. A browser test (tests/browser/test_networks_export.py)
checks that both sides build the same requests for the same links.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.schemas_networks import NETWORK_OPTIMIZERS

_INT = re.compile(r"^\d+$")
_INTS = re.compile(r"^\d+(,\d+)*$")
_KEY = re.compile(r"^\w+$")
_BATCHES = re.compile(r"^(\d+|all)(,(\d+|all))*$")
# state.js BATCH_RUNS: runs of a batch-size comparison, and the largest batch size.
BATCH_RUNS = {"min": 2, "max": 5, "largest": 2000}


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if text.strip() != "" and math.isfinite(value) else None


def _dict(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in text.split(","):
        key, _, value = item.partition(":")
        number = _number(value) if value else None
        if key and _KEY.match(key) and number is not None:
            out[key] = number
    return out


def sort_batches(batches: list[int | str]) -> list[int | str]:
    """state.js ``sortBatches``: ascending, ``"all"`` last, each once."""
    return sorted(set(batches), key=lambda b: math.inf if b == "all" else b)


def _batches(text: str) -> list[int | str] | None:
    if not _BATCHES.match(text):
        return None
    batches = sort_batches([b if b == "all" else int(b) for b in text.split(",")])
    valid = all(b == "all" or 1 <= b <= BATCH_RUNS["largest"] for b in batches)
    return batches if valid and BATCH_RUNS["min"] <= len(batches) <= BATCH_RUNS["max"] else None


READERS: dict[str, Callable[[str], Any]] = {
    "string": lambda s: s,
    "number": _number,
    "int": lambda s: int(s) if _INT.match(s) else None,
    "bool": lambda s: {"1": True, "0": False}.get(s),
    "ints": lambda s: [int(x) for x in s.split(",")] if _INTS.match(s) else None,
    "batch": lambda s: "all" if s == "all" else int(s) if _INT.match(s) else None,
    "dict": _dict,
    "batches": _batches,
}


@dataclass(frozen=True)
class Prop:
    name: str
    key: str
    type: str
    default: Any
    min: float | None = None
    max: float | None = None
    values: tuple | None = None


# state.js PROPS, row by row.
PROPS = (
    Prop("dataset", "data", "string", "moons"),
    Prop("samples", "n", "int", 200, 8, 2000),
    Prop("noise", "noise", "number", None, 0, 3),
    Prop("classes", "k", "int", None, 2, 6),
    Prop("dataSeed", "dseed", "int", 0),
    Prop("testFraction", "test", "number", 0.2, 0, 0.8),
    Prop("kind", "model", "string", "mlp", values=("linear", "logistic", "neuron", "mlp")),
    Prop("hidden", "hidden", "ints", [16, 16]),
    Prop("activation", "act", "string", "tanh"),
    Prop("alpha", "alpha", "number", None, 0, 5),
    Prop("init", "init", "string", "glorot", values=("normal", "glorot", "he")),
    Prop("sigma", "sigma", "number", 0.1, 0.001, 10),
    Prop("loss", "loss", "string", None),
    Prop("l2", "l2", "number", 0, 0, 10),
    Prop("steps", "steps", "int", 500, 1, 5000),
    Prop("seed", "seed", "int", 0),
    Prop("directions", "dir", "string", "pca", values=("random", "pca", "exact")),
    Prop("resolution", "res", "int", 41, 5, 101),
    Prop("optimizer", "opt", "string", "adam"),
    Prop("hp", "hp", "dict", {"lr": 0.01}),
    Prop("batch", "bs", "batch", 32),
    Prop("compare", "cmp", "bool", False),
    Prop("curvature", "curv", "bool", False),
    Prop("curvEvery", "every", "int", 10, 1, 5000),
    Prop("optimizer2", "opt2", "string", "gd"),
    Prop("hp2", "hp2", "dict", {"lr": 0.5}),
    Prop("batch2", "bs2", "batch", "all"),
    Prop("batchCompare", "cmpbs", "bool", False),
    Prop("batches", "bss", "batches", [4, 16, 64, "all"]),
)


def parse(
    query: str, props: tuple[Prop, ...] = PROPS, readers: Mapping[str, Callable] = READERS
) -> dict[str, Any]:
    """state.js ``parse``: defaults, overridden by every valid key of ``query``
    (``props``, ``readers``: the table and types of a view that shares the codec, as
    generative/state.js, or extends it, as maps/state.js)."""
    state = {p.name: p.default for p in props}
    raw = dict(parse_qsl(query.lstrip("?"), keep_blank_values=True))
    for prop in props:
        if prop.key not in raw:
            continue
        value = readers[prop.type](raw[prop.key])
        if value is None:
            continue
        if prop.values is not None and value not in prop.values:
            continue
        if prop.min is not None and value < prop.min:
            continue
        if prop.max is not None and value > prop.max:
            continue
        state[prop.name] = value
    return state


def fit(state: dict[str, Any], datasets: list[str], activations: list[str]) -> dict[str, Any]:
    """main.js: unknown data set, activation or optimizer -> the default; hyperparameters
    fitted to the optimizer's spec (unknown names dropped, values clamped)."""
    state = dict(state)
    if state["dataset"] not in datasets:
        state["dataset"] = "moons"
    if state["activation"] not in activations:
        state["activation"] = "tanh"
    for key, hp_key in (("optimizer", "hp"), ("optimizer2", "hp2")):
        if state[key] not in NETWORK_OPTIMIZERS:
            state[key] = "adam"
        state[hp_key] = fit_hyperparameters(state[hp_key], state[key])
    return state


def fit_hyperparameters(hp: dict[str, float], optimizer: str) -> dict[str, float]:
    """state.js ``fitHyperparameters``: names the optimizer lacks dropped, values clamped."""
    specs = {h.name: h for h in OPTIMIZERS[optimizer].hyperparameters}
    return {
        name: min(max(value, specs[name].min), specs[name].max)
        for name, value in hp.items()
        if name in specs
    }


def request_body(state: dict[str, Any], slot: int = 0) -> dict[str, Any]:
    """state.js ``requestBody``: the training request of run slot 0 (A) or 1 (B)."""
    b = slot == 1
    curvature = state["curvature"]
    return {
        "dataset": {
            "name": state["dataset"],
            "samples": state["samples"],
            "noise": state["noise"],
            "seed": state["dataSeed"],
            "test_fraction": state["testFraction"],
            "classes": state["classes"],
        },
        "model": {
            "kind": state["kind"],
            "hidden": state["hidden"],
            "activation": state["activation"],
            "alpha": state["alpha"],
            "init": {"scheme": state["init"], "sigma": state["sigma"]},
        },
        "loss": state["loss"],
        "l2": state["l2"],
        "optimizer": {
            "id": state["optimizer2" if b else "optimizer"],
            "hyperparameters": state["hp2" if b else "hp"],
        },
        "batch_size": state["batch2" if b else "batch"],
        "steps": state["steps"],
        "seed": state["seed"],
        "landscape": {
            "directions": state["directions"],
            "resolution": state["resolution"],
            "span": 1.0,
        },
        "decision": {"resolution": 41, "every": 100},
        "curvature": {"every": state["curvEvery"], "top_k": 5, "density": True}
        if curvature
        else None,
    }


def request_bodies(state: dict[str, Any]) -> list[dict[str, Any]]:
    """state.js ``requestBodies``: run A; A and B when comparing; or, comparing batch
    sizes, run A once per batch size with the sharpness tracked and no landscape."""
    if state["batchCompare"]:
        curvature = {"every": state["curvEvery"], "top_k": 5, "density": True}
        return [
            {**request_body(state), "batch_size": b, "landscape": None, "curvature": curvature}
            for b in state["batches"]
        ]
    return [request_body(state, slot) for slot in ((0, 1) if state["compare"] else (0,))]
