"""A Generative page link -> the training request its page would send.

The server side of ``frontend/js/views/generative/state.js`` (its table
``PROPS``, ``readPoints`` and ``ganBody``), of ``aeBody`` in ``ae.js`` and of
the catalog fitting in ``view.js`` (``fit``), read with the networks view's
codec (services/networks_query.py), so ``thalweg export`` can precompute the
training of a link with no browser. A browser test
(tests/browser/test_generative_export.py) checks that both sides build the same
request for the same links.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import parse_qsl

from thalweg.services.networks_query import Prop, fit_hyperparameters, parse

MAX_URL_POINTS = 1000
MAX_COORDINATE = 100
AE_GRID = 10  # ae.js GRID
AE_RECONSTRUCTIONS = 8  # ae.js RECONSTRUCTIONS
VIEW = {"resolution": 30, "field": 15, "manifold": 15}  # ganBody's view

# state.js PROPS, row by row.
PROPS = (
    Prop("mode", "mode", "string", "gan", values=("gan", "ae")),
    Prop("data", "data", "string", "ring"),
    Prop("samples", "n", "int", 300, 8, 1000),
    Prop("noise", "noise", "number", None, 0, 1),
    Prop("modes", "modes", "int", 25, values=(9, 25)),
    Prop("dataSeed", "dseed", "int", 0),
    Prop("noiseDim", "z", "int", 2, 1, 8),
    Prop("gHidden", "gh", "ints", [32, 32]),
    Prop("gAct", "gact", "string", "relu"),
    Prop("dHidden", "dh", "ints", [32, 32]),
    Prop("dAct", "dact", "string", "relu"),
    Prop("loss", "loss", "string", "non_saturating"),
    Prop("penalty", "pen", "string", "none", values=("none", "r1", "gp")),
    Prop("penaltyWeight", "pw", "number", 1, 0, 100),
    Prop("gOpt", "gopt", "string", "adam"),
    Prop("gHp", "ghp", "dict", {"lr": 0.001, "beta1": 0.5}),
    Prop("dOpt", "dopt", "string", "adam"),
    Prop("dHp", "dhp", "dict", {"lr": 0.001, "beta1": 0.5}),
    Prop("kD", "kd", "int", 1, 0, 10),
    Prop("kG", "kg", "int", 1, 0, 10),
    Prop("players", "train", "string", "both", values=("both", "d", "g")),
    Prop("batch", "bs", "int", 150, 1, 512),
    Prop("steps", "steps", "int", 2000, 1, 5000),
    Prop("every", "every", "int", 50, 25, 5000),
    Prop("seed", "seed", "int", 0),
    Prop("snapshot", "at", "int", None, 0, 5000),
    Prop("aeHidden", "aeh", "ints", [64]),
    Prop("aeAct", "aeact", "string", "tanh"),
    Prop("aeOpt", "aeopt", "string", "adam"),
    Prop("aeHp", "aehp", "dict", {"lr": 0.01}),
    Prop("aeSteps", "aesteps", "int", 1500, 25, 5000),
    Prop("aeBatch", "aebs", "int", 64, 1, 1024),
    Prop("aeSeed", "aeseed", "int", 0),
)


def _number(text: str) -> float:
    """JavaScript's ``Number(text)``, as far as ``readPoints`` needs it ("" is 0)."""
    try:
        return float(text) if text.strip() else 0.0
    except ValueError:
        return math.nan


def read_points(text: str | None) -> list[list[float]]:
    """state.js ``readPoints``: well-formed, finite, inside ±100, at most 1,000."""
    if not text:
        return []
    out = []
    for item in text.split(",")[:MAX_URL_POINTS]:
        parts = item.split(":")
        x = _number(parts[0])
        y = _number(parts[1]) if len(parts) > 1 else math.nan
        if all(math.isfinite(v) and abs(v) <= MAX_COORDINATE for v in (x, y)):
            out.append([x, y])
    return out


def read(query: str) -> dict[str, Any]:
    """state.js ``parse``: the table's values, and the custom points of ``pts``."""
    state = parse(query, PROPS)
    state["points"] = read_points(dict(parse_qsl(query.lstrip("?"))).get("pts"))
    return state


def fit(state: dict[str, Any], gan: dict) -> dict[str, Any]:
    """view.js ``fit``: link values the server would refuse fall back to what it offers
    (``gan``: GET /api/gan/catalog's answer)."""
    state = dict(state)
    limits = gan["limits"]
    if state["data"] not in [d["name"] for d in gan["distributions"]] + [gan["custom"]]:
        state["data"] = "ring"
    if state["loss"] not in [s["name"] for s in gan["losses"]]:
        state["loss"] = "non_saturating"
    activations = [a["name"] for a in gan["activations"]]
    for key in ("gAct", "dAct"):
        if state[key] not in activations:
            state[key] = "relu"
    for key in ("gHidden", "dHidden"):
        state[key] = [
            min(limits["max_width"], max(1, w or 32))
            for w in state[key][: limits["max_hidden_layers"]]
        ]
    state["points"] = state["points"][: limits["max_custom_points"]]
    for key, hp_key in (("gOpt", "gHp"), ("dOpt", "dHp"), ("aeOpt", "aeHp")):
        if state[key] not in gan["optimizers"]:
            state[key] = "adam"
        state[hp_key] = fit_hyperparameters(state[hp_key], state[key])
    return state


def gan_body(state: dict[str, Any], gan: dict) -> dict[str, Any]:
    """state.js ``ganBody``: the GAN's ``train`` message (less its id)."""
    dist = next((d for d in gan["distributions"] if d["name"] == state["data"]), None)
    custom = state["data"] == gan["custom"]
    samples = len(state["points"]) if custom else state["samples"]
    limits, chunk = gan["limits"], gan["chunk"]
    most = min(limits["max_snapshots"], limits["max_snapshot_points"] // max(1, samples))
    every = max(chunk, math.floor(state["every"] / chunk + 0.5) * chunk)
    while -(-state["steps"] // every) + 1 > most:
        every += chunk
    return {
        "data": {
            "name": state["data"],
            "samples": 8 if custom else state["samples"],
            "noise": None if custom else state["noise"],
            "seed": state["dataSeed"],
            "modes": state["modes"] if dist and len(dist["modes"]) > 1 else None,
            "points": state["points"] if custom else None,
        },
        "generator": {
            "noise_dim": state["noiseDim"],
            "hidden": state["gHidden"],
            "activation": state["gAct"],
        },
        "discriminator": {"hidden": state["dHidden"], "activation": state["dAct"]},
        "loss": state["loss"],
        "penalty": {"kind": state["penalty"], "weight": state["penaltyWeight"]},
        "optimizers": {
            "generator": {"id": state["gOpt"], "hyperparameters": state["gHp"]},
            "discriminator": {"id": state["dOpt"], "hyperparameters": state["dHp"]},
        },
        "k_discriminator": 0 if state["players"] == "g" else state["kD"],
        "k_generator": 0 if state["players"] == "d" else state["kG"],
        "batch_size": state["batch"],
        "steps": state["steps"],
        "seed": state["seed"],
        "every": every,
        "view": dict(VIEW),
    }


def ae_body(state: dict[str, Any], gan: dict) -> dict[str, Any]:
    """ae.js ``aeBody``: the autoencoder's ``train`` message (less its id)."""
    chunk, limits = gan["autoencoder"]["chunk"], gan["autoencoder"]["limits"]
    every = 4 * chunk
    while -(-state["aeSteps"] // every) + 1 > limits["max_snapshots"]:
        every += chunk
    return {
        "hidden": state["aeHidden"],
        "activation": state["aeAct"],
        "optimizer": {"id": state["aeOpt"], "hyperparameters": state["aeHp"]},
        "batch_size": state["aeBatch"],
        "steps": state["aeSteps"],
        "seed": state["aeSeed"],
        "every": every,
        "grid": AE_GRID,
        "reconstructions": AE_RECONSTRUCTIONS,
    }
