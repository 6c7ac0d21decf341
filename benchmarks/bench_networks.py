"""Benchmarks of the Networks view; prints Markdown tables of measured numbers.

1. **Loss plane.** The training loss of a 2-16-16-1 tanh MLP on 500 moons
   points over a 51×51 plane (filter-normalised random directions), computed
   (a) our way, ``compute/nets/slicing.plane``: one jitted program, batches of
   vmapped grid points under ``lax.map``; (b) the loss-landscapes library's
   way (marcellodebernardi/loss-landscapes, ``planar_interpolation``): write
   the perturbed weights into the model, one forward pass per grid point, in
   NumPy; (c) the same per point, calling a jitted JAX loss from a Python
   loop; (d) in torch, if ``/work/torchenv/bin/python`` exists: this file runs
   itself there with ``--torch-plane`` (that mode imports only numpy and torch).
   NumPy and torch run on one thread: their thread pools fighting XLA and other
   processes for two cores measured up to 20× slower, which is not the method.
   All four must agree to float32 round-off; the table says how far they differ.
2. **Streaming.** 1,000 Adam steps of that MLP, full batch, requested over a
   real WebSocket from uvicorn on loopback (``/api/networks/stream``):
   server-side steps/s (the ``result`` frame's ``timing``, which counts the
   chunk loop: compute, device-to-host copies, decision grids) and the
   client's wall time from sending ``train`` to receiving ``result``.
3. **Training throughput** of a few configurations, server side, and the time
   of the whole landscape (plane + path + interpolation).

Every number is the median of ``--repeats`` runs after a warm-up run (the
warm-up compiles). Run from the repository root::

    .venv/bin/python benchmarks/bench_networks.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

TORCH_PYTHON = Path("/work/torchenv/bin/python")
GRID = 51
HIDDEN = (16, 16)


def timed(fn, repeats: int) -> tuple[float, float, object]:
    """(median ms, best ms, result) over ``repeats`` calls after a warm-up call."""
    result = fn()  # warm-up (compiles)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return 1e3 * statistics.median(times), 1e3 * min(times), result


# --- 1. the loss plane ---------------------------------------------------------


def _layers(theta: np.ndarray, sizes: list[tuple[int, int]]) -> list[tuple[np.ndarray, ...]]:
    """θ -> [(W, b)] in the layout of compute/nets/models.py (w row-major, then b)."""
    out, offset = [], 0
    for fan_in, fan_out in sizes:
        w = theta[offset : offset + fan_in * fan_out].reshape(fan_in, fan_out)
        offset += fan_in * fan_out
        out.append((w, theta[offset : offset + fan_out]))
        offset += fan_out
    return out


def numpy_per_point(x, y, centre, d1, d2, a, b, sizes) -> np.ndarray:
    """loss-landscapes' way in NumPy: write the weights, one forward pass per point."""
    z = np.empty((len(b), len(a)), np.float32)
    for j, bj in enumerate(b):
        for i, ai in enumerate(a):
            layers = _layers(centre + ai * d1 + bj * d2, sizes)
            h = x
            for w, bias in layers[:-1]:
                h = np.tanh(h @ w + bias)
            s = (h @ layers[-1][0] + layers[-1][1])[:, 0]
            z[j, i] = np.mean(np.logaddexp(0, s) - y * s)  # BCE on logits
    return z


def numpy_per_point_1thread(*args) -> np.ndarray:
    """``numpy_per_point`` on one BLAS thread (OpenBLAS's pool oversubscribes two cores)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return numpy_per_point(*args)


def torch_plane(path: str, repeats: int) -> dict:
    """--torch-plane: loss-landscapes' way in torch (nn.Sequential, weights copied per point)."""
    import torch

    torch.set_grad_enabled(False)
    torch.set_num_threads(1)  # its thread pool oversubscribes two shared cores (measured 20×)
    data = np.load(path)
    x, y = torch.from_numpy(data["x"]), torch.from_numpy(data["y"])
    sizes = [tuple(s) for s in data["sizes"]]
    layers = []
    for k, (fan_in, fan_out) in enumerate(sizes):
        layers.append(torch.nn.Linear(fan_in, fan_out))
        if k < len(sizes) - 1:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    loss_fn = torch.nn.BCEWithLogitsLoss()
    centre, d1, d2 = (data[k] for k in ("centre", "d1", "d2"))
    a, b = data["a"], data["b"]

    def plane():
        z = np.empty((len(b), len(a)), np.float32)
        for j, bj in enumerate(b):
            for i, ai in enumerate(a):
                for lin, (w, bias) in zip(
                    linears, _layers(centre + ai * d1 + bj * d2, sizes), strict=True
                ):
                    lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
                    lin.bias.copy_(torch.from_numpy(bias))
                z[j, i] = loss_fn(model(x)[:, 0], y).item()
        return z

    ms, best, z = timed(plane, repeats)
    return {"ms": ms, "best": best, "z": z.tolist(), "torch": torch.__version__}


def bench_plane(repeats: int) -> list[str]:
    import jax
    import jax.numpy as jnp
    from thalweg.compute.nets import slicing
    from thalweg.compute.nets.datasets import make_dataset
    from thalweg.compute.nets.models import initial_theta, make_spec
    from thalweg.compute.nets.objective import bucket, pad

    ds = make_dataset("moons", 625, seed=0)  # 500 training rows
    spec = make_spec("mlp", 2, "binary", 2, HIDDEN, "tanh")
    data = pad(ds.x_train, ds.y_train, bucket(len(ds.x_train)))
    theta = initial_theta(spec, jax.random.key(0), "glorot", 0.1, 0.0)
    d1, d2 = slicing.random_directions(spec, jax.random.key(1), theta)
    a = b = np.linspace(-1, 1, GRID, dtype=np.float32)
    x, y = ds.x_train, ds.y_train.astype(np.float32)
    sizes = spec.layer_sizes

    rows = []
    few = max(1, repeats // 3)  # the slow baselines
    ours = timed(lambda: slicing.plane(spec, "bce", theta, d1, d2, a, b, data, 0.0, 0.0), repeats)
    rows.append(("ours: one jit, lax.map over vmapped batches", *ours))
    rows.append(
        (
            "per point, NumPy (loss-landscapes' way)",
            *timed(lambda: numpy_per_point_1thread(x, y, theta, d1, d2, a, b, sizes), few),
        )
    )

    exact = pad(ds.x_train, ds.y_train, len(ds.x_train))
    loss = jax.jit(lambda t: slicing._evaluators(spec, "bce")[2](t, exact, 0.0, 0.0))

    def jax_loop():
        z = np.empty((GRID, GRID), np.float32)
        for j, bj in enumerate(b):
            for i, ai in enumerate(a):
                z[j, i] = loss(jnp.asarray(theta + ai * d1 + bj * d2))
        return z

    rows.append(
        ("per point, jitted JAX loss in a Python loop", *timed(jax_loop, max(1, repeats // 3)))
    )

    if TORCH_PYTHON.exists():
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "plane.npz")
            np.savez(path, x=x, y=y, centre=theta, d1=d1, d2=d2, a=a, b=b, sizes=np.array(sizes))
            out = subprocess.run(
                [str(TORCH_PYTHON), __file__, "--torch-plane", path, "--repeats",
                 str(max(1, repeats // 3))],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            torch_out = json.loads(out.stdout)
        rows.append(
            (f"per point, torch {torch_out['torch']} (loss-landscapes' way)", torch_out["ms"],
             torch_out["best"], np.asarray(torch_out["z"], np.float32))
        )  # fmt: skip

    lines = [
        f"### 1. Loss on a {GRID}×{GRID} plane: 2-16-16-1 tanh MLP, 500 points, BCE",
        "",
        "| method | median ms | best ms | × ours (median) | max |Δz| vs ours |",
        "|---|---:|---:|---:|---:|",
    ]
    ours_ms, ours_best, z_ours = ours
    for name, ms, best, z in rows:
        diff = float(np.max(np.abs(np.asarray(z) - z_ours)))
        lines.append(f"| {name} | {ms:.1f} | {best:.1f} | {ms / ours_ms:.1f} | {diff:.1e} |")
    lines.append(
        f"\nTarget for ours: ≤ 50 ms. Measured: median {ours_ms:.1f} ms, best {ours_best:.1f} ms"
        " (the best run is the least disturbed by other processes on the two cores)."
    )
    return lines


# --- 2. streaming over a real WebSocket -------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_stream(repeats: int) -> list[str]:
    import uvicorn
    from thalweg.app import create_app
    from websockets.sync.client import connect

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    body = {
        "dataset": {"name": "moons", "samples": 625},
        "model": {"kind": "mlp", "hidden": list(HIDDEN), "activation": "tanh"},
        "optimizer": {"id": "adam", "hyperparameters": {"lr": 0.01}},
        "batch_size": "all",
        "steps": 1000,
        "landscape": None,
    }
    results = []
    try:
        with connect(f"ws://127.0.0.1:{port}/api/networks/stream", max_size=2**26) as ws:
            for run in range(repeats + 1):
                started = time.perf_counter()
                ws.send(json.dumps({"type": "train", "id": run, **body}))
                frames, size = 0, 0
                while True:
                    text = ws.recv()
                    frames += 1
                    size += len(text)
                    frame = json.loads(text)
                    if frame["type"] == "result":
                        break
                    assert frame["type"] != "error", frame
                wall = time.perf_counter() - started
                if run:  # run 0 compiles
                    results.append((frame["timing"]["train_ms"], wall, frames, size))
    finally:
        server.should_exit = True
        thread.join()
    train_ms = statistics.median(r[0] for r in results)
    wall_ms = 1e3 * statistics.median(r[1] for r in results)
    _, _, frames, size = results[-1]
    return [
        "### 2. 1,000 Adam steps, 2-16-16-1 tanh, 500 points, full batch, over a real WebSocket",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| server: training loop (ms) | {train_ms:.1f} |",
        f"| server: steps/s | {1000 / (train_ms / 1e3):,.0f} |",
        f"| client: send `train` -> `result` (ms) | {wall_ms:.1f} |",
        f"| client: steps/s end to end | {1000 / (wall_ms / 1e3):,.0f} |",
        f"| frames / bytes received | {frames} / {size:,} |",
        "",
        "Target: ≥ 2,000 steps/s server side.",
    ]


# --- 3. training throughput and landscapes, server side ----------------------------


CONFIGS = [
    ("moons 500, 2-16-16-1 tanh, Adam, full batch", "moons", 625, "mlp", [16, 16], "all", "adam"),
    ("moons 500, 2-16-16-1 tanh, Adam, batch 32", "moons", 625, "mlp", [16, 16], 32, "adam"),
    ("moons 500, 2-16-16-1 tanh, SGD, batch 1", "moons", 625, "mlp", [16, 16], 1, "gd"),
    ("moons 500, 2-16-16-1 tanh, L-BFGS, full batch", "moons", 625, "mlp", [16, 16], "all",
     "lbfgs"),
    ("linear regression 400, 2 parameters, GD", "regression_linear", 500, "linear", [], "all",
     "gd"),
    ("digits 1438, 64-64-10 relu, Adam, batch 32", "digits", 1797, "mlp", [64], 32, "adam"),
    ("digits 1438, 64-64×4-10 relu, Adam, full batch", "digits", 1797, "mlp", [64] * 4, "all",
     "adam"),
]  # fmt: skip


def bench_training(repeats: int) -> list[str]:
    from thalweg.schemas_networks import NetworkRequest
    from thalweg.services import networks

    lines = [
        "### 3. Training throughput (server side, no landscape) and whole landscapes",
        "",
        "| configuration | steps | median train ms | steps/s |",
        "|---|---:|---:|---:|",
    ]
    for title, name, samples, kind, hidden, batch, optimizer in CONFIGS:
        steps = 500 if name == "digits" else 1000
        request = NetworkRequest.model_validate(
            {
                "dataset": {"name": name, "samples": samples},
                "model": {"kind": kind, "hidden": hidden or [1], "activation": "relu"
                          if name == "digits" else "tanh"},
                "optimizer": {"id": optimizer},
                "batch_size": batch,
                "steps": steps,
                "landscape": None,
            }
        )  # fmt: skip
        times = []
        for run in range(repeats + 1):
            out = networks.run(request)
            if run:
                times.append(out["timing"]["train_ms"])
        ms = statistics.median(times)
        lines.append(f"| {title} | {steps} | {ms:.1f} | {steps / (ms / 1e3):,.0f} |")

    lines += ["", "| landscape (41×41 + path + interpolation), moons MLP, 300 steps | median ms |",
              "|---|---:|"]  # fmt: skip
    for directions in ("pca", "random"):
        request = NetworkRequest.model_validate(
            {
                "dataset": {"name": "moons", "samples": 625},
                "model": {"kind": "mlp", "hidden": list(HIDDEN), "activation": "tanh"},
                "steps": 300,
                "landscape": {"directions": directions, "resolution": 41},
            }
        )
        times = []
        for run in range(repeats + 1):
            out = networks.run(request)
            if run:
                times.append(out["timing"]["landscape_ms"])
        lines.append(f"| {directions} | {statistics.median(times):.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--torch-plane", metavar="NPZ", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["plane", "stream", "training"])
    args = parser.parse_args()
    if args.torch_plane:
        print(json.dumps(torch_plane(args.torch_plane, args.repeats)))
        return
    sys.path.insert(0, str(Path(__file__).parents[1] / "backend"))
    import jax

    print(f"JAX {jax.__version__} on {jax.devices()[0].platform}, {os.cpu_count()} CPUs;"
          f" load average {os.getloadavg()[0]:.2f}\n")  # fmt: skip
    sections = {"plane": bench_plane, "stream": bench_stream, "training": bench_training}
    for name, bench in sections.items():
        if args.only in (None, name):
            print("\n".join(bench(args.repeats)) + "\n", flush=True)


if __name__ == "__main__":
    main()
