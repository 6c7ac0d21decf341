"""Trajectory requests -> compiled runs -> JSON-ready frames.

Runs are grouped by optimizer family (id + static hyperparameters) so each
group is one vmapped call of its compiled runner. Arrays go out as float32
(seven significant digits are plenty for a picture and make the JSON ~half as
long); every value that leaves is finite by construction of the stop rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from thalweg.compute.optimizers import OPTIMIZERS, OptimizerSpec
from thalweg.compute.trajectory import (
    GRADIENT,
    LOSS,
    MOMENT,
    POINT,
    RUNNING,
    STATUS_NAMES,
    UPDATE,
    Problem,
    RunBatch,
    Runner,
    get_runner,
    hyperparameter_columns,
    make_problem,
    steps_taken_at,
)
from thalweg.schemas import RunSpec, TrajectoryRequest
from thalweg.services import budget
from thalweg.services.encoding import float32
from thalweg.services.errors import UnprocessableError
from thalweg.services.surfaces import ResolvedSurface, resolve


@dataclass
class FamilyGroup:
    """Runs of one family: their positions in the request and their batch."""

    spec: OptimizerSpec
    runner: Runner
    indices: list[int]
    batch: RunBatch


def steps_taken(status: int, stop: int, start: tuple[float, float]) -> int:
    """A run's steps; a run that could not even start is the request's fault."""
    taken = steps_taken_at(status, stop)
    if taken < 0:
        raise UnprocessableError(
            f"f or its gradient is not finite at the start point ({start[0]:.6g}, {start[1]:.6g})",
            "start_not_finite",
            x=start[0],
            y=start[1],
        )
    return taken


def group_runs(
    surface: ResolvedSurface, runs: list[RunSpec], starts: np.ndarray
) -> list[FamilyGroup]:
    """Group runs by family; run i starts at ``starts[i]`` with seed from its hyperparameters."""
    by_family: dict[tuple, list[int]] = defaultdict(list)
    filled = [run.filled() for run in runs]
    for i, (run, values) in enumerate(zip(runs, filled, strict=True)):
        noisy = values["noise"] > 0
        by_family[(*OPTIMIZERS[run.optimizer].family(values), noisy)].append(i)
    groups = []
    for (optimizer_id, static, noisy), indices in by_family.items():
        spec = OPTIMIZERS[optimizer_id]
        values = [filled[i] for i in indices]
        batch = RunBatch(
            starts=starts[indices],
            hyperparameters=hyperparameter_columns(spec, values),
            seeds=np.asarray([int(v["seed"]) for v in values], np.uint32),
        )
        groups.append(
            FamilyGroup(spec, get_runner(surface.objective, spec, static, noisy), indices, batch)
        )
    return groups


def _grouped(request: TrajectoryRequest) -> tuple[ResolvedSurface, list[FamilyGroup]]:
    surface = resolve(request)
    starts = np.tile(np.asarray(request.start or surface.start, np.float64), (len(request.runs), 1))
    return surface, group_runs(surface, request.runs, starts)


def _estimate(
    surface: ResolvedSurface, groups: list[FamilyGroup], steps: int, charged: set | None = None
) -> budget.Estimate:
    families = ((group.runner, len(group.batch)) for group in groups)
    return budget.runs_estimate(families, steps, surface.terms, charged=charged)


def estimate(request: TrajectoryRequest, charged: set | None = None) -> budget.Estimate:
    """What computing ``request`` would cost (services/budget.py); computes nothing.

    ``charged``: programs counted by earlier requests of the same job.
    """
    return _estimate(*_grouped(request), request.steps, charged)


def prepare(
    request: TrajectoryRequest, limit: float | None = None
) -> tuple[tuple[float, float], Problem, list[FamilyGroup]]:
    """Resolve and group the runs, refusing a request over the work budget ``limit``."""
    surface, groups = _grouped(request)
    budget.enforce(_estimate(surface, groups, request.steps), limit)
    problem = make_problem(surface.params, request.steps, request.tolerance, surface.domain)
    return request.start or surface.start, problem, groups


def run_summary(run: RunSpec, status: str, steps_taken: int) -> dict:
    return {
        "optimizer": run.optimizer,
        "hyperparameters": run.filled(),
        "status": status,
        "steps_taken": steps_taken,
        "diverged_at": steps_taken + 1 if status == "diverged" else None,
    }


def run_arrays(
    records: np.ndarray, points: int, updates: int, has_moment: bool, include: set[str]
) -> dict:
    """A run's record columns as float32 arrays: ``points`` rows, ``updates`` steps."""
    columns = {
        "points": records[:points, POINT],
        "losses": records[:points, LOSS],
        "gradients": records[:points, GRADIENT],
        "updates": records[:updates, UPDATE],
    }
    if has_moment:
        columns["momenta"] = records[:updates, MOMENT]
    return {name: float32(a) for name, a in columns.items() if name in include or name == "points"}


def compute(request: TrajectoryRequest, limit: float | None = None) -> dict:
    """The whole ``POST /api/trajectories`` response (``limit``: the work budget, s)."""
    start, problem, groups = prepare(request, limit)
    out: list[dict | None] = [None] * len(request.runs)
    for group in groups:
        records, status, stop = group.runner.run(group.batch, problem)
        for row, i in enumerate(group.indices):
            taken = steps_taken(int(status[row]), int(stop[row]), start)
            out[i] = {
                **run_summary(request.runs[i], STATUS_NAMES[int(status[row])], taken),
                **run_arrays(records[row], taken + 1, taken, _has_moment(group), request.include),
            }
    return {"runs": out}


def stream(request: TrajectoryRequest, limit: float | None = None) -> Iterator[dict]:
    """WebSocket frames: ``segments`` of every run as they are computed, then ``done``.

    Families advance round-robin, one compiled chunk each, so long runs grow
    together on screen. A segment holds a run's rows from global step
    ``offset`` on. Its ``updates``/``momenta`` have one row per point; the
    final point of a finished run has none, so the client keeps the first
    ``steps_taken`` of them (given in ``done``). ``limit``: the work budget, s.
    """
    start, problem, groups = prepare(request, limit)
    summaries: list[dict | None] = [None] * len(request.runs)
    active = [(group, group.runner.iterate(group.batch, problem)) for group in groups]
    offset = 0
    while active:
        segments, still_active, length = [], [], 0
        for group, iterator in active:
            chunk = next(iterator, None)
            if chunk is None:
                continue
            still_active.append((group, iterator))
            carry, records = chunk
            records = np.asarray(records)
            length = records.shape[1]
            status, stop = np.asarray(carry.status), np.asarray(carry.stop)
            for row, i in enumerate(group.indices):
                if summaries[i] is not None:
                    continue
                count = length
                if status[row] != RUNNING:
                    taken = steps_taken(int(status[row]), int(stop[row]), start)
                    summaries[i] = run_summary(
                        request.runs[i], STATUS_NAMES[int(status[row])], taken
                    )
                    count = taken - offset + 1
                if count > 0:
                    arrays = run_arrays(
                        records[row], count, count, _has_moment(group), request.include
                    )
                    segments.append({"index": i, **arrays})
        if segments:
            yield {"type": "segments", "offset": offset, "runs": segments}
        active = still_active
        offset += length
    yield {"type": "done", "runs": summaries}


def _has_moment(group: FamilyGroup) -> bool:
    return group.spec.moment_field is not None
