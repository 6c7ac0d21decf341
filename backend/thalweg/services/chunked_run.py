"""The chunked training loop shared by the GAN and autoencoder services.

A compiled trainer yields ``(carry, records)`` chunks; this module times them,
keeps the finished rows of each chunk (``records[: step - offset]``), turns each
chunk into a ``progress`` frame with a snapshot every ``every`` steps and at the
end, and reports the outcome (completed, or diverged at step k) with timings.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from thalweg.compute.nets.training import DIVERGED, RUNNING


@dataclass
class Recorder:
    """The kept loss rows and the snapshots of a run, and where its time went."""

    losses: list[np.ndarray] = field(default_factory=list)
    snapshots: list[dict] = field(default_factory=list)
    status: int = RUNNING
    stop: int = 0
    train_seconds: float = 0.0
    snapshot_seconds: float = 0.0

    def shoot(self, take: Callable[..., dict], *args) -> dict:
        """Compute a snapshot ``take(*args)``, time it and keep it."""
        started = time.perf_counter()
        shot = take(*args)
        self.snapshot_seconds += time.perf_counter() - started
        self.snapshots.append(shot)
        return shot


def progress(
    chunks: Iterator,
    recorder: Recorder,
    every: int,
    losses: Callable[[np.ndarray], dict],
    take: Callable[[object, int], dict],
) -> Iterator[dict]:
    """Per chunk: the new loss rows (as ``losses(rows)``), and a snapshot when due.

    A snapshot (``take(carry, step)``) is due every ``every`` steps and when the
    run ended, unless the last snapshot already shows that step.
    """
    offset = 0
    while True:
        started = time.perf_counter()
        item = next(chunks, None)
        recorder.train_seconds += time.perf_counter() - started
        if item is None:
            return
        carry, records = item
        status, step = int(carry.status), int(carry.step)
        rows = records[: step - offset]
        recorder.losses.append(rows)
        recorder.status, recorder.stop = status, int(carry.stop)
        frame = {"type": "progress", "offset": offset, "step": step, **losses(rows)}
        if (step % every == 0 or status != RUNNING) and step != recorder.snapshots[-1]["step"]:
            frame["snapshot"] = recorder.shoot(take, carry, step)
        offset = step
        yield frame


def result_dict(recorder: Recorder, rate: str, timing: dict | None = None) -> dict:
    """Status, steps taken, the divergence step, training time and ``rate`` (steps per second)."""
    diverged = recorder.status == DIVERGED
    seconds = recorder.train_seconds
    return {
        "status": "diverged" if diverged else "completed",
        "steps_taken": recorder.stop,
        "diverged_at": recorder.stop if diverged else None,
        "timing": {
            "train_ms": 1e3 * seconds,
            **(timing or {}),
            rate: recorder.stop / seconds if seconds > 0 else 0.0,
        },
    }
