"""Server benchmarks: prints markdown tables (README "Benchmarks").

    .venv/bin/python benchmarks/bench_api.py [--quick] [--torch-json PATH]

1. POST /api/trajectories, 8 optimizers × 500 steps on Rosenbrock, after
   warm-up, round trip on loopback against a real uvicorn (keep-alive client).
2. The same 8 trajectories in-process (services layer), beside the torch.optim
   loop of benchmarks/torch_loop_baseline.py (pass its --json output, or the
   script is run with /work/torchenv/bin/python if that exists).
3. A sweep of 8 optimizers × 64 learning rates, server side.
4. Cold start: process start to first served trajectory, with an empty and
   with a warm persistent compilation cache.
5. Load: 50 concurrent clients for 60 s (2 workers): errors, throughput, p95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).parents[1]
OPTIMIZERS = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adadelta", "adam", "adamw"]
RACE = {
    "surface": "rosenbrock",
    "start": [-1.5, 2.0],
    "steps": 500,
    "tolerance": 0,
    "runs": [{"optimizer": o, "hyperparameters": {"lr": 1e-3}} for o in OPTIMIZERS],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, workers: int = 1, cache: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    if cache is not None:
        env["THALWEG_COMPILATION_CACHE_DIR"] = str(cache)
    command = [
        sys.executable,
        "-m",
        "thalweg",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/api/health", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.02)
    raise RuntimeError("server did not start")


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


def bench_round_trip(repeats: int, body: dict) -> dict[str, tuple[float, float]]:
    """p50/p95 round trip from two keep-alive clients to one server.

    httpx, and the standard library's http.client, whose own work on a 400 kB
    response is ~0.5 ms less (closer to a browser's fetch): the difference is
    the client's, not the server's.
    """
    port = free_port()
    server = serve(port)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        with httpx.Client(base_url=base) as http:
            results = {
                "httpx": timed(
                    repeats, lambda: http.post("/api/trajectories", json=body).raise_for_status()
                )
            }
        connection = HTTPConnection("127.0.0.1", port)
        payload = json.dumps(body).encode()
        headers = {"content-type": "application/json"}

        def post() -> None:
            connection.request("POST", "/api/trajectories", body=payload, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")

        results["http.client"] = timed(repeats, post)
        connection.close()
        return results
    finally:
        server.terminate()
        server.wait()


def timed(repeats: int, call, warm_up: int = 10) -> tuple[float, float]:
    """p50/p95 in ms of ``call()`` after ``warm_up`` calls."""
    for _ in range(warm_up):
        call()
    samples = []
    for _ in range(repeats):
        t = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t) * 1e3)
    return percentiles(samples)


def bench_in_process(repeats: int) -> tuple[float, float]:
    from thalweg.schemas import TrajectoryRequest
    from thalweg.services import trajectories

    request = TrajectoryRequest.model_validate(RACE)
    return timed(repeats, lambda: trajectories.compute(request), warm_up=5)


def bench_sweep(repeats: int) -> tuple[float, float]:
    from thalweg.schemas import SweepRequest
    from thalweg.services import sweep

    requests = [
        SweepRequest.model_validate(
            {
                "surface": "rosenbrock",
                "start": [-1.5, 2.0],
                "steps": 500,
                "tolerance": 0,
                "optimizer": o,
                "learning_rates": {"min": 1e-5, "max": 1.0, "count": 64},
            }
        )
        for o in OPTIMIZERS
    ]

    def sweep_all() -> None:
        for request in requests:
            sweep.compute(request)

    return timed(repeats, sweep_all, warm_up=1)


def bench_cold_start(cache: Path) -> float:
    port = free_port()
    t = time.perf_counter()
    server = serve(port, cache=cache)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        body = {**RACE, "runs": RACE["runs"][-1:]}
        httpx.post(base + "/api/trajectories", json=body, timeout=120).raise_for_status()
        return time.perf_counter() - t
    finally:
        server.terminate()
        server.wait()


async def _load(base: str, clients: int, seconds: float) -> tuple[int, int, list[float]]:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:

        async def client(i: int) -> None:
            nonlocal errors
            body = {**RACE, "start": [-1.5 + 0.01 * i, 2.0]}
            while time.monotonic() < deadline:
                t = time.perf_counter()
                try:
                    response = await http.post("/api/trajectories", json=body)
                    response.raise_for_status()
                    latencies.append((time.perf_counter() - t) * 1e3)
                except httpx.HTTPError:
                    errors += 1

        await asyncio.gather(*(client(i) for i in range(clients)))
    return len(latencies), errors, latencies


def bench_load(clients: int, seconds: float) -> tuple[float, int, float, float]:
    port = free_port()
    server = serve(port, workers=2)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        with httpx.Client(base_url=base) as http:
            for _ in range(20):  # warm both workers
                http.post("/api/trajectories", json=RACE).raise_for_status()
        done, errors, latencies = asyncio.run(_load(base, clients, seconds))
        p50, p95 = percentiles(latencies)
        return done / seconds, errors, p50, p95
    finally:
        server.terminate()
        server.wait()


def torch_baseline(path: str | None) -> float | None:
    """Median ms of the torch.optim loop for the same 8 trajectories."""
    if path is None:
        torch_python = Path("/work/torchenv/bin/python")
        if not torch_python.exists():
            return None
        path = tempfile.mktemp(suffix=".json")
        script = ROOT / "benchmarks" / "torch_loop_baseline.py"
        subprocess.run(
            [str(torch_python), str(script), "--repeats", "5", "--json", path], check=True
        )
    return float(json.loads(Path(path).read_text())["batch_ms_median"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 10 s load test")
    parser.add_argument("--torch-json", help="output of torch_loop_baseline.py --json")
    args = parser.parse_args()
    repeats = 50 if args.quick else 300

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"Date: {time.strftime('%Y-%m-%d')}\n")
    trips = bench_round_trip(repeats, RACE)
    lean = bench_round_trip(repeats, {**RACE, "include": ["losses"]})
    print("| benchmark | p50 | p95 | target |\n|---|---|---|---|")
    p50, p95 = trips["httpx"]
    print(
        "| POST /api/trajectories, 8 × 500 steps, loopback, httpx client |"
        f" {p50:.2f} ms | {p95:.2f} ms | ≤ 2.5 / 5 ms |"
    )
    p50, p95 = trips["http.client"]
    print(f"| the same, http.client (stdlib) client | {p50:.2f} ms | {p95:.2f} ms | |")
    for client, (l50, l95) in lean.items():
        print(f"| only points and losses (`include`), {client} | {l50:.2f} ms | {l95:.2f} ms | |")
    ip50, ip95 = bench_in_process(repeats)
    print(f"| the same, in-process (services) | {ip50:.2f} ms | {ip95:.2f} ms | |")
    s50, s95 = bench_sweep(max(10, repeats // 10))
    print(f"| sweep, 8 optimizers × 64 rates × 500 steps | {s50:.2f} ms | {s95:.2f} ms | ≤ 8 ms |")
    torch_ms = torch_baseline(args.torch_json)
    if torch_ms is not None:
        print(f"| torch.optim loop, same 8 trajectories | {torch_ms:.0f} ms | | |")
        print(f"| speed-up over torch.optim loop | {torch_ms / ip50:.0f}× | | ≥ 500× |")
    with tempfile.TemporaryDirectory() as cache:
        cold = bench_cold_start(Path(cache))
        warm = bench_cold_start(Path(cache))
    print(f"| cold start to first trajectory, empty cache | {cold:.2f} s | | ≤ 2 s |")
    print(f"| cold start to first trajectory, warm cache | {warm:.2f} s | | ≤ 1.2 s |")
    seconds = 10 if args.quick else 60
    rate, errors, l50, l95 = bench_load(50, seconds)
    print(
        f"| load: 50 clients × {seconds} s, 2 workers | {l50:.0f} ms | {l95:.0f} ms |"
        f" {rate:.0f} req/s, {errors} errors |"
    )


if __name__ == "__main__":
    main()
