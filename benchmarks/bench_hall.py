"""A lecture hall on one machine: N students dragging a slider over WebSocket, open loop.

Starts ``thalweg serve --workers 2`` on a free loopback port. The simulated
students open their sockets to /api/stream one after another over ``--join``
seconds (a hall opening a link; ``--join 0`` opens them all in one instant,
which piles them onto one worker: docs/deploy.md). Each, while "dragging", sends a new
``scene`` every 200 ms whatever the server is doing (open loop): the page's
typical scene, 8 optimizers × 500 steps on Rosenbrock without the landscape
(the page sends the landscape only when the surface or the window changes),
with a new learning rate for the Adam run each time. A new message cancels the
scene in flight, so a scene whose ``done`` never arrives was *superseded*.

The client reads every frame off its socket but parses only ``done`` and
``error`` (the type is the first key of every frame, so a byte test on the
frame's head tells them apart). Reported per N: scenes sent and answered per
second, superseded scenes, p50/p95/p99 from send to ``done``, errors (error
frames and lost sockets), the server's CPU (cores busy while dragging, in
total and per worker, and CPU time per answered scene: its inverse is what one
core answers), the
server's memory (peak RSS of uvicorn's master and workers), and each client
process's CPU share (near 100 % means the client itself limits what it
measures).

    PYTHONPATH=backend .venv/bin/python benchmarks/bench_hall.py \
        [--students 50 100 200] [--seconds 20] [--period 0.2] [--join 1] [--clients 1] \
        [--frames binary]

Linux only (reads /proc). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import os
import platform
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import orjson
import websockets
from serving import THALWEG_SERVE, free_port, serving

RUNS = [
    ("gd", 0.002),
    ("momentum", 0.001),
    ("adam", 0.1),
    ("rmsprop", 0.01),
    ("nesterov", 0.001),
    ("adagrad", 0.5),
    ("nadam", 0.05),
    ("adamax", 0.05),
]
DRAGGED = 2  # the Adam run: any rate in [0.05, 0.2] runs all 500 steps
DRAIN_SECONDS = 5.0  # after the last send, wait this long for its answers
FINAL = (b'"type":"done"', b'"type":"error"')


def scene(message_id: int, lr: float) -> bytes:
    runs = [
        {"optimizer": name, "hyperparameters": {"lr": lr if i == DRAGGED else rate}}
        for i, (name, rate) in enumerate(RUNS)
    ]
    trajectories = {"surface": "rosenbrock", "steps": 500, "tolerance": 1e-8, "runs": runs}
    return orjson.dumps(
        {"type": "scene", "id": message_id, "landscape": None, "trajectories": trajectories}
    )


def server(port: int, workers: int):
    return serving([*THALWEG_SERVE, "--port", str(port), "--workers", str(workers)], port)


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(parents.get(current, []))
    return tree


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


@dataclass
class Tally:
    sent: int = 0
    answered: int = 0
    errors: int = 0
    unfinished: int = 0  # the last scene of a student, unanswered after the drain
    received: int = 0  # bytes of all frames read
    latencies: list[float] = field(default_factory=list)
    cpu_share: float = 0.0  # this client process's CPU time / wall time

    def add(self, other: Tally) -> None:
        self.sent += other.sent
        self.answered += other.answered
        self.errors += other.errors
        self.unfinished += other.unfinished
        self.received += other.received
        self.latencies.extend(other.latencies)


async def student(
    url: str, index: int, join: float, start: float, stop: float, period: float, tally: Tally
):
    """One socket, opened at ``join``: a scene every ``period`` s from ``start`` (plus a
    phase) until ``stop``."""
    sent_at: dict[int, float] = {}
    last_sent = 0
    await asyncio.sleep(max(0.0, join - time.monotonic()))
    try:
        async with websockets.connect(url, compression=None, max_size=None) as ws:

            async def read() -> None:
                while True:
                    frame = await ws.recv(decode=False)  # bytes: no UTF-8 decoding
                    tally.received += len(frame)
                    if not any(marker in frame[:24] for marker in FINAL):
                        continue  # landscape or segments: read off the socket, never parsed
                    parsed = orjson.loads(frame)
                    t0 = sent_at.pop(parsed.get("id"), None)
                    if parsed["type"] == "error":
                        tally.errors += 1
                    elif t0 is not None:
                        tally.answered += 1
                        tally.latencies.append(time.monotonic() - t0)

            reader = asyncio.create_task(read())
            phase = (index * 0.618034 % 1.0) * period  # spread the students over a period
            k = 0
            while (due := start + phase + k * period) < stop:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                k += 1
                lr = 0.1 * 2 ** math.sin(0.7 * k + index)
                sent_at[k] = time.monotonic()
                await ws.send(scene(k, lr), text=True)
                tally.sent += 1
                last_sent = k
            await asyncio.sleep(max(0.0, stop + DRAIN_SECONDS - time.monotonic()))
            tally.unfinished += int(last_sent in sent_at)
            if reader.done():
                reader.result()  # the socket was lost: raises ConnectionClosed
            reader.cancel()
    except (OSError, websockets.WebSocketException):
        tally.errors += 1


async def hall(
    url: str, students: range, join: float, start: float, stop: float, period: float
) -> Tally:
    """Students 0 … n − 1 open their sockets one after another over ``join`` s, ending
    1 s before ``start``."""
    tally = Tally()
    first = start - 1.0 - join
    await asyncio.gather(
        *(
            student(url, i, first + join * i / students.stop, start, stop, period, tally)
            for i in students
        )
    )
    return tally


def client_process(
    url: str, students: range, wall_start: float, join: float, seconds: float, period: float
):
    """Run some students in this process; start times are wall-clock, shared by processes."""
    cpu0, wall0 = time.process_time(), time.monotonic()
    start = time.monotonic() + (wall_start - time.time())
    tally = asyncio.run(hall(url, students, join, start, start + seconds, period))
    tally.cpu_share = (time.process_time() - cpu0) / (time.monotonic() - wall0)
    return tally


async def warm_up(url: str) -> None:
    """Compile every family in both workers: a few sockets, scenes one after another."""

    async def one(i: int) -> None:
        async with websockets.connect(url, compression=None, max_size=None) as ws:
            for k in range(4):
                await ws.send(scene(k, 0.1 + 0.01 * i), text=True)
                while True:
                    head = (await ws.recv(decode=False))[:24]
                    if any(marker in head for marker in FINAL):
                        break

    await asyncio.gather(*(one(i) for i in range(8)))


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(
    url: str, server_pid: int, n: int, join: float, seconds: float, period: float, clients: int
):
    pids = process_tree(server_pid)
    wall_start = time.time() + 2.5 + join  # the client processes start in ~0.5 s
    groups = [range(c, n, clients) for c in range(clients)]
    cpu0 = {pid: cpu_seconds([pid]) for pid in pids}
    peak = 0
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        pending = pool.starmap_async(
            client_process, [(url, g, wall_start, join, seconds, period) for g in groups]
        )
        while not pending.ready():
            peak = max(peak, rss_bytes(pids))
            pending.wait(0.5)
        parts = pending.get()
    # per process (master, workers), the 2 s before the start and the drain included
    cpu = [cpu_seconds([pid]) - cpu0[pid] for pid in pids]
    tally = Tally()
    for part in parts:
        tally.add(part)
    return tally, [p.cpu_share for p in parts], cpu, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--seconds", type=float, default=20.0, help="dragging time per N")
    parser.add_argument("--period", type=float, default=0.2, help="seconds between scenes")
    parser.add_argument(
        "--join",
        type=float,
        default=1.0,
        help="seconds over which the students open their sockets (0: all in the same instant)",
    )
    parser.add_argument("--clients", type=int, default=1, help="client processes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--frames", choices=["binary", "json"], default="binary", help="as the page (binary)"
    )
    args = parser.parse_args()
    port = free_port()
    url = f"ws://127.0.0.1:{port}/api/stream?frames={args.frames}"
    load = os.getloadavg()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; load average before: "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n"
        f"`thalweg serve --workers {args.workers}`, {args.frames} frames, "
        f"{args.clients} client process(es) on the "
        f"same machine; the students open their sockets over {args.join:.1f} s, then each "
        f"sends a scene (8 runs × 500 steps) every "
        f"{args.period * 1000:.0f} ms for {args.seconds:.0f} s\n"
    )
    print(
        "| students | sent/s | answered/s | answered | superseded | unfinished | errors "
        "| MB/s read | p50 (ms) | p95 (ms) | p99 (ms) | server cores busy "
        "| server CPU ms per answer | server RSS (MB) | client CPU |"
    )
    print("|---:" * 15 + "|")
    with server(port, args.workers) as process:
        asyncio.run(warm_up(url))
        for n in args.students:
            tally, shares, busy, peak = measure(
                url, process.pid, n, args.join, args.seconds, args.period, args.clients
            )
            ordered = sorted(tally.latencies)
            superseded = tally.sent - tally.answered - tally.errors - tally.unfinished
            share = tally.answered / tally.sent if tally.sent else math.nan
            p50, p95, p99 = (1000 * percentile(ordered, q) for q in (0.5, 0.95, 0.99))
            clients = " ".join(f"{s:.0%}" for s in shares)
            cpu = sum(busy)
            # the busy processes (the workers) one by one: is the load balanced?
            per_process = "+".join(
                f"{c / args.seconds:.2f}" for c in busy if c > 0.05 * args.seconds
            )
            print(
                f"| {n} | {tally.sent / args.seconds:.0f} | {tally.answered / args.seconds:.0f} "
                f"| {share:.0%} | {superseded} | {tally.unfinished} | {tally.errors} "
                f"| {tally.received / 1e6 / args.seconds:.0f} "
                f"| {p50:.0f} | {p95:.0f} | {p99:.0f} | {cpu / args.seconds:.2f} ({per_process}) "
                f"| {1000 * cpu / max(1, tally.answered):.1f} | {peak / 2**20:.0f} "
                f"| {clients} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
