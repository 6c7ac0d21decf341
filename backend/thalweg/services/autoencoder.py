"""Autoencoder requests -> digits, a compiled training run and snapshots, as frames.

``run`` returns the whole ``POST /api/autoencoder/run`` body; ``stream`` yields
the same content as WebSocket frames (``data`` with snapshot 0, ``progress`` per
chunk with a ``snapshot`` every ``every`` steps and at the end, ``result``),
one chunk per ``next``, so the caller can cancel between chunks. Arrays leave as
float32 numpy arrays (orjson writes them short, and NaN/±inf as null).

A snapshot: the 2-D codes of all 1,797 digits, the mean reconstruction error on
the training and test rows, the reconstructions of a few fixed test digits, and
the decoder over a G×G grid spanning the codes' box.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import jax
import numpy as np

from thalweg.compute.autoencoder import (
    AeConfig,
    AeTrainer,
    Inputs,
    decoder_spec,
    encoder_spec,
    get_trainer,
)
from thalweg.compute.gan.training import player_config
from thalweg.compute.nets.datasets import DATASETS, DIGITS_SAMPLES
from thalweg.compute.nets.models import initial_theta
from thalweg.compute.nets.objective import bucket
from thalweg.schemas_autoencoder import FEATURES, TEST_FRACTION, AutoencoderRequest
from thalweg.services.chunked_run import Recorder, progress, result_dict

INIT_SCHEME = "glorot"
PLANE_MARGIN = 0.05  # the decoded grid spans the codes' box widened by this share


@dataclass
class Plan:
    request: AutoencoderRequest
    x: np.ndarray  # (N, 64) all digits, train rows first
    labels: np.ndarray  # (N,)
    train_rows: int
    shown: np.ndarray  # indices of the reconstructed test digits
    trainer: AeTrainer
    inputs: Inputs
    theta: np.ndarray


def prepare(request: AutoencoderRequest) -> Plan:
    rng = np.random.default_rng(request.seed)
    x, labels = DATASETS["digits"].generate(DIGITS_SAMPLES, 0.0, 10, rng)
    x = np.asarray(x, np.float32)
    train_rows = round(len(x) * (1 - TEST_FRACTION))
    hidden = tuple(request.hidden)
    encoder = encoder_spec(FEATURES, hidden, request.activation)
    decoder = decoder_spec(FEATURES, hidden, request.activation)
    values = request.optimizer.filled()
    config = AeConfig(
        encoder,
        decoder,
        player_config(encoder, request.optimizer.id, values),
        bucket(train_rows),
        bucket(request.batch_size),
    )
    trainer = get_trainer(config)
    key = jax.random.key(request.seed)
    theta = np.concatenate(
        [
            initial_theta(encoder, jax.random.fold_in(key, 0), INIT_SCHEME, 0.1, request.alpha),
            initial_theta(decoder, jax.random.fold_in(key, 1), INIT_SCHEME, 0.1, request.alpha),
        ]
    )
    return Plan(
        request=request,
        x=x,
        labels=np.asarray(labels, np.int32),
        train_rows=train_rows,
        shown=np.arange(train_rows, train_rows + request.reconstructions),
        trainer=trainer,
        inputs=trainer.inputs(
            x[:train_rows], values, request.alpha, request.batch_size, request.steps, request.seed
        ),
        theta=theta,
    )


def _plane(codes: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    finite = codes[np.all(np.isfinite(codes), axis=1)]
    if not len(finite):
        return np.linspace(-1, 1, count, dtype=np.float32), np.linspace(
            -1, 1, count, dtype=np.float32
        )
    lo, hi = finite.min(axis=0), finite.max(axis=0)
    pad = PLANE_MARGIN * np.maximum(hi - lo, 1e-3)
    lo, hi = lo - pad, hi + pad
    return tuple(np.linspace(lo[i], hi[i], count, dtype=np.float32) for i in range(2))


def snapshot(plan: Plan, theta: np.ndarray, step: int) -> dict:
    """Codes, losses, reconstructions and the decoded latent grid at θ after ``step`` steps."""
    trainer, alpha = plan.trainer, plan.inputs.alpha
    theta = np.asarray(theta, np.float32)
    codes = np.asarray(trainer.encode(theta, plan.x, alpha))
    errors = np.asarray(trainer.errors(theta, plan.x, alpha), np.float64)
    recon = np.asarray(trainer.decode(theta, codes[plan.shown], alpha))
    g = plan.request.grid
    xs, ys = _plane(codes, g)
    gx, gy = np.meshgrid(xs, ys)  # row i: y_i, column j: x_j
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
    images = np.asarray(trainer.decode(theta, grid, alpha)).reshape(g, g, FEATURES)
    return {
        "step": step,
        "latent": codes,
        "train_loss": float(np.mean(errors[: plan.train_rows])),
        "test_loss": float(np.mean(errors[plan.train_rows :])),
        "reconstructions": recon,
        "plane": {"x": xs, "y": ys, "images": images},
    }


def _progress(plan: Plan, recorder: Recorder) -> Iterator[dict]:
    return progress(
        plan.trainer.iterate(plan.theta, plan.inputs),
        recorder,
        plan.request.every,
        lambda rows: {"batch_loss": rows},
        lambda carry, step: snapshot(plan, carry.theta, step),
    )


def data_dict(plan: Plan) -> dict:
    return {"labels": plan.labels, "originals": plan.x[plan.shown]}


def run(request: AutoencoderRequest) -> dict:
    """The whole ``POST /api/autoencoder/run`` response."""
    plan = prepare(request)
    recorder = Recorder()
    recorder.shoot(snapshot, plan, plan.theta, 0)
    for _ in _progress(plan, recorder):
        pass
    losses = np.concatenate(recorder.losses) if recorder.losses else np.zeros(0, np.float32)
    return {
        **data_dict(plan),
        "snapshots": recorder.snapshots,
        "batch_loss": losses,
        **result_dict(recorder, "steps_per_second"),
    }


def stream(request: AutoencoderRequest) -> Iterator[dict]:
    """Frames: ``data`` (with snapshot 0), ``progress`` per chunk, ``result``."""
    plan = prepare(request)
    recorder = Recorder()
    first = recorder.shoot(snapshot, plan, plan.theta, 0)
    yield {"type": "data", **data_dict(plan), "snapshot": first}
    yield from _progress(plan, recorder)
    yield {"type": "result", **result_dict(recorder, "steps_per_second")}
