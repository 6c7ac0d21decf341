"""Benchmark of the sharpness tracking in the Networks view; prints Markdown tables.

1. **Overhead.** ``POST /api/networks/run``'s service (``services.networks.run``)
   with and without ``curvature`` for full-batch gradient descent under ½·MSE on
   two moons: the wall time of the whole call, the time of the chunk loop
   (``timing.train_ms``), of the tracked estimates (``timing.sharpness_ms``)
   and of the final top-k and density (``timing.spectrum_ms``). The issue's
   target: sharpness every 10 steps adds ≤ 50 % to training time. With and without are
   timed alternately, so the machine's load (shared, 2 cores) hits both alike.
2. **Compile times** of each program for a fresh model shape (a new width, so
   no cache helps): the trainer's chunk, Lanczos cold (64 steps) and a chunk's
   warm estimates (2 steps each); then the final top-k and density (4 cold
   runs, nothing new to compile).
   And per chunk: the trainer's 25 steps against that chunk's warm estimates,
   alternately (less sensitive to the machine's load than whole runs).
3. **The edge of stability** of the issue's setting (200 points, 2-32-32-1 tanh,
   η = 0.15, 5,000 steps, every 10): the sharpness' range per 1,000 steps.

Every time is the median of ``--repeats`` runs after a warm-up. From the repository root::

    .venv/bin/python benchmarks/bench_sharpness.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import time

import jax
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


def per_chunk(repeats: int) -> None:
    """The trainer's 25-step chunk against the same chunk's warm estimates (every 10: 2.5
    estimates per chunk on average), timed alternately on the same data: the overhead of
    tracking without the run's one cold start and the final spectrum."""
    from thalweg.services.networks_curvature import SharpnessTracker

    print("## Tracking cost per chunk (every 10 steps, warm 2-step Lanczos)\n")
    print("| network | 25-step chunk ms | its estimates ms | overhead |")
    print("|---|---|---|---|")
    for samples, hidden in ((100, [16, 16]), (200, [32, 32]), (500, [64, 64])):
        request = NetworkRequest.model_validate(
            body(samples, hidden, 0.15, 100, {"every": 10, "top_k": 5, "density": False})
        )
        plan = networks.prepare(request)
        trainer = plan.trainer
        carry = trainer.init(plan.theta0, plan.inputs.hyper)
        carry, records = trainer.chunk(carry, plan.inputs)
        rows = np.asarray(records)
        tracker = SharpnessTracker.create(request.curvature, plan.model, plan.loss, plan.inputs, 0)
        tracker.add(0, rows)  # compiles, and leaves a warm Ritz vector
        chunk, estimates = [], []
        for _ in range(20 * repeats):
            started = time.perf_counter()
            np.asarray(trainer.chunk(carry, plan.inputs)[1])
            chunk.append(time.perf_counter() - started)
            started = time.perf_counter()
            tracker.add(10, rows[:20])  # steps 10 and 20: two estimates
            estimates.append((time.perf_counter() - started) * 2.5 / 2)
        a, b = 1e3 * statistics.median(chunk), 1e3 * statistics.median(estimates)
        label = f"{samples} pts, 2-{'-'.join(map(str, hidden))}-1"
        print(f"| {label} | {a:.2f} | {b:.2f} | +{100 * b / a:.0f} % |")
    print()


def compile_times() -> None:
    from thalweg.services.networks_curvature import SharpnessTracker

    print("## Compile times (first call, a model shape not seen before)\n")
    print("| program | first call ms | second call ms |")
    print("|---|---|---|")
    request = NetworkRequest.model_validate(
        body(200, [24, 24], 0.15, 30, {"every": 10, "top_k": 5, "density": True})
    )
    plan = networks.prepare(request)
    trainer = plan.trainer
    theta = np.asarray(plan.theta0)

    def chunk():
        carry = trainer.init(theta, plan.inputs.hyper)
        jax.block_until_ready(trainer.chunk(carry, plan.inputs))

    tracker = SharpnessTracker.create(request.curvature, plan.model, plan.loss, plan.inputs, 0)
    probe = tracker.probes[0]
    tracker.vector = probe  # warm from here on
    rows = np.tile(np.concatenate([np.zeros(6, np.float32), theta]), (25, 1))
    calls = {
        "training chunk (init + 25 steps)": chunk,
        "Lanczos, cold (64 steps)": lambda: tracker._run(theta, probe, tracker.fresh),
        "sharpness of a chunk (warm, 2 steps, 3 θ)": lambda: tracker.add(0, rows),
        "top-5 and density at θ_final (4 cold runs)": lambda: tracker.result(theta),
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    compile_times()
    per_chunk(args.repeats)
    overhead(args.repeats)
    edge_of_stability()


if __name__ == "__main__":
    main()
