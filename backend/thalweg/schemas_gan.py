"""Requests and responses of the GAN view. Every field is bounded.

Names are validated against ``compute/gan``'s registries (distributions,
losses, penalties, the optimizers a player may use) and the activations of
``compute/nets``; hyperparameters against the optimizer catalog
(``schemas.check_hyperparameters``). Custom points are counted, finite and
inside ±``max_coordinate``. ``GanRequest._consistent`` bounds the total work.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from thalweg.compute.gan.data import DISTRIBUTIONS
from thalweg.compute.gan.players import (
    LOSSES,
    PLAYER_OPTIMIZERS,
    discriminator_spec,
    generator_spec,
)
from thalweg.compute.gan.training import CHUNK
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.config import get_settings
from thalweg.schemas import Hyperparameters, Strict, check_hyperparameters
from thalweg.schemas_networks import Name, Seed, _known
from thalweg.schemas_training import (
    TrainingMessage,
    TrainingRequest,
    WithActivation,
    reject_unsuitable,
    snapshot_count,
)

LIMITS = get_settings().gan
CUSTOM = "custom"
Coordinate = Annotated[
    float, Field(ge=-LIMITS.max_coordinate, le=LIMITS.max_coordinate, allow_inf_nan=False)
]
Hidden = Annotated[
    list[Annotated[int, Field(ge=1, le=LIMITS.max_width)]],
    Field(max_length=LIMITS.max_hidden_layers, description="units per hidden layer"),
]


class DataIn(Strict):
    name: Name = "ring"
    samples: int = Field(
        300, ge=8, le=LIMITS.max_samples, description="real points (custom: len(points))"
    )
    noise: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = Field(
        None, description="σ of each Gaussian / of the jitter; null: the distribution's default"
    )
    seed: Seed = 0
    modes: Literal[9, 25] | None = Field(None, description="grid only: 9 or 25 Gaussians")
    points: list[tuple[Coordinate, Coordinate]] | None = Field(
        None, max_length=LIMITS.max_custom_points, description="custom only: the real points"
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _known("distribution", value, (*DISTRIBUTIONS, CUSTOM))

    @model_validator(mode="after")
    def _fits(self) -> DataIn:
        if self.name == CUSTOM:
            if self.points is None or len(self.points) < 2:
                raise ValueError("custom data needs points: at least 2 [x, y] pairs")
            return self
        if self.points is not None:
            raise ValueError(f"points are for custom data; {self.name} is sampled")
        spec = DISTRIBUTIONS[self.name]
        if self.noise is not None and self.noise > spec.max_noise:
            raise ValueError(f"noise for {self.name} must be in [0, {spec.max_noise:g}]")
        if self.modes is not None and self.modes not in spec.modes:
            raise ValueError(f"modes is for the grid (9 or 25); {self.name} has a fixed layout")
        return self

    @property
    def count(self) -> int:
        return len(self.points) if self.points is not None else self.samples

    @property
    def sigma(self) -> float | None:
        """σ of the mixture's components (None for custom points)."""
        if self.name == CUSTOM:
            return None
        return DISTRIBUTIONS[self.name].default_noise if self.noise is None else self.noise


class NetworkIn(WithActivation):
    hidden: Hidden = Field(default_factory=lambda: [32, 32])
    activation: Name = "relu"


class GeneratorIn(NetworkIn):
    noise_dim: int = Field(2, ge=1, le=LIMITS.max_noise_dim, description="d of z ~ N(0, I_d)")


class PenaltyIn(Strict):
    kind: Literal["none", "r1", "gp"] = "none"
    weight: Annotated[float, Field(ge=0, le=LIMITS.max_penalty, allow_inf_nan=False)] = Field(
        1.0, description="γ of R1, λ of the gradient penalty (10 in the WGAN-GP paper)"
    )


class PlayerOptimizerIn(Strict):
    id: Name = "adam"
    hyperparameters: Hyperparameters = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        reject_unsuitable(value, "a GAN player")
        return _known("optimizer", value, PLAYER_OPTIMIZERS)

    @model_validator(mode="after")
    def _hyperparameters(self) -> PlayerOptimizerIn:
        check_hyperparameters(self.id, self.hyperparameters)
        return self

    def filled(self) -> dict[str, float]:
        return {**OPTIMIZERS[self.id].defaults(), **self.hyperparameters}


def _adam(lr: float) -> PlayerOptimizerIn:
    return PlayerOptimizerIn(id="adam", hyperparameters={"lr": lr, "beta1": 0.5})


class OptimizersIn(Strict):
    generator: PlayerOptimizerIn = Field(default_factory=lambda: _adam(1e-3))
    discriminator: PlayerOptimizerIn = Field(default_factory=lambda: _adam(1e-3))


class ViewIn(Strict):
    resolution: int = Field(30, ge=5, le=LIMITS.max_resolution, description="heat map R×R")
    field: int = Field(15, ge=3, le=LIMITS.max_field, description="∇ₓD arrows A×A")
    manifold: int = Field(21, ge=3, le=LIMITS.max_manifold, description="noise grid per axis")


class GanRequest(TrainingRequest):
    """One GAN training run and its snapshots."""

    limits: ClassVar = LIMITS

    data: DataIn = Field(default_factory=DataIn)
    generator: GeneratorIn = Field(default_factory=GeneratorIn)
    discriminator: NetworkIn = Field(default_factory=NetworkIn)
    loss: Name = "non_saturating"
    penalty: PenaltyIn = Field(default_factory=PenaltyIn)
    optimizers: OptimizersIn = Field(default_factory=OptimizersIn)
    k_discriminator: int = Field(1, ge=0, le=LIMITS.max_k, description="D steps per iteration")
    k_generator: int = Field(1, ge=0, le=LIMITS.max_k, description="G steps per iteration")
    batch_size: int = Field(150, ge=1, le=LIMITS.max_batch)
    steps: int = Field(1000, ge=1, le=LIMITS.max_steps, description="iterations")
    seed: Seed = Field(0, description="initialisation, batches and the snapshots' noise")
    every: int = Field(
        100,
        ge=CHUNK,
        le=LIMITS.max_steps,
        description=f"a snapshot every k iterations (a multiple of {CHUNK})",
    )
    view: ViewIn = Field(default_factory=ViewIn)

    @field_validator("loss")
    @classmethod
    def _loss(cls, value: str) -> str:
        return _known("loss", value, LOSSES)

    @model_validator(mode="after")
    def _consistent(self) -> GanRequest:
        if self.k_discriminator + self.k_generator == 0:
            raise ValueError("k_discriminator + k_generator must be at least 1")
        snapshots = snapshot_count(
            self.steps, self.every, CHUNK, LIMITS.max_snapshots, "iterations"
        )
        if snapshots * self.data.count > LIMITS.max_snapshot_points:
            raise ValueError(
                f"snapshots · samples = {snapshots}·{self.data.count} >"
                f" {LIMITS.max_snapshot_points}; raise every or use fewer samples"
            )
        work = self.work()
        if work > self.max_work():
            raise ValueError(
                f"this run needs steps·(k_discriminator + k_generator)·batch_size·parameters ="
                f" {work:.3g} > {self.max_work():.0e}; reduce steps, k, the batch or the widths"
            )
        return self

    def work(self) -> float:
        """steps · (k_D + k_G) · batch · (P_G + P_D): the training's multiply-adds up to a
        constant (config.py GanLimits.max_work)."""
        steps = float(self.steps) * (self.k_discriminator + self.k_generator)
        return steps * self.batch_size * self.parameters()

    def parameters(self) -> int:
        """P_G + P_D."""
        g, d = self.generator, self.discriminator
        gen = generator_spec(g.noise_dim, tuple(g.hidden), g.activation)
        return gen.size + discriminator_spec(tuple(d.hidden), d.activation).size


class TrainMessage(TrainingMessage, GanRequest):
    """WebSocket client -> server: train this (cancels the run in flight)."""


# --- responses (OpenAPI documentation; encoded with orjson by the services) ---


class DiscriminatorOut(BaseModel):
    x: list[float]
    y: list[float]
    z: list[list[float | None]]


class FieldOut(BaseModel):
    x: list[float]
    y: list[float]
    u: list[list[float | None]]
    v: list[list[float | None]]


class CoverageOut(BaseModel):
    covered: int
    modes: int
    counts: list[int]
    quality: float


class SnapshotOut(BaseModel):
    step: int
    fake: list[tuple[float | None, float | None]]
    discriminator: DiscriminatorOut
    field: FieldOut
    push: list[tuple[float | None, float | None]]
    manifold: list[list[tuple[float | None, float | None]]]
    distance: float | None
    js: float | None
    coverage: CoverageOut | None


class GanHistoryOut(BaseModel):
    d_loss: list[float | None]
    g_loss: list[float | None]
    steps: list[int]
    distance: list[float | None]
    js: list[float | None]
    covered: list[int] | None


class GanResponse(BaseModel):
    real: list[tuple[float, float]]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    centres: list[tuple[float, float]] | None
    value: Literal["probability", "score"]
    snapshots: list[SnapshotOut]
    history: GanHistoryOut
    status: Literal["completed", "diverged"]
    steps_taken: int
    diverged_at: int | None
    timing: dict[str, Any]
