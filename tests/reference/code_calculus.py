"""The gradient-check and computation-graph scripts of ``thalweg code`` against Thalweg.

Part of ``check_code_scripts.py`` (outside the suite: it needs torch). Each
scene's torch and Keras script is run and its printed answer compared with the
service's (``services/gradient_check.py``, ``services/graph.py``):

* check: ∇f (max relative difference), and each difference quotient's gap in
  units of its round-off floor ε·(|f|/δ + |g|): f's values may differ in their
  last bits, and a quotient divides that by δ (tests/services/code/test_check.py);
  each check script's ``--plot`` is run once per framework;
* graph: every node's value and adjoint and ∂f/∂x, ∂f/∂y (max relative difference).

torch must agree (∇f, values and adjoints to 1e-12, quotients within 16 floor
units); Keras is recorded, and held to the same only where its script carries
no float32 note (keras.ops computes trigonometric functions in float32).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
from thalweg.services import gradient_check, graph
from thalweg.services.calculus_export import check_request, graph_request
from thalweg.services.code.views import script

EPS = float(np.finfo(np.float64).eps)
RELATIVE = 1e-12
FLOOR_UNITS = 16
CHECKS = {
    "beale": "surface=beale&start=1,1.5",
    "ackley": "surface=ackley&start=0.5,0.5",
    "typed": "surface=custom&f=sin(x)*exp(y)%2Blog(1%2Bx^2)&start=0.3,-0.7",
    "ill_conditioned": "surface=ill_conditioned&sp=kappa:50&start=-4,1.5",
}
GRAPHS = {
    "default": "",
    "functions": "f=softplus(x)%2Brelu(y)%2Blog10(x%2B5)%2Blog2(y%2B3)%2Bcbrt(x*y%2B1)"
    "&start=0.5,0.2",
    "binary": "f=hypot(x,y)*atan2(y,x)-sigmoid(x)/pi%2Bx^-2&start=1.2,-0.4",
    "not_finite": "f=log(x)%2By^2&start=-1,2",
}


def _floats(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)  # null -> nan


def _relative(got, want) -> float:
    got, want = _floats(got), _floats(want)
    if not np.array_equal(np.isfinite(got), np.isfinite(want)):
        return float("inf")
    finite = np.isfinite(want)
    gap = np.abs(got - want)[finite] / np.maximum(np.abs(want[finite]), 1e-300)
    return float(gap.max(initial=0.0))


def _check_gaps(printed: dict, want: dict) -> tuple[float, float]:
    """(∇f's relative difference, the quotients' largest gap in round-off floor units)."""
    deltas = _floats(want["deltas"])[:, None]
    units = 0.0
    for kind in ("forward", "central"):
        got, expected = _floats(printed[kind]), _floats(want[kind])
        if not np.array_equal(np.isfinite(got), np.isfinite(expected)):
            return _relative(printed["analytic"], want["analytic"]), float("inf")
        with np.errstate(over="ignore"):
            floor = EPS * (abs(want["value"]) / deltas + np.abs(expected))
        finite = np.isfinite(expected)
        units = max(units, float((np.abs(got - expected)[finite] / floor[finite]).max()))
    return _relative(printed["analytic"], want["analytic"]), units


def calculus_lines(run: Callable[..., str]) -> tuple[list[str], int]:
    """Lines for the output file and the number of failures; ``run(text, *args)`` runs a
    script in the torch/Keras virtualenv and returns what it printed."""
    lines = [
        "# gradient check: framework scene max_rel(∇f) max_gap(quotients)/(ε(|f|/δ+|g|)) verdict",
    ]
    failures = 0
    for framework in ("torch", "keras"):
        for name, link in CHECKS.items():
            text = script(f"view=check&{link}", framework)
            printed = json.loads(run(text))
            if name == "beale":
                run(text, "--plot")  # must draw without error (matplotlib, Agg)
            analytic, units = _check_gaps(printed, gradient_check.compute(check_request(link)))
            ok = analytic <= RELATIVE and units <= FLOOR_UNITS
            verdict, failures = _verdict(ok, framework, text, failures)
            lines.append(f"check {framework} {name} {analytic:.2e} {units:.2f} {verdict}")
        for name, link in GRAPHS.items():
            text = script(f"view=graph&{link}", framework)
            printed = json.loads(run(text))
            want = graph.compute(graph_request(link))
            gaps = {
                key: _relative([n[key] for n in printed["nodes"]], [n[key] for n in want["nodes"]])
                for key in ("value", "adjoint")
            }
            gaps["gradient"] = _relative(printed["gradient"], want["gradient"])
            labels = [n["label"] for n in printed["nodes"]] == [n["label"] for n in want["nodes"]]
            ok = labels and max(gaps.values()) <= RELATIVE
            verdict, failures = _verdict(ok, framework, text, failures)
            numbers = " ".join(f"{key} {gap:.2e}" for key, gap in gaps.items())
            lines.append(f"graph {framework} {name} {numbers} {verdict}")
    return lines, failures


def _verdict(ok: bool, framework: str, text: str, failures: int) -> tuple[str, int]:
    if ok:
        return "agrees", failures
    if framework == "keras" and "in float32" in text:
        return "differs (its script notes keras.ops's float32)", failures
    return "FAILS", failures + 1
