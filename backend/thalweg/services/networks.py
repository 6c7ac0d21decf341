"""Network requests -> data, a compiled training run, decision grids, landscapes, frames.

``run`` returns the whole ``POST /api/networks/run`` body; ``stream`` yields the
same content as WebSocket frames (``dataset``, ``progress`` per chunk,
``result``), computing lazily one chunk per ``next``, so the caller can cancel
between chunks. Arrays leave as float32 numpy arrays (orjson writes them with
short decimals and writes NaN/±inf as null).

The parameter vector is recorded at every step but kept only every ``stride``
steps (≤ ``MAX_SNAPSHOTS`` rows, ≤ ``SNAPSHOT_FLOATS`` floats): those snapshots
are the trajectory for PCA and for the projected path.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import jax
import numpy as np

from thalweg.compute.nets import decision, slicing
from thalweg.compute.nets.datasets import Dataset, make_dataset
from thalweg.compute.nets.models import (
    ModelSpec,
    initial_theta,
)
from thalweg.compute.nets.objective import bucket, pad
from thalweg.compute.nets.training import (
    CHUNK,
    COLUMNS,
    DIVERGED,
    PARAMS,
    RUNNING,
    Carry,
    Inputs,
    TrainConfig,
    Trainer,
    batch_rows,
    get_trainer,
    kept_steps,
)
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.schemas_networks import (
    NetworkRequest,
)
from thalweg.services.networks_curvature import SharpnessTracker

SMALL_MODEL = 64  # models up to this many parameters get θ₀ and θ_final in the response
MAX_SNAPSHOTS = 2001
SNAPSHOT_FLOATS = 4_000_000
CURVE_POINTS = 201
INTERPOLATION = np.linspace(-0.5, 1.5, 81, dtype=np.float32)
PLANE_MARGIN = 0.1  # pca/exact: widen the path's box by this fraction per side
AXES = {"random": ("δ", "η"), "pca": ("PC1", "PC2"), "exact": ("w", "b")}


@dataclass
class Plan:
    """A validated request resolved into data, a compiled trainer and its inputs."""

    request: NetworkRequest
    dataset: Dataset
    model: ModelSpec
    loss: str
    hyperparameters: dict[str, float]
    batch_size: int
    trainer: Trainer
    inputs: Inputs
    theta0: np.ndarray
    stride: int

    @property
    def alpha(self) -> float:
        return self.request.model.alpha_value


def _dataset(request: NetworkRequest):
    d = request.dataset
    return make_dataset(d.name, d.samples, d.noise, d.seed, d.test_fraction, d.classes)


def train_config(request: NetworkRequest, dataset=None) -> TrainConfig:
    """What fixes the request's compiled trainer (the data set is made if not given)."""
    dataset = _dataset(request) if dataset is None else dataset
    n = len(dataset.x_train)
    batch = n if request.batch_size == "all" else min(request.batch_size, n)
    hyper = request.optimizer.filled()
    spec = OPTIMIZERS[request.optimizer.id]
    train_rows = bucket(n)
    return TrainConfig(
        model=request.model_spec(),
        loss=request.loss_name(),
        task=dataset.task,
        optimizer=spec.id,
        static=spec.family(hyper)[1],
        noisy=hyper["noise"] > 0,
        train_rows=train_rows,
        test_rows=bucket(len(dataset.x_test)),
        batch_rows=batch_rows(batch, n, train_rows),
        sharpness=request.curvature is not None,
    )


def prepare(request: NetworkRequest) -> Plan:
    dataset = _dataset(request)
    model = request.model_spec()
    loss = request.loss_name()
    n = len(dataset.x_train)
    batch = n if request.batch_size == "all" else min(request.batch_size, n)
    hyper = request.optimizer.filled()
    config = train_config(request, dataset)
    train_rows, test_rows = config.train_rows, config.test_rows
    trainer = get_trainer(config)
    inputs = trainer.inputs(
        pad(dataset.x_train, dataset.y_train, train_rows),
        pad(dataset.x_test, dataset.y_test, test_rows),
        hyper,
        request.l2,
        request.model.alpha_value,
        request.steps,
        batch,
        n,
        request.seed,
    )
    snapshots = min(MAX_SNAPSHOTS, max(50, SNAPSHOT_FLOATS // model.size))
    stride = math.ceil((request.steps + 1) / snapshots)
    return Plan(
        request,
        dataset,
        model,
        loss,
        hyper,
        batch,
        trainer,
        inputs,
        initial(request, model),
        stride,
    )


def initial(request: NetworkRequest, model: ModelSpec) -> np.ndarray:
    """θ₀: the explicit start of a two-parameter model, else a seeded draw."""
    if request.model.start is not None:
        return np.asarray(request.model.start, np.float32)
    m = request.model
    key = jax.random.fold_in(jax.random.key(request.seed), 0)
    return initial_theta(model, key, m.init.scheme, m.init.sigma, m.alpha_value)


@dataclass
class Recorder:
    """Accumulates the kept rows of a run: history columns and parameter snapshots
    (and, if asked for, the sharpness at its due steps)."""

    stride: int
    sharpness: SharpnessTracker | None = None
    columns: list[np.ndarray] = field(default_factory=list)
    snapshots: list[np.ndarray] = field(default_factory=list)
    snapshot_steps: list[int] = field(default_factory=list)
    last: np.ndarray | None = None  # θ of the last kept step
    kept: int = 0
    status: int = RUNNING
    stop: int = 0

    def add(self, offset: int, rows: np.ndarray, carry: Carry) -> None:
        self.columns.append(rows[:, : PARAMS.start])
        steps = offset + np.arange(len(rows))
        chosen = steps % self.stride == 0
        self.snapshots.append(rows[chosen, PARAMS])
        self.snapshot_steps.extend(int(k) for k in steps[chosen])
        if len(rows):
            self.last = rows[-1, PARAMS]
        self.kept = offset + len(rows)
        if self.sharpness is not None:
            self.sharpness.add(offset, len(rows), carry.tracking.estimates)

    def history(self) -> np.ndarray:
        return np.concatenate(self.columns) if self.columns else np.zeros((0, PARAMS.start))

    def trajectory(self) -> tuple[np.ndarray, list[int]]:
        """Snapshots with the final kept θ always last."""
        thetas = np.concatenate(self.snapshots) if self.snapshots else np.zeros((0, 0))
        steps = list(self.snapshot_steps)
        if self.kept and (not steps or steps[-1] != self.kept - 1):
            thetas = np.concatenate([thetas.reshape(-1, len(self.last)), self.last[None]])
            steps.append(self.kept - 1)
        return thetas, steps


def recorder_for(plan: Plan) -> Recorder:
    spec = plan.request.curvature
    if spec is None:
        return Recorder(plan.stride)
    tracker = SharpnessTracker.create(
        spec, plan.model, plan.loss, plan.inputs, plan.request.seed, plan.theta0
    )
    return Recorder(plan.stride, tracker)


def _segments(plan: Plan, recorder: Recorder) -> Iterator[tuple[int, np.ndarray]]:
    """(offset, kept rows) per compiled chunk, recording them as they come."""
    offset = 0
    tracking = recorder.sharpness.tracking if recorder.sharpness else None
    for carry, records in plan.trainer.iterate(plan.theta0, plan.inputs, tracking):
        status, stop = int(carry.status), int(carry.stop)
        count = CHUNK if status == RUNNING else kept_steps(status, stop) - offset
        rows = records[: max(count, 0)]
        recorder.add(offset, rows, carry)
        recorder.status, recorder.stop = status, stop
        yield offset, rows
        offset += CHUNK


def _columns(rows: np.ndarray) -> dict[str, np.ndarray]:
    return {name: np.ascontiguousarray(rows[:, j]) for j, name in enumerate(COLUMNS)}


def dataset_dict(dataset: Dataset) -> dict:
    return {
        "name": dataset.name,
        "task": dataset.task,
        "n_classes": dataset.n_classes,
        "input_dim": dataset.input_dim,
        "x_train": dataset.x_train,
        "y_train": dataset.y_train,
        "x_test": dataset.x_test,
        "y_test": dataset.y_test,
        "bounds": dataset.bounds(),
    }


def model_dict(plan: Plan) -> dict:
    return {
        "kind": plan.model.kind,
        "layers": plan.model.layer_sizes,
        "activation": plan.model.activation,
        "alpha": plan.alpha,
        "parameters": plan.model.size,
        "loss": plan.loss,
        "metric": "r2" if plan.dataset.task == "regression" else "accuracy",
    }


def decision_dict(plan: Plan, theta: np.ndarray, step: int) -> dict | None:
    """The prediction over the data's box (1-D and 2-D inputs only)."""
    dims = plan.dataset.input_dim
    if dims > 2:
        return None
    resolution = plan.request.decision.resolution if dims == 2 else CURVE_POINTS
    task = plan.dataset.task
    pred = decision.predict_grid(
        plan.model, task, theta, plan.alpha, plan.dataset.bounds(), resolution
    )
    out = {
        "kind": "grid" if dims == 2 else "curve",
        "value": {"binary": "probability", "multiclass": "class"}.get(task, "prediction"),
        "step": step,
        "x": pred.axes[0],
        "y": pred.axes[1] if dims == 2 else None,
        "z": pred.value,
    }
    if pred.confidence is not None:
        out["confidence"] = pred.confidence
    return out


def _ranges(
    plan: Plan, path: np.ndarray, centre: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    spec = plan.request.landscape
    if spec.range is not None:
        return spec.range.a, spec.range.b
    if spec.directions == "random":
        return (-spec.span, spec.span), (-spec.span, spec.span)
    out = []
    for axis in range(2):
        values = np.concatenate(
            [path[:, axis], [centre[axis] - spec.span, centre[axis] + spec.span]]
        )
        finite = values[np.isfinite(values)]
        lo, hi = float(finite.min()), float(finite.max())
        margin = PLANE_MARGIN * (hi - lo)
        out.append((lo - margin, hi + margin))
    return out[0], out[1]


def _linear_optimum(plan: Plan) -> tuple[float, float] | None:
    """Closed-form minimiser of mean((wx + b − y)²) + λw² (linear regression only)."""
    if plan.model.kind != "linear" or plan.loss != "mse":
        return None
    x, y = plan.dataset.x_train[:, 0].astype(np.float64), plan.dataset.y_train.astype(np.float64)
    lam = plan.request.l2
    system = np.array([[np.mean(x * x) + lam, np.mean(x)], [np.mean(x), 1.0]])
    w, b = np.linalg.solve(system, [np.mean(x * y), np.mean(y)])
    return float(w), float(b)


def landscape_dict(plan: Plan, recorder: Recorder) -> dict:
    """The loss plane, the projected path and the interpolation θ₀ -> θ_final."""
    spec = plan.request.landscape
    thetas, steps = recorder.trajectory()
    final = recorder.last
    model, loss = plan.model, plan.loss
    ratios = None
    key = jax.random.fold_in(jax.random.key(plan.request.seed), 2)
    if spec.directions == "exact":
        d1, d2 = slicing.exact_directions(model)
        origin = np.zeros_like(final)
    elif spec.directions == "pca":
        d1, d2, ratios = slicing.pca_directions(thetas, final, plan.request.seed)
        origin = final
    else:
        d1, d2 = slicing.random_directions(model, key, final)
        origin = final
    path = slicing.project(thetas, origin, d1, d2)
    centre = tuple(slicing.project(final[None], origin, d1, d2)[0])
    (a0, a1), (b0, b1) = _ranges(plan, path, centre)
    a = np.linspace(a0, a1, spec.resolution, dtype=np.float32)
    b = np.linspace(b0, b1, spec.resolution, dtype=np.float32)
    args = (plan.request.l2, plan.alpha)
    z = slicing.plane(model, loss, origin, d1, d2, a, b, plan.inputs.train, *args)
    line = {
        "alpha": INTERPOLATION,
        "loss": slicing.interpolate(
            model, loss, plan.theta0, final, INTERPOLATION, plan.inputs.train, *args
        ),
        "test_loss": slicing.interpolate(
            model, loss, plan.theta0, final, INTERPOLATION, plan.inputs.test, *args
        ),
    }
    finite = z[np.isfinite(z)]
    return {
        "directions": spec.directions,
        "axes": AXES[spec.directions],
        "a": a,
        "b": b,
        "z": z,
        "z_min": float(finite.min()) if finite.size else None,
        "z_max": float(finite.max()) if finite.size else None,
        "center": [float(centre[0]), float(centre[1])],
        "path": np.ascontiguousarray(path, np.float32),
        "path_steps": steps,
        "explained_variance": None if ratios is None else [float(r) for r in ratios],
        "optimum": _linear_optimum(plan) if spec.directions == "exact" else None,
        "interpolation": line,
    }


def result_dict(plan: Plan, recorder: Recorder, train_seconds: float) -> dict:
    """Everything after training: summary, history, decision grid, landscape, curvature.

    ``train_ms`` includes the sharpness estimates (they run inside the training
    chunks); ``sharpness_ms`` is the cold Lanczos run at θ_0 that starts them,
    ``spectrum_ms`` the final top-k and density.
    """
    history = recorder.history()
    kept = recorder.kept
    diverged = recorder.status == DIVERGED
    last = history[kept - 1] if kept else None
    started = time.perf_counter()
    landscape, landscape_error = None, None
    if plan.request.landscape is not None:
        if kept:
            landscape = landscape_dict(plan, recorder)
        else:
            landscape_error = "the loss was not finite at the initial parameters"
    landscape_seconds = time.perf_counter() - started
    tracker, curvature = recorder.sharpness, None
    if tracker is not None:
        curvature = tracker.result(recorder.last if kept else None)
    n = len(plan.dataset.x_train)
    return {
        "model": model_dict(plan),
        "optimizer": {"id": plan.request.optimizer.id, "hyperparameters": plan.hyperparameters},
        "batch_size": plan.batch_size,
        "batches_per_epoch": math.ceil(n / plan.batch_size),
        "status": "diverged" if diverged else "completed",
        "steps_taken": max(kept - 1, 0),
        "diverged_at": recorder.stop if diverged else None,
        "history": _columns(history),
        # float32 scalars: orjson prints them exactly as the history's last entries.
        "final": {name: last[j] if kept else None for j, name in enumerate(COLUMNS[:4])},
        "parameters": (
            {"initial": plan.theta0, "final": recorder.last}
            if plan.model.size <= SMALL_MODEL and kept
            else None
        ),
        "decision": decision_dict(plan, recorder.last, kept - 1) if kept else None,
        "landscape": landscape,
        "landscape_error": landscape_error,
        "curvature": curvature,
        "timing": {
            "train_ms": 1e3 * train_seconds,
            "landscape_ms": 1e3 * landscape_seconds,
            "sharpness_ms": 1e3 * tracker.seconds if tracker else 0.0,
            "spectrum_ms": 1e3 * tracker.final_seconds if tracker else 0.0,
            "steps_per_second": max(kept - 1, 0) / train_seconds if train_seconds > 0 else 0.0,
        },
    }


class _Clock:
    """The seconds spent inside an iterator's ``next`` (training), not in its consumer."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def timed(self, items: Iterator) -> Iterator:
        while True:
            started = time.perf_counter()
            item = next(items, None)
            self.seconds += time.perf_counter() - started
            if item is None:
                return
            yield item


def run_steps(request: NetworkRequest) -> Iterator[dict | None]:
    """``run`` one compiled chunk per ``next``: None while training, then the response.

    The REST route checks between chunks whether its client is still there.
    """
    plan = prepare(request)
    recorder = recorder_for(plan)
    clock = _Clock()
    for _ in clock.timed(_segments(plan, recorder)):
        yield None
    yield {"dataset": dataset_dict(plan.dataset), **result_dict(plan, recorder, clock.seconds)}


def run(request: NetworkRequest) -> dict:
    """The whole ``POST /api/networks/run`` response."""
    *_, response = run_steps(request)
    return response


def stream(request: NetworkRequest) -> Iterator[dict]:
    """Frames: ``dataset``, then ``progress`` per chunk, then ``result`` (see docs/protocol.md)."""
    plan = prepare(request)
    yield {
        "type": "dataset",
        "dataset": dataset_dict(plan.dataset),
        "model": model_dict(plan),
        "decision": decision_dict(plan, plan.theta0, 0),
    }
    recorder = recorder_for(plan)
    every = plan.request.decision.every
    due = every
    clock = _Clock()
    for offset, rows in clock.timed(_segments(plan, recorder)):
        if not len(rows):
            continue
        step = offset + len(rows) - 1
        frame = {"type": "progress", "offset": offset, "step": step, **_columns(rows)}
        if plan.model.size == 2:
            frame["position"] = np.ascontiguousarray(rows[:, PARAMS])
        if recorder.sharpness is not None:
            frame["curvature"] = recorder.sharpness.since(offset)
        if step >= due:
            frame["decision"] = decision_dict(plan, rows[-1, PARAMS], step)
            due = (step // every + 1) * every
        yield frame
    yield {"type": "result", **result_dict(plan, recorder, clock.seconds)}
