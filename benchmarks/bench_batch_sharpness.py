"""Sharp and flat minima against the batch size (Keskar et al. 2017), through the Networks API.

The same network is trained by plain (S)GD with the same learning rate and the
same number of steps from the same initialisation, once per batch size, each
through ``services.networks.run`` (what ``POST /api/networks/run`` answers) with
``curvature: {every, top_k: 5, density: true}``. Printed per batch size and seed:
the final training loss and accuracy, λ_max along the last half of training
(median) and the top-5 eigenvalues at the final weights (the density is
computed too, as the page would ask for it, and timed with the run). Keskar
et al. (ICLR 2017) report larger top eigenvalues (sharper minima) for large
batches; with full-batch GD the sharpness rises to 2/η (Cohen et al. 2021),
while small batches stop lower (Jastrzębski et al. 2019).

    .venv/bin/python benchmarks/bench_batch_sharpness.py [--steps 2000] [--seeds 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import networks

BATCHES: list[int | str] = [4, 16, 64, "all"]


def body(batch: int | str, steps: int, lr: float, seed: int) -> dict:
    return {
        "dataset": {"name": "moons", "samples": 400, "test_fraction": 0},
        "model": {"kind": "mlp", "hidden": [32, 32], "activation": "tanh"},
        "loss": "bce",
        "optimizer": {"id": "gd", "hyperparameters": {"lr": lr}},
        "batch_size": batch,
        "steps": steps,
        "seed": seed,
        "landscape": None,
        "curvature": {"every": max(25, steps // 40), "top_k": 5, "density": True},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--lr", type=float, default=0.5)
    parser.add_argument("--seeds", type=int, default=2)
    args = parser.parse_args()
    print(
        f"2-32-32-1 tanh, BCE, 400 moons, GD η = {args.lr} (2/η = {2 / args.lr:.3g}),"
        f" {args.steps} steps, λ_max every {max(25, args.steps // 40)} steps\n"
    )
    print(
        "| batch | seed | train loss | accuracy | median λ_max, 2nd half | top-5 at the end | s |"
    )
    print("|---|---|---|---|---|---|---|")
    summary: dict[str, list[float]] = {}
    for seed in range(args.seeds):
        results = {}
        for batch in BATCHES:
            request = NetworkRequest.model_validate(body(batch, args.steps, args.lr, seed))
            started = time.perf_counter()
            out = networks.run(request)
            results[batch] = (out, time.perf_counter() - started)
        for batch, (out, seconds) in results.items():
            c, final = out["curvature"], out["final"]
            pairs = zip(c["steps"], c["sharpness"], strict=True)
            half = [v for k, v in pairs if k >= args.steps // 2]
            top = np.round(np.asarray(c["top_eigenvalues"], np.float64), 2).tolist()
            summary.setdefault(str(batch), []).append(top[0])
            print(
                f"| {batch} | {seed} | {final['train_loss']:.4f} | {final['train_metric']:.3f}"
                f" | {statistics.median(half):.2f} | {top} | {seconds:.1f} |"
            )
    print("\n| batch | λ_max at the end, per seed | median |")
    print("|---|---|---|")
    for batch, tops in summary.items():
        print(f"| {batch} | {[round(t, 2) for t in tops]} | {statistics.median(tops):.2f} |")


if __name__ == "__main__":
    main()
