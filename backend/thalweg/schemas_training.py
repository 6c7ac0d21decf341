"""Request pieces shared by the chunked training runs (GAN and autoencoder).

A run's total work is bounded by ``limits.max_work``; the same request sent as a
WebSocket ``train`` message may do ``limits.max_stream_work`` (it is chunked and
cancelled by the next message). Snapshots fall every ``every`` steps, a multiple
of the trainer's chunk, and their count is bounded.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from thalweg.compute.gan.players import PLAYER_OPTIMIZERS, UNSUITABLE
from thalweg.compute.nets.activations import ACTIVATIONS, default_alpha
from thalweg.schemas import Strict
from thalweg.schemas_networks import _known


def reject_unsuitable(value: str, target: str) -> None:
    """A clear 422 for an optimizer that needs more than the mini-batch gradient."""
    if value in UNSUITABLE:
        raise PydanticCustomError(
            "unsuitable_optimizer",
            "optimizer '{value}' cannot train {target}: it {reason}; valid: {valid}",
            {
                "value": value,
                "target": target,
                "reason": UNSUITABLE[value],
                "valid": ", ".join(PLAYER_OPTIMIZERS),
            },
        )


def snapshot_count(steps: int, every: int, chunk: int, limit: int, unit: str) -> int:
    """⌈steps / every⌉ + 1 snapshots (with step 0); ``every`` a multiple of ``chunk``."""
    if every % chunk:
        raise ValueError(
            f"every must be a multiple of {chunk} (training runs in chunks of {chunk} {unit})"
        )
    snapshots = -(-steps // every) + 1
    if snapshots > limit:
        raise ValueError(f"steps/every gives {snapshots} snapshots > {limit}; raise every")
    return snapshots


class WithActivation(Strict):
    """A network's ``activation`` (declared by the subclass with its default), checked
    against the catalog, and its default α."""

    @field_validator("activation", check_fields=False)
    @classmethod
    def _activation(cls, value: str) -> str:
        return _known("activation", value, ACTIVATIONS)

    @property
    def alpha(self) -> float:
        return default_alpha(self.activation)


class TrainingRequest(Strict):
    """A one-shot run: its work is bounded by ``limits.max_work``."""

    limits: ClassVar[Any]

    @classmethod
    def max_work(cls) -> float:
        return cls.limits.max_work


class TrainingMessage(TrainingRequest):
    """WebSocket client -> server: train this (cancels the run in flight)."""

    type: Literal["train"]
    id: int = Field(ge=0, le=2**53)

    @classmethod
    def max_work(cls) -> float:
        return cls.limits.max_stream_work  # chunked and cancellable
