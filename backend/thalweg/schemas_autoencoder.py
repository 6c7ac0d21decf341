"""Requests and responses of the autoencoder (the Generative view's second mode).

Every field is bounded; names are validated against the activations of
``compute/nets`` and the optimizer catalog (any optimizer a network may use).
``AutoencoderRequest._consistent`` bounds the total work, steps · (batch + 8) · P.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from thalweg.compute.autoencoder import CHUNK, decoder_spec, encoder_spec
from thalweg.config import get_settings
from thalweg.schemas_networks import Name, OptimizerIn, Seed
from thalweg.schemas_training import (
    TrainingMessage,
    TrainingRequest,
    WithActivation,
    reject_unsuitable,
    snapshot_count,
)

LIMITS = get_settings().autoencoder
FEATURES = 64  # 8×8 digits
TEST_FRACTION = 0.2
UPDATE_ROWS = 8  # the optimizer's update per step costs about as much as 8 rows' passes


class AeOptimizerIn(OptimizerIn):
    """A network optimizer that needs only the mini-batch gradient (the trainer passes no
    objective to re-evaluate): the GAN players' list."""

    @field_validator("id")
    @classmethod
    def _gradient_only(cls, value: str) -> str:
        reject_unsuitable(value, "the autoencoder")
        return value


class AutoencoderRequest(WithActivation, TrainingRequest):
    """One autoencoder training run on scikit-learn's 8×8 digits, with snapshots."""

    limits: ClassVar = LIMITS

    hidden: list[Annotated[int, Field(ge=1, le=LIMITS.max_width)]] = Field(
        default_factory=lambda: [64],
        min_length=0,
        max_length=LIMITS.max_hidden_layers,
        description="encoder widths (the decoder mirrors them)",
    )
    activation: Name = "tanh"
    optimizer: AeOptimizerIn = Field(
        default_factory=lambda: AeOptimizerIn(id="adam", hyperparameters={"lr": 0.01})
    )
    batch_size: int = Field(64, ge=1, le=LIMITS.max_batch)
    # The view streams 1,500 steps; the REST default stays within the route's work
    # limit (the default network, 1,500 steps: 9.3e8 > max_work 5e8).
    steps: int = Field(750, ge=1, le=LIMITS.max_steps)
    every: int = Field(
        100, ge=CHUNK, le=LIMITS.max_steps, description=f"a snapshot every k steps (× {CHUNK})"
    )
    seed: Seed = Field(0, description="split, initialisation and batches")
    grid: int = Field(10, ge=2, le=LIMITS.max_grid, description="decoded images per side")
    reconstructions: int = Field(8, ge=1, le=LIMITS.max_reconstructions)

    def work(self) -> float:
        """steps · (batch + 8) · P (config.py AutoencoderLimits.max_work)."""
        return float(self.steps) * (self.batch_size + UPDATE_ROWS) * self.parameters()

    def parameters(self) -> int:
        hidden = tuple(self.hidden)
        return (
            encoder_spec(FEATURES, hidden, self.activation).size
            + decoder_spec(FEATURES, hidden, self.activation).size
        )

    @model_validator(mode="after")
    def _consistent(self) -> AutoencoderRequest:
        snapshot_count(self.steps, self.every, CHUNK, LIMITS.max_snapshots, "steps")
        work = self.work()
        if work > self.max_work():
            raise ValueError(
                f"this run needs steps·(batch_size + {UPDATE_ROWS})·parameters = {work:.3g} >"
                f" {self.max_work():.0e}; reduce steps, the batch or the widths"
            )
        return self


class AutoencoderMessage(TrainingMessage, AutoencoderRequest):
    """WebSocket client -> server: train this (cancels the run in flight)."""


# --- responses (OpenAPI documentation; encoded with orjson by the service) ---


class AutoencoderSnapshotOut(BaseModel):
    step: int
    latent: list[tuple[float | None, float | None]]
    train_loss: float | None
    test_loss: float | None
    reconstructions: list[list[float | None]]
    plane: dict[str, Any]


class AutoencoderResponse(BaseModel):
    labels: list[int]
    originals: list[list[float]]
    snapshots: list[AutoencoderSnapshotOut]
    batch_loss: list[float | None]
    status: Literal["completed", "diverged"]
    steps_taken: int
    diverged_at: int | None
    timing: dict[str, Any]
