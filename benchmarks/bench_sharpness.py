"""Benchmark of the sharpness tracking in the Networks view; prints Markdown tables.

1. **Overhead.** ``POST /api/networks/run``'s service (``services.networks.run``)
   with and without ``curvature`` for full-batch gradient descent under ½·MSE on
   two moons: the wall time of the whole call, the time of the chunk loop
   (``timing.train_ms``, the estimates included: they run in the chunks), of
   the cold start at θ_0 (``timing.sharpness_ms``) and of the final top-k and
   density (``timing.spectrum_ms``). The issue's target: sharpness every 10
   steps adds ≤ 50 % to training time. With and without are timed alternately,
   so the machine's load (shared, 2 cores) hits both alike.
2. **Compile times** of each program for a fresh model shape (a new width, so
   no cache helps): the trainer's chunk, Lanczos cold (64 steps) and the
   trainer's chunk with its warm estimates (its own program); then the final
   top-k and density (4 cold runs, nothing new to compile).
   And per chunk: the trainer's 25 steps without and with their estimates,
   alternately (less sensitive to the machine's load than whole runs).
3. **The edge of stability** of the issue's setting (200 points, 2-32-32-1 tanh,
   η = 0.15, 5,000 steps, every 10): the sharpness' range per 1,000 steps.
4. ``--compare OTHER/backend``: the overhead of case 1 (wall time of ``run`` with
   curvature / without), paired: each repeat times this tree's code and OTHER's
   (another checkout's ``backend``) in fresh processes, alternately, so the
   machine's load (shared, 2 cores) hits both alike; median, min and max.

Every time is the median of ``--repeats`` runs after a warm-up. From the repository root::

    .venv/bin/python benchmarks/bench_sharpness.py [--repeats 7] [--compare OTHER/backend]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import networks


def body(samples: int, hidden: list[int], lr: float, steps: int, curvature: dict | None) -> dict:
    return {
        "dataset": {"name": "moons", "samples": samples, "test_fraction": 0},
        "model": {"kind": "mlp", "hidden": hidden, "activation": "tanh"},
        "loss": "half_mse",
        "optimizer": {"id": "gd", "hyperparameters": {"lr": lr}},
        "steps": steps,
        "landscape": None,
        "curvature": curvature,
    }


def overhead(repeats: int) -> None:
    print("## Overhead of the sharpness (GD, ½·MSE, moons, full batch)\n")
    print(
        "| network | steps | curvature | wall ms | train ms | sharpness ms | top-k+density ms"
        " | (train + sharpness) / without | wall / without |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    configs = [(200, [32, 32], 1000), (200, [32, 32], 5000), (500, [64, 64], 1000)]
    for samples, hidden, steps in configs:
        variants = {
            "none": None,
            "every 10, top-5, density": {"every": 10, "top_k": 5, "density": True},
            "every 10, no density": {"every": 10, "top_k": 5, "density": False},
            "every 50, top-5, density": {"every": 50, "top_k": 5, "density": True},
        }
        requests = {
            k: NetworkRequest.model_validate(body(samples, hidden, 0.15, steps, v))
            for k, v in variants.items()
        }
        for request in requests.values():
            networks.run(request)  # compile
        times: dict[str, list[tuple[float, float, float]]] = {k: [] for k in requests}
        for _ in range(repeats):
            for name, request in requests.items():
                started = time.perf_counter()
                out = networks.run(request)
                wall = 1e3 * (time.perf_counter() - started)
                timing = out["timing"]
                times[name].append(
                    (wall, timing["train_ms"], timing["sharpness_ms"], timing["spectrum_ms"])
                )
        base = statistics.median(t[0] for t in times["none"])
        label = f"{samples} pts, 2-{'-'.join(map(str, hidden))}-1"
        for name, rows in times.items():
            wall, train, sharp, final = (statistics.median(c) for c in zip(*rows, strict=True))
            print(
                f"| {label} | {steps} | {name} | {wall:.0f} | {train:.0f} | {sharp:.0f} |"
                f" {final:.0f} | {(train + sharp) / base:.2f} | {wall / base:.2f} |"
            )
    print()


def _plans(samples: int, hidden: list[int], steps: int):
    """The plan without curvature and the one with it (every 10, top-5, no density)."""
    plain = NetworkRequest.model_validate(body(samples, hidden, 0.15, steps, None))
    tracked = NetworkRequest.model_validate(
        body(samples, hidden, 0.15, steps, {"every": 10, "top_k": 5, "density": False})
    )
    return networks.prepare(plain), networks.prepare(tracked), tracked


def per_chunk(repeats: int) -> None:
    """The trainer's 25-step chunk without and with the estimates (every 10: 2 or 3 per
    chunk, 2.5 on average; here steps 10 and 20), timed alternately on the same data: the
    overhead of tracking without the run's one cold start and the final spectrum."""
    from thalweg.services.networks_curvature import SharpnessTracker

    print("## Tracking cost per chunk (every 10 steps, warm 2-step Lanczos)\n")
    print("| network | 25-step chunk ms | with 2 estimates ms | overhead per 2.5 estimates |")
    print("|---|---|---|---|")
    for samples, hidden in ((100, [16, 16]), (200, [32, 32]), (500, [64, 64])):
        plain, tracked, request = _plans(samples, hidden, 100)
        tracker = SharpnessTracker.create(
            request.curvature, tracked.model, tracked.loss, tracked.inputs, 0, tracked.theta0
        )
        # From step 1: the chunk's due steps are 10 and 20.
        first = jnp.asarray(1, jnp.int32)
        carries = [
            p.trainer.init(p.theta0, p.inputs.hyper)._replace(step=first, tracking=tracking)
            for p, tracking in ((plain, None), (tracked, tracker.tracking))
        ]
        times: list[list[float]] = [[], []]
        for _ in range(20 * repeats):
            for j, (p, carry) in enumerate(zip((plain, tracked), carries, strict=True)):
                started = time.perf_counter()
                jax.block_until_ready(p.trainer.chunk(carry, p.inputs))
                times[j].append(time.perf_counter() - started)
        a, b = (1e3 * statistics.median(t) for t in times)
        label = f"{samples} pts, 2-{'-'.join(map(str, hidden))}-1"
        print(f"| {label} | {a:.2f} | {b:.2f} | +{100 * (b - a) * 1.25 / a:.0f} % |")
    print()


def compile_times() -> None:
    from thalweg.services.networks_curvature import SharpnessTracker

    print("## Compile times (first call, a model shape not seen before)\n")
    print("| program | first call ms | second call ms |")
    print("|---|---|---|")
    plain, tracked, request = _plans(200, [24, 24], 30)
    theta = np.asarray(plain.theta0)
    spec = request.curvature.model_copy(update={"density": True})

    made = {}

    def cold():
        made["tracker"] = SharpnessTracker.create(
            spec, tracked.model, tracked.loss, tracked.inputs, 0, tracked.theta0
        )
        return made["tracker"].tracking

    def chunk(p, tracking):
        carry = p.trainer.init(theta, p.inputs.hyper)._replace(tracking=tracking)
        return p.trainer.chunk(carry, p.inputs)

    calls = {
        "training chunk (init + 25 steps)": lambda: chunk(plain, None),
        "Lanczos, cold at θ_0 (64 steps)": cold,
        "training chunk with 3 estimates (warm, 2 steps)": lambda: chunk(
            tracked, made["tracker"].tracking
        ),
        "top-5 and density at θ_final (4 cold runs)": lambda: made["tracker"].result(theta),
    }
    for name, call in calls.items():
        times = []
        for _ in range(2):
            started = time.perf_counter()
            jax.block_until_ready(call())
            times.append(1e3 * (time.perf_counter() - started))
        print(f"| {name} | {times[0]:.0f} | {times[1]:.2f} |")
    print()


def edge_of_stability() -> None:
    lr = 0.15
    request = NetworkRequest.model_validate(
        body(200, [32, 32], lr, 5000, {"every": 10, "top_k": 5, "density": True})
    )
    out = networks.run(request)
    c = out["curvature"]
    steps, sharpness = np.asarray(c["steps"]), np.asarray(c["sharpness"])
    print(f"## Edge of stability: 200 moons, 2-32-32-1 tanh, GD η = {lr} (2/η = {2 / lr:.2f})\n")
    print("| steps | min λ_max | median | max | median · η/2 |")
    print("|---|---|---|---|---|")
    for lo in range(0, 5000, 1000):
        part = sharpness[(steps >= lo) & (steps < lo + 1000)]
        print(
            f"| {lo}–{lo + 1000} | {part.min():.2f} | {np.median(part):.2f} | {part.max():.2f} |"
            f" {np.median(part) * lr / 2:.3f} |"
        )
    print(f"\nfinal top-5: {np.round(c['top_eigenvalues'], 2).tolist()}\n")


COMPARED = {
    "every 10": {"every": 10, "top_k": 5, "density": False},
    "every 10, density": {"every": 10, "top_k": 5, "density": True},
}


def warm_walls(samples: int, hidden: list[int], steps: int, repeats: int) -> dict[str, float]:
    """Median wall seconds of ``run`` without curvature and with each of ``COMPARED``."""
    variants = {"none": None, **COMPARED}
    requests = {
        k: NetworkRequest.model_validate(body(samples, hidden, 0.15, steps, v))
        for k, v in variants.items()
    }
    for request in requests.values():
        networks.run(request)  # compile
    times: dict[str, list[float]] = {k: [] for k in requests}
    for _ in range(repeats):
        for name, request in requests.items():
            started = time.perf_counter()
            networks.run(request)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def compare(other: str, repeats: int) -> None:
    here = str(Path(__file__).resolve().parents[1] / "backend")
    configs = [(200, [32, 32], 1000), (200, [32, 32], 5000)]
    ratios: dict[tuple, list[float]] = {}
    for repeat in range(repeats):
        sides = [("this", here), ("other", other)]
        for side, backend in sides if repeat % 2 == 0 else sides[::-1]:
            for config in configs:
                env = {**os.environ, "PYTHONPATH": backend}
                command = [sys.executable, __file__, "--case", json.dumps([*config, 3])]
                out = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
                walls = json.loads(out.stdout)
                for name in COMPARED:
                    key = (*map(str, config), name, side)
                    ratios.setdefault(key, []).append(walls[name] / walls["none"])
    print(f"load average after: {os.getloadavg()}\n")
    print("| network | steps | curvature | this: with / without, median (min–max) | other |")
    print("|---|---|---|---|---|")
    for samples, hidden, steps in configs:
        for name in COMPARED:
            cells = []
            for side in ("this", "other"):
                r = ratios[(str(samples), str(hidden), str(steps), name, side)]
                cells.append(f"{statistics.median(r):.2f} ({min(r):.2f}–{max(r):.2f})")
            label = f"{samples} pts, 2-{'-'.join(map(str, hidden))}-1"
            print(f"| {label} | {steps} | {name} | {cells[0]} | {cells[1]} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--compare", metavar="OTHER/backend", help="paired overhead against")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(warm_walls(*json.loads(args.case))))
        return
    if args.compare:
        compare(args.compare, args.repeats)
        return
    compile_times()
    per_chunk(args.repeats)
    overhead(args.repeats)
    edge_of_stability()


if __name__ == "__main__":
    main()
