"""GAN requests -> real data, a compiled training run and snapshots, as frames.

``run`` returns the whole ``POST /api/gan/run`` body; ``stream`` yields the same
content as WebSocket frames (``data``, ``progress`` per chunk of iterations with
a ``snapshot`` every ``every`` iterations, ``result``), computing lazily one
chunk per ``next``, so the caller can cancel between chunks. Arrays leave as
float32 numpy arrays: orjson writes them short and writes NaN/±inf as null.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import jax
import numpy as np

from thalweg.compute.gan import metrics, players, views
from thalweg.compute.gan.data import mode_centres, plane_bounds, sample_real
from thalweg.compute.gan.training import (
    GanConfig,
    GanTrainer,
    Inputs,
    get_trainer,
    player_config,
)
from thalweg.compute.nets.models import initial_theta
from thalweg.compute.nets.objective import bucket
from thalweg.schemas_gan import CUSTOM, GanRequest
from thalweg.services.chunked_run import Recorder, progress, result_dict

INIT_SCHEME = "glorot"
JS_SMOOTHING = 1.0  # cells


@dataclass
class Plan:
    """A validated request resolved into data, a compiled trainer and its inputs."""

    request: GanRequest
    real: np.ndarray
    bounds: tuple[tuple[float, float], tuple[float, float]]
    centres: np.ndarray | None
    trainer: GanTrainer
    inputs: Inputs
    theta_g: np.ndarray
    theta_d: np.ndarray
    z: np.ndarray  # the snapshots' fixed noise
    heat_axes: tuple[np.ndarray, np.ndarray]
    field_axes: tuple[np.ndarray, np.ndarray]
    manifold_z: np.ndarray


def _axes(bounds, count: int) -> tuple[np.ndarray, np.ndarray]:
    return tuple(np.linspace(lo, hi, count, dtype=np.float32) for lo, hi in bounds)


def prepare(request: GanRequest) -> Plan:
    d = request.data
    if d.name == CUSTOM:
        real = np.asarray(d.points, np.float32)
    else:
        real = sample_real(d.name, d.samples, d.noise, d.seed, d.modes)
    n = len(real)
    gen = request.generator
    g_spec = players.generator_spec(gen.noise_dim, tuple(gen.hidden), gen.activation)
    d_spec = players.discriminator_spec(
        tuple(request.discriminator.hidden), request.discriminator.activation
    )
    g_values = request.optimizers.generator.filled()
    d_values = request.optimizers.discriminator.filled()
    config = GanConfig(
        player_config(g_spec, request.optimizers.generator.id, g_values),
        player_config(d_spec, request.optimizers.discriminator.id, d_values),
        request.loss,
        request.penalty.kind,
        bucket(n),
        bucket(request.batch_size),
    )
    trainer = get_trainer(config)
    inputs = trainer.inputs(
        real,
        g_values,
        d_values,
        (gen.alpha, request.discriminator.alpha),
        request.penalty.weight,
        (request.k_discriminator, request.k_generator),
        request.batch_size,
        request.steps,
        request.seed,
    )
    key = jax.random.key(request.seed)
    bounds = plane_bounds(real)
    rng = np.random.default_rng(request.seed)
    return Plan(
        request=request,
        real=real,
        bounds=bounds,
        centres=None if d.name == CUSTOM else mode_centres(d.name, d.modes),
        trainer=trainer,
        inputs=inputs,
        theta_g=initial_theta(g_spec, jax.random.fold_in(key, 0), INIT_SCHEME, 0.1, gen.alpha),
        theta_d=initial_theta(
            d_spec, jax.random.fold_in(key, 1), INIT_SCHEME, 0.1, request.discriminator.alpha
        ),
        z=rng.standard_normal((n, gen.noise_dim)).astype(np.float32),
        heat_axes=_axes(bounds, request.view.resolution),
        field_axes=_axes(bounds, request.view.field),
        manifold_z=views.manifold_noise(gen.noise_dim, request.view.manifold),
    )


def snapshot(plan: Plan, theta_g: np.ndarray, theta_d: np.ndarray, step: int) -> dict:
    """Everything the page draws for (θ_G, θ_D) after ``step`` iterations."""
    theta_g, theta_d = np.asarray(theta_g), np.asarray(theta_d)
    config = plan.trainer.config
    v = views.compute_views(
        config.generator.model,
        config.discriminator.model,
        config.loss,
        theta_g,
        theta_d,
        float(plan.inputs.alpha_g),
        float(plan.inputs.alpha_d),
        plan.z,
        plan.heat_axes,
        plan.field_axes,
        plan.manifold_z,
    )
    cover = None
    if plan.centres is not None:
        c = metrics.coverage(v.fake, plan.centres, plan.request.data.sigma)
        cover = {"covered": c.covered, "modes": c.modes, "counts": c.counts, "quality": c.quality}
    return {
        "step": step,
        "fake": v.fake,
        "discriminator": {"x": plan.heat_axes[0], "y": plan.heat_axes[1], "z": v.heat},
        "field": {"x": plan.field_axes[0], "y": plan.field_axes[1], "u": v.field_u, "v": v.field_v},
        "push": v.push,
        "manifold": v.manifold,
        "distance": metrics.energy_distance(plan.real, v.fake),
        "js": metrics.grid_js(
            plan.real, v.fake, plan.bounds, plan.request.view.resolution, JS_SMOOTHING
        ),
        "coverage": cover,
    }


def _history(recorder: Recorder) -> dict:
    rows = np.concatenate(recorder.losses) if recorder.losses else np.zeros((0, 2), np.float32)
    shots = recorder.snapshots
    covered = [s["coverage"]["covered"] for s in shots if s["coverage"]]
    return {
        **_loss_columns(rows),
        "steps": [s["step"] for s in shots],
        "distance": [s["distance"] for s in shots],
        "js": [s["js"] for s in shots],
        "covered": covered if len(covered) == len(shots) else None,
    }


def _loss_columns(rows: np.ndarray) -> dict:
    return {
        "d_loss": np.ascontiguousarray(rows[:, 0]),
        "g_loss": np.ascontiguousarray(rows[:, 1]),
    }


def _progress(plan: Plan, recorder: Recorder) -> Iterator[dict]:
    return progress(
        plan.trainer.iterate(plan.theta_g, plan.theta_d, plan.inputs),
        recorder,
        plan.request.every,
        _loss_columns,
        lambda carry, step: snapshot(plan, carry.theta_g, carry.theta_d, step),
    )


def data_dict(plan: Plan) -> dict:
    loss = players.LOSSES[plan.request.loss]
    return {
        "real": plan.real,
        "bounds": plan.bounds,
        "centres": plan.centres,
        "value": "probability" if loss.probability else "score",
    }


def _result(recorder: Recorder) -> dict:
    timing = {"snapshot_ms": 1e3 * recorder.snapshot_seconds}
    return result_dict(recorder, "iterations_per_second", timing)


def run(request: GanRequest) -> dict:
    """The whole ``POST /api/gan/run`` response."""
    plan = prepare(request)
    recorder = Recorder()
    recorder.shoot(snapshot, plan, plan.theta_g, plan.theta_d, 0)
    for _ in _progress(plan, recorder):
        pass
    return {
        **data_dict(plan),
        "snapshots": recorder.snapshots,
        "history": _history(recorder),
        **_result(recorder),
    }


def stream(request: GanRequest) -> Iterator[dict]:
    """Frames: ``data`` (with snapshot 0), ``progress`` per chunk, ``result`` (docs/protocol.md)."""
    plan = prepare(request)
    recorder = Recorder()
    first = recorder.shoot(snapshot, plan, plan.theta_g, plan.theta_d, 0)
    yield {"type": "data", **data_dict(plan), "snapshot": first}
    yield from _progress(plan, recorder)
    yield {"type": "result", **_result(recorder)}
