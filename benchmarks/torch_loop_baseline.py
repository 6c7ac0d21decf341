"""Baseline: how long PyTorch takes to compute optimizer trajectories the usual way.

Computes a batch of 8 trajectories x 500 steps on Rosenbrock, one optimizer
each (SGD, SGD momentum, SGD Nesterov, Adagrad, RMSprop, Adadelta, Adam, AdamW),
from (-1.5, 2.0), the way jettify/pytorch-optimizer's visualisation script
(examples/viz_optimizers.py) does: a Python loop per step of ``zero_grad``,
forward, ``loss.backward()``, ``clip_grad_norm_(x, 1.0)``, ``optimizer.step()``
and copying the point out to a NumPy array. As there: float32 tensors and
gradient-norm clipping at 1.0 (``--no-clip`` and ``--dtype float64`` turn
those off). The batch is timed ``--repeats`` times after one warm-up batch,
and a Markdown table of the median and p95 milliseconds per 8-trajectory
batch is printed.

It needs torch, which the project itself does not depend on. Run it from the
repository root in the separate virtualenv (see tests/reference/README.md)::

    python3 -m venv /work/torchenv
    /work/torchenv/bin/pip install torch==2.13.0 numpy
    /work/torchenv/bin/python benchmarks/torch_loop_baseline.py [--json out.json]

benchmarks/bench_api.py compares Thalweg's JAX engine (one jitted, vmapped
scan over all optimizers) against the numbers this script prints.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

START = (-1.5, 2.0)
N_STEPS = 500

# name -> (torch.optim class, kwargs); learning rates chosen so each run moves
# visibly and stays finite over 500 clipped steps on Rosenbrock.
OPTIMIZERS: dict[str, tuple[type[torch.optim.Optimizer], dict]] = {
    "SGD": (torch.optim.SGD, {"lr": 1e-3}),
    "SGD momentum": (torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9}),
    "SGD nesterov": (torch.optim.SGD, {"lr": 1e-3, "momentum": 0.9, "nesterov": True}),
    "Adagrad": (torch.optim.Adagrad, {"lr": 0.5}),
    "RMSprop": (torch.optim.RMSprop, {"lr": 1e-2}),
    "Adadelta": (torch.optim.Adadelta, {"lr": 1.0}),
    "Adam": (torch.optim.Adam, {"lr": 0.05}),
    "AdamW": (torch.optim.AdamW, {"lr": 0.05}),
}


def rosenbrock(t: torch.Tensor) -> torch.Tensor:
    x, y = t
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def trajectory(
    opt_cls: type[torch.optim.Optimizer],
    kwargs: dict,
    n_steps: int,
    dtype: torch.dtype,
    clip: bool,
) -> np.ndarray:
    """One trajectory, shape (2, n_steps + 1), in the pytorch-optimizer viz style."""
    x = torch.tensor(START, dtype=dtype).requires_grad_(True)
    optimizer = opt_cls([x], **kwargs)
    steps = np.zeros((2, n_steps + 1))
    steps[:, 0] = np.array(START)
    for i in range(1, n_steps + 1):
        optimizer.zero_grad()
        f = rosenbrock(x)
        f.backward(retain_graph=True)
        if clip:
            torch.nn.utils.clip_grad_norm_(x, 1.0)
        optimizer.step()
        steps[:, i] = x.detach().numpy()
    return steps


def batch(n_steps: int, dtype: torch.dtype, clip: bool) -> dict[str, float]:
    """All 8 trajectories; returns seconds per optimizer."""
    per_opt = {}
    for name, (cls, kwargs) in OPTIMIZERS.items():
        t0 = time.perf_counter()
        steps = trajectory(cls, kwargs, n_steps, dtype, clip)
        per_opt[name] = time.perf_counter() - t0
        if not np.isfinite(steps).all():
            raise RuntimeError(f"{name} diverged")
    return per_opt


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=20, help="timed batches (default 20)")
    ap.add_argument("--steps", type=int, default=N_STEPS, help="steps per trajectory")
    ap.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    ap.add_argument("--no-clip", action="store_true", help="skip clip_grad_norm_")
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    ap.add_argument("--json", type=Path, default=None, help="also write results here")
    args = ap.parse_args()

    if args.threads:
        torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    clip = not args.no_clip

    batch(args.steps, dtype, clip)  # warm-up
    batches: list[float] = []
    per_opt: dict[str, list[float]] = {name: [] for name in OPTIMIZERS}
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        times = batch(args.steps, dtype, clip)
        batches.append(time.perf_counter() - t0)
        for name, t in times.items():
            per_opt[name].append(t)

    ms = [b * 1e3 for b in batches]
    n_traj = len(OPTIMIZERS)
    med, p95 = statistics.median(ms), pct(ms, 95)
    print(
        f"torch {torch.__version__}, Python {platform.python_version()}, "
        f"{torch.get_num_threads()} thread(s), {args.dtype}, "
        f"clip_grad_norm={'1.0' if clip else 'off'}, {args.repeats} timed batches "
        f"after 1 warm-up\n"
    )
    print("| what | median ms | p95 ms |")
    print("| --- | ---: | ---: |")
    print(f"| {n_traj} trajectories x {args.steps} steps (one batch) | {med:.1f} | {p95:.1f} |")
    print(f"| per trajectory | {med / n_traj:.1f} | {p95 / n_traj:.1f} |")
    print(
        f"| per optimizer step (us) | {med * 1e3 / (n_traj * args.steps):.1f} | "
        f"{p95 * 1e3 / (n_traj * args.steps):.1f} |"
    )
    print()
    print("| optimizer | median ms / trajectory | p95 ms / trajectory |")
    print("| --- | ---: | ---: |")
    for name, ts in per_opt.items():
        t_ms = [t * 1e3 for t in ts]
        print(f"| {name} | {statistics.median(t_ms):.1f} | {pct(t_ms, 95):.1f} |")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "torch_version": torch.__version__,
                    "threads": torch.get_num_threads(),
                    "dtype": args.dtype,
                    "clip_grad_norm": 1.0 if clip else None,
                    "trajectories": n_traj,
                    "steps": args.steps,
                    "repeats": args.repeats,
                    "batch_ms": ms,
                    "batch_ms_median": med,
                    "batch_ms_p95": p95,
                    "per_optimizer_ms_median": {
                        k: statistics.median(v) * 1e3 for k, v in per_opt.items()
                    },
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
