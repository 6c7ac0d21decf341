"""Generate reference optimizer trajectories with torch.optim.

Writes ``tests/reference/torch_trajectories.json``: for each case (optimizer,
surface, start point, hyperparameters) the 101 points of a 100-step run (the
start first) and the loss at each point. The JAX/optax engine's tests compare
against this file; they do not need torch.

Run from the repository root, in a separate virtualenv outside the repo that
has exactly torch 2.13.0 (CPU wheel) and numpy::

    python3 -m venv /work/torchenv
    /work/torchenv/bin/pip install torch==2.13.0 numpy
    /work/torchenv/bin/python tests/reference/make_torch_trajectories.py

(Install ``torch==2.13.0`` exactly: that version resolves to the local CPU
wheel; any other spec pulls the CUDA build.) The script refuses to run on any
other torch version unless ``--any-torch`` is given.

Everything runs in float64 on CPU, single-threaded, with ``foreach=False``, so
the output is deterministic: rerunning it gives a byte-identical file.

Hyperparameter names in the JSON are torch's, with ``betas`` split into
``beta1``/``beta2``. Every torch hyperparameter that affects the update is
written out explicitly, defaults included. Options not listed are torch's
defaults: ``maximize=False``, ``decoupled_weight_decay=False`` (Adam, NAdam,
RAdam), ``nesterov`` only for "nesterov", ``amsgrad`` only for "amsgrad".
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import torch

REQUIRED_TORCH = "2.13.0"
STEPS = 100
OUT = Path(__file__).resolve().parent / "torch_trajectories.json"
GENERATED_BY = "tests/reference/make_torch_trajectories.py"


# --------------------------------------------------------------------------
# Surfaces: p is a float64 tensor of shape (2,) = [x, y].
# --------------------------------------------------------------------------


def rosenbrock(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def beale(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def ill_conditioned(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return 0.5 * (x**2 + 10 * y**2)


def himmelblau(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


SURFACES = {
    "rosenbrock": (rosenbrock, (-1.5, 2.0), "(1-x)^2 + 100 (y-x^2)^2"),
    "beale": (
        beale,
        (1.0, 1.5),
        "(1.5-x+xy)^2 + (2.25-x+xy^2)^2 + (2.625-x+xy^3)^2",
    ),
    "ill_conditioned": (ill_conditioned, (-4.0, 1.5), "0.5 (x^2 + 10 y^2)"),
    "himmelblau": (himmelblau, (-0.5, -0.5), "(x^2+y-11)^2 + (x+y^2-7)^2"),
}


# --------------------------------------------------------------------------
# Optimizers: our name -> (constructor from our hyperparameters, defaults).
# Defaults are torch 2.13.0's, except momentum=0.9 for "momentum" and
# "nesterov" (torch's SGD default is momentum=0, which is our "gd").
# --------------------------------------------------------------------------

DEFAULTS: dict[str, dict[str, float | bool]] = {
    "gd": {"lr": 1e-3, "weight_decay": 0.0},
    "momentum": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "nesterov": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "adagrad": {
        "lr": 1e-2,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    },
    "rmsprop": {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    },
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "adam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "amsgrad": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "adamw": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2},
    "adamax": {"lr": 2e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "nadam": {
        "lr": 2e-3,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum_decay": 4e-3,
    },
    "radam": {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
}


def make_optimizer(name: str, params: list[torch.Tensor], h: dict) -> torch.optim.Optimizer:
    o = torch.optim
    betas = (h.get("beta1"), h.get("beta2"))
    if name == "gd":
        return o.SGD(
            params,
            lr=h["lr"],
            momentum=0.0,
            dampening=0.0,
            weight_decay=h["weight_decay"],
            nesterov=False,
            foreach=False,
        )
    if name in ("momentum", "nesterov"):
        return o.SGD(
            params,
            lr=h["lr"],
            momentum=h["momentum"],
            dampening=h["dampening"],
            weight_decay=h["weight_decay"],
            nesterov=(name == "nesterov"),
            foreach=False,
        )
    if name == "adagrad":
        return o.Adagrad(
            params,
            lr=h["lr"],
            lr_decay=h["lr_decay"],
            weight_decay=h["weight_decay"],
            initial_accumulator_value=h["initial_accumulator_value"],
            eps=h["eps"],
            foreach=False,
        )
    if name == "rmsprop":
        return o.RMSprop(
            params,
            lr=h["lr"],
            alpha=h["alpha"],
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            momentum=h["momentum"],
            centered=h["centered"],
            foreach=False,
        )
    if name == "adadelta":
        return o.Adadelta(
            params,
            lr=h["lr"],
            rho=h["rho"],
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            foreach=False,
        )
    if name in ("adam", "amsgrad"):
        return o.Adam(
            params,
            lr=h["lr"],
            betas=betas,
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            amsgrad=(name == "amsgrad"),
            decoupled_weight_decay=False,
            foreach=False,
        )
    if name == "adamw":
        return o.AdamW(
            params,
            lr=h["lr"],
            betas=betas,
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            amsgrad=False,
            foreach=False,
        )
    if name == "adamax":
        return o.Adamax(
            params,
            lr=h["lr"],
            betas=betas,
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            foreach=False,
        )
    if name == "nadam":
        return o.NAdam(
            params,
            lr=h["lr"],
            betas=betas,
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            momentum_decay=h["momentum_decay"],
            decoupled_weight_decay=False,
            foreach=False,
        )
    if name == "radam":
        return o.RAdam(
            params,
            lr=h["lr"],
            betas=betas,
            eps=h["eps"],
            weight_decay=h["weight_decay"],
            decoupled_weight_decay=False,
            foreach=False,
        )
    raise ValueError(f"unknown optimizer {name!r}")


# --------------------------------------------------------------------------
# Cases: (optimizer, surface, overrides of DEFAULTS). Learning rates are chosen
# to give visible, non-diverging motion over 100 steps on that surface.
# --------------------------------------------------------------------------

CASES: list[tuple[str, str, dict]] = [
    # Plain gradient descent (SGD, momentum=0).
    ("gd", "rosenbrock", {"lr": 5e-4}),
    ("gd", "beale", {"lr": 1e-2}),
    ("gd", "ill_conditioned", {"lr": 0.03}),
    ("gd", "ill_conditioned", {"lr": 0.03, "weight_decay": 0.5}),
    ("gd", "himmelblau", {"lr": 1e-2}),
    ("gd", "himmelblau", {"lr": 1e-2, "weight_decay": 0.1}),
    # Heavy-ball momentum (SGD, momentum>0).
    ("momentum", "rosenbrock", {"lr": 1e-4}),
    ("momentum", "rosenbrock", {"lr": 1e-4, "dampening": 0.5}),
    ("momentum", "ill_conditioned", {"lr": 0.02}),
    ("momentum", "ill_conditioned", {"lr": 0.02, "weight_decay": 0.5}),
    ("momentum", "beale", {"lr": 1e-3, "momentum": 0.8}),
    ("momentum", "himmelblau", {"lr": 2e-3, "dampening": 0.5, "weight_decay": 0.1}),
    # Nesterov momentum (SGD, nesterov=True; torch requires dampening=0).
    ("nesterov", "rosenbrock", {"lr": 1e-4}),
    ("nesterov", "ill_conditioned", {"lr": 0.02}),
    ("nesterov", "himmelblau", {"lr": 2e-3, "momentum": 0.8, "weight_decay": 0.1}),
    # Adagrad.
    ("adagrad", "ill_conditioned", {}),  # all torch defaults
    ("adagrad", "rosenbrock", {"lr": 0.5}),
    ("adagrad", "rosenbrock", {"lr": 0.5, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("adagrad", "himmelblau", {"lr": 0.5, "weight_decay": 0.1, "eps": 1e-6}),
    # RMSprop.
    ("rmsprop", "rosenbrock", {}),  # all torch defaults
    ("rmsprop", "ill_conditioned", {"lr": 0.05}),
    ("rmsprop", "ill_conditioned", {"lr": 0.05, "centered": True}),
    ("rmsprop", "rosenbrock", {"lr": 1e-3, "momentum": 0.9}),
    ("rmsprop", "beale", {"lr": 1e-3, "momentum": 0.9, "centered": True}),
    ("rmsprop", "himmelblau", {"lr": 0.05, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1}),
    # Adadelta.
    ("adadelta", "rosenbrock", {}),  # all torch defaults
    ("adadelta", "ill_conditioned", {"lr": 0.5, "rho": 0.95}),
    ("adadelta", "himmelblau", {"lr": 10.0, "eps": 1e-4, "weight_decay": 0.1}),
    # Adam (amsgrad=False; weight_decay is L2 added to the gradient).
    ("adam", "rosenbrock", {"lr": 0.05}),
    ("adam", "beale", {"lr": 0.05}),
    ("adam", "ill_conditioned", {"lr": 0.1}),
    ("adam", "himmelblau", {"lr": 0.1}),
    ("adam", "rosenbrock", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    ("adam", "rosenbrock", {"lr": 0.05, "weight_decay": 0.1}),
    # Adam with amsgrad=True.
    ("amsgrad", "rosenbrock", {"lr": 0.05}),
    ("amsgrad", "ill_conditioned", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99}),
    ("amsgrad", "himmelblau", {"lr": 0.1, "weight_decay": 0.1, "eps": 1e-6}),
    # AdamW (decoupled weight decay, torch default 1e-2).
    ("adamw", "rosenbrock", {"lr": 0.05}),
    ("adamw", "rosenbrock", {"lr": 0.05, "weight_decay": 0.1}),
    ("adamw", "ill_conditioned", {"lr": 0.1, "weight_decay": 0.1}),
    ("adamw", "himmelblau", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    # Adamax.
    ("adamax", "ill_conditioned", {}),  # all torch defaults (lr=2e-3)
    ("adamax", "rosenbrock", {"lr": 0.1}),
    ("adamax", "beale", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    ("adamax", "himmelblau", {"lr": 0.1, "weight_decay": 0.1}),
    # NAdam (torch's, with momentum_decay) and RAdam (torch's): recorded to
    # state whether optax's versions match.
    ("nadam", "ill_conditioned", {}),  # all torch defaults
    ("nadam", "rosenbrock", {"lr": 0.03}),
    ("nadam", "himmelblau", {"lr": 0.1, "momentum_decay": 0.0}),
    ("nadam", "beale", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1}),
    ("radam", "ill_conditioned", {}),  # all torch defaults
    ("radam", "rosenbrock", {"lr": 1e-3}),  # 5 unrectified (SGD-like) steps first
    ("radam", "himmelblau", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99}),
    ("radam", "beale", {"lr": 0.01, "weight_decay": 0.1}),
]


def case_id(optimizer: str, surface: str, h: dict, overrides: dict) -> str:
    if not overrides:
        return f"{optimizer}-{surface}-defaults"
    parts = [f"{k}={h[k]}" for k in h if k in overrides]
    return f"{optimizer}-{surface}-" + ",".join(parts)


def run_case(optimizer: str, surface: str, overrides: dict, nudge: float = 0.0) -> dict:
    unknown = set(overrides) - set(DEFAULTS[optimizer])
    if unknown:
        raise ValueError(f"{optimizer}: unknown hyperparameters {sorted(unknown)}")
    h = {**DEFAULTS[optimizer], **overrides}
    h = {k: (bool(v) if isinstance(v, bool) else float(v)) for k, v in h.items()}
    fn, start, _ = SURFACES[surface]

    p = torch.tensor([start[0] + nudge, start[1] + nudge], dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(optimizer, [p], h)
    points: list[list[float]] = [p.detach().tolist()]
    losses: list[float] = []
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = fn(p)
        losses.append(loss.item())
        loss.backward()
        opt.step()
        points.append(p.detach().tolist())
    with torch.no_grad():
        losses.append(fn(p).item())

    flat = [v for pt in points for v in pt] + losses
    if not all(math.isfinite(v) for v in flat):
        raise RuntimeError(f"{optimizer}/{surface} {h}: non-finite trajectory")
    return {
        "id": case_id(optimizer, surface, h, overrides),
        "optimizer": optimizer,
        "surface": surface,
        "start": [float(start[0]), float(start[1])],
        "steps": STEPS,
        "hyperparameters": h,
        "points": points,
        "losses": losses,
    }


def dump(doc: dict) -> str:
    """Compact JSON with one case per line (readable diffs, modest size).

    Floats use Python's shortest round-trip repr, so values are exact.
    """
    compact = {"separators": (",", ":"), "allow_nan": False}
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = [json.dumps(head, **compact)[:-1] + ',"cases":[']
    lines += [json.dumps(c, **compact) + "," for c in doc["cases"]]
    lines[-1] = lines[-1][:-1]
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == doc
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--any-torch", action="store_true", help=f"allow a torch other than {REQUIRED_TORCH}"
    )
    ap.add_argument(
        "--summary",
        action="store_true",
        help="print one line per case, with how far the trajectory moves "
        "when the start is nudged by 1e-10 (a guide to test tolerances)",
    )
    args = ap.parse_args()

    version = torch.__version__.split("+")[0]
    if version != REQUIRED_TORCH and not args.any_torch:
        print(f"need torch {REQUIRED_TORCH} (CPU), found {torch.__version__}", file=sys.stderr)
        return 2

    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)  # nothing is random; set anyway

    cases = [run_case(o, s, ov) for o, s, ov in CASES]
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "duplicate case ids"

    doc = {
        "torch_version": torch.__version__,
        "generated_by": GENERATED_BY,
        "dtype": "float64",
        "surfaces": {
            name: {"formula": formula, "start": [float(s[0]), float(s[1])]}
            for name, (_, s, formula) in SURFACES.items()
        },
        "cases": cases,
    }
    args.out.write_text(dump(doc))

    if args.summary:
        for c, (o, s, ov) in zip(cases, CASES, strict=True):
            nudged = run_case(o, s, ov, nudge=1e-10)
            spread = max(
                abs(a - b)
                for pa, pb in zip(c["points"], nudged["points"], strict=True)
                for a, b in zip(pa, pb, strict=True)
            )
            print(
                f"{c['id']:70s} loss {c['losses'][0]:8.4g} -> {c['losses'][-1]:9.4g}  "
                f"end ({c['points'][-1][0]:+.3f}, {c['points'][-1][1]:+.3f})  "
                f"max|dp| for 1e-10 nudge {spread:.1e}"
            )
    print(f"wrote {len(cases)} cases to {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
