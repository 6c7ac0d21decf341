"""Requests and responses of the Networks view. Every field is bounded.

Names are validated against the registries of ``compute/nets`` (data sets,
activations, losses) and the optimizer catalog, so a bad request becomes a 422
naming what is valid before any computation starts. Cross-field rules (the
loss must fit the task, the model must fit the data, Newton only for tiny
models, a bound on the total work) live in ``NetworkRequest._consistent``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from thalweg.compute.nets.activations import ACTIVATIONS
from thalweg.compute.nets.datasets import DATASETS
from thalweg.compute.nets.hessian import products
from thalweg.compute.nets.losses import DEFAULT_LOSS, LOSSES, losses_for
from thalweg.compute.nets.models import KIND_TASKS, ModelSpec, make_spec
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.config import get_settings
from thalweg.schemas import Finite, Strict, check_hyperparameters

LIMITS = get_settings().network
# Min-max (game) optimizers: they ascend on half the coordinates, which means nothing for a loss.
GAME_OPTIMIZERS = tuple(o for o, spec in OPTIMIZERS.items() if spec.game)
NETWORK_OPTIMIZERS = tuple(o for o in OPTIMIZERS if o not in GAME_OPTIMIZERS)
SEED_MAX = 2**31 - 1

Name = Annotated[str, Field(max_length=32)]
Seed = Annotated[int, Field(ge=0, le=SEED_MAX)]


def _known(kind: str, value: str, valid) -> str:
    if value not in valid:
        raise PydanticCustomError(
            f"unknown_{kind}",
            "unknown {kind} '{value}'; valid: {valid}",
            {"kind": kind, "value": value, "valid": ", ".join(valid)},
        )
    return value


class DatasetIn(Strict):
    name: Name = "moons"
    samples: int = Field(200, ge=8, le=LIMITS.max_samples, description="rows before the split")
    noise: Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)] | None = Field(
        None, description="null: the data set's default; meaning per data set (see catalog)"
    )
    seed: Seed = 0
    test_fraction: Annotated[float, Field(ge=0, le=0.8, allow_inf_nan=False)] = 0.2
    classes: int | None = Field(
        None, ge=2, le=LIMITS.max_classes, description="spirals and blobs only; null: default"
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _known("dataset", value, DATASETS)

    @model_validator(mode="after")
    def _fits(self) -> DatasetIn:
        spec = DATASETS[self.name]
        if self.samples > spec.max_samples:
            raise ValueError(f"{self.name} has at most {spec.max_samples} samples")
        if self.noise is not None and self.noise > spec.max_noise:
            raise ValueError(f"noise for {self.name} must be in [0, {spec.max_noise:g}]")
        if self.classes is not None and spec.classes is None:
            raise ValueError(f"{self.name} has a fixed number of classes; leave classes null")
        return self

    @property
    def task(self) -> str:
        return DATASETS[self.name].task(self.classes)

    @property
    def n_classes(self) -> int:
        return DATASETS[self.name].n_classes(self.classes)


class InitIn(Strict):
    scheme: Literal["normal", "glorot", "he"] = "glorot"
    sigma: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)] = Field(
        0.1, description="std. dev. σ of the 'normal' scheme"
    )


class ModelIn(Strict):
    kind: Literal["linear", "logistic", "neuron", "mlp"] = "mlp"
    hidden: list[Annotated[int, Field(ge=1, le=LIMITS.max_width)]] = Field(
        default_factory=lambda: [8, 8],
        max_length=LIMITS.max_hidden_layers,
        description="units per hidden layer (mlp only; ignored by the other kinds)",
    )
    activation: Name = "tanh"
    alpha: Annotated[float, Field(allow_inf_nan=False)] | None = Field(
        None, description="the activation's α (leaky_relu, alrelu, elu; PReLU's initial slope)"
    )
    init: InitIn = Field(default_factory=InitIn)
    start: tuple[Finite, Finite] | None = Field(
        None, description="two-parameter models: the initial [w, b] instead of a random draw"
    )

    @field_validator("activation")
    @classmethod
    def _activation(cls, value: str) -> str:
        return _known("activation", value, ACTIVATIONS)

    @model_validator(mode="after")
    def _fits(self) -> ModelIn:
        if self.kind == "mlp" and not self.hidden:
            raise ValueError("an mlp needs at least one hidden layer")
        spec = ACTIVATIONS[self.activation].alpha
        if self.alpha is not None:
            if spec is None:
                raise ValueError(f"activation {self.activation} has no parameter α")
            if not spec.min <= self.alpha <= spec.max:
                raise ValueError(f"alpha for {self.activation} must be in [{spec.min}, {spec.max}]")
        if self.start is not None and any(abs(v) > 1e4 for v in self.start):
            raise ValueError("start values must be in [-1e4, 1e4]")
        return self

    @property
    def alpha_value(self) -> float:
        spec = ACTIVATIONS[self.activation].alpha
        return self.alpha if self.alpha is not None else (spec.default if spec else 0.0)


class OptimizerIn(Strict):
    id: Name = "adam"
    hyperparameters: dict[Name, Finite] = Field(default_factory=dict, max_length=16)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if value in GAME_OPTIMIZERS:
            raise PydanticCustomError(
                "game_optimizer",
                "optimizer '{value}' is for min-max games (it ascends on half the coordinates);"
                " valid for networks: {valid}",
                {"value": value, "valid": ", ".join(NETWORK_OPTIMIZERS)},
            )
        return _known("optimizer", value, NETWORK_OPTIMIZERS)

    @model_validator(mode="after")
    def _hyperparameters(self) -> OptimizerIn:
        check_hyperparameters(self.id, self.hyperparameters)
        return self

    def filled(self) -> dict[str, float]:
        return {**OPTIMIZERS[self.id].defaults(), **self.hyperparameters}


Interval = tuple[Finite, Finite]


class PlaneRange(Strict):
    a: Interval
    b: Interval

    @model_validator(mode="after")
    def _ordered(self) -> PlaneRange:
        for name, (lo, hi) in (("a", self.a), ("b", self.b)):
            if not lo < hi or max(abs(lo), abs(hi)) > 1e4:
                raise ValueError(f"range.{name} must be [lo, hi] with -1e4 ≤ lo < hi ≤ 1e4")
        return self


class LandscapeIn(Strict):
    directions: Literal["random", "pca", "exact"] = "pca"
    resolution: int = Field(41, ge=5, le=LIMITS.max_landscape_resolution)
    span: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = Field(
        1.0,
        description="random: a, b ∈ [−span, span]; pca/exact: at least centre ± span around"
        " the path",
    )
    range: PlaneRange | None = Field(None, description="explicit a and b intervals")


class DecisionIn(Strict):
    resolution: int = Field(41, ge=8, le=LIMITS.max_decision_resolution)
    every: int = Field(100, ge=25, le=LIMITS.max_steps, description="stream a grid every k steps")


class CurvatureIn(Strict):
    """Sharpness λ_max of the full training loss along the run; top-k and density at the end."""

    every: int = Field(
        10, ge=1, le=LIMITS.max_steps, description="estimate λ_max at every k-th step (k = 0 too)"
    )
    top_k: int = Field(
        5, ge=1, le=LIMITS.max_top_k, description="largest Hessian eigenvalues at the final θ"
    )
    density: bool = Field(True, description="the spectral density at the final θ (SLQ)")


class NetworkRequest(Strict):
    """One training run, its landscape and its decision grid."""

    dataset: DatasetIn = Field(default_factory=DatasetIn)
    model: ModelIn = Field(default_factory=ModelIn)
    loss: Name | None = Field(None, description="null: bce / cross_entropy / mse by task")
    l2: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] = Field(
        0.0, description="λ of λ·Σ‖W‖² (weights only)"
    )
    optimizer: OptimizerIn = Field(default_factory=OptimizerIn)
    batch_size: Annotated[int, Field(ge=1, le=LIMITS.max_samples)] | Literal["all"] = Field(
        "all", description="1: SGD; 'all' or ≥ training rows: full batch"
    )
    steps: int = Field(500, ge=1, le=LIMITS.max_steps)
    seed: Seed = Field(0, description="initialisation, shuffling and random directions")
    landscape: LandscapeIn | None = Field(default_factory=LandscapeIn)
    decision: DecisionIn = Field(default_factory=DecisionIn)
    curvature: CurvatureIn | None = Field(None, description="null: no Hessian eigenvalues")

    @field_validator("loss")
    @classmethod
    def _loss(cls, value: str | None) -> str | None:
        return value if value is None else _known("loss", value, LOSSES)

    @model_validator(mode="after")
    def _consistent(self) -> NetworkRequest:
        task = self.dataset.task
        kind = self.model.kind
        if task not in KIND_TASKS[kind]:
            fitting = [n for n in DATASETS if DATASETS[n].task() in KIND_TASKS[kind]]
            raise ValueError(
                f"model {kind!r} cannot learn {self.dataset.name} ({task}); it fits: "
                f"{', '.join(KIND_TASKS[kind])} data, e.g. {', '.join(fitting)}"
            )
        if self.loss is not None and task not in LOSSES[self.loss].tasks:
            raise ValueError(
                f"loss {self.loss!r} does not fit {task} data; valid: {', '.join(losses_for(task))}"
            )
        size = self.model_spec().size
        if self.optimizer.id == "newton" and size > LIMITS.newton_max_parameters:
            raise ValueError(
                f"newton needs the {size}×{size} Hessian at every step; it is limited to models"
                f" with at most {LIMITS.newton_max_parameters} parameters"
            )
        if self.landscape is not None:
            if self.landscape.directions == "exact" and size != 2:
                raise ValueError(
                    f"'exact' landscape axes need a two-parameter model (w, b); this model has"
                    f" {size} parameters: use 'pca' or 'random'"
                )
            if self.landscape.directions == "random" and size == 2:
                raise ValueError(
                    "filter-normalised random directions need more than one weight; a"
                    " two-parameter model has one weight and one bias: use 'exact' or 'pca'"
                )
        if self.model.start is not None and size != 2:
            raise ValueError(
                f"model.start is for two-parameter models (w, b); this model has {size} parameters"
            )
        work = self.work()
        if work > LIMITS.max_work:
            raise ValueError(
                f"this run needs steps·samples·parameters = {work:.3g} > {LIMITS.max_work:.0e}"
                " (Hessian-vector products counted as steps); reduce steps, samples or layer"
                " widths, or estimate the curvature less often"
            )
        return self

    def work(self) -> float:
        """steps · samples · parameters: what training costs (NetworkLimits), with each
        Hessian-vector product of the curvature counted as ``hvp_cost`` steps."""
        steps = float(self.steps)
        if self.curvature is not None:
            c = self.curvature
            steps += LIMITS.hvp_cost * products(self.steps, c.every, c.density)
        return steps * self.dataset.samples * self.model_spec().size

    def loss_name(self) -> str:
        return self.loss or DEFAULT_LOSS[self.dataset.task]

    def model_spec(self) -> ModelSpec:
        dataset = DATASETS[self.dataset.name]
        return make_spec(
            self.model.kind,
            dataset.input_dim,
            self.dataset.task,
            self.dataset.n_classes,
            self.model.hidden,
            self.model.activation,
        )


class TrainMessage(NetworkRequest):
    """WebSocket client -> server: train this (cancels the run in flight)."""

    type: Literal["train"]
    id: int = Field(ge=0, le=2**53)


class CancelMessage(Strict):
    """WebSocket client -> server: stop the run in flight."""

    type: Literal["cancel"]
    id: int | None = Field(None, ge=0, le=2**53)


class ActivationRequest(Strict):
    name: Name
    alpha: Annotated[float, Field(ge=0, le=5, allow_inf_nan=False)] | None = None
    range: Interval = (-4.0, 4.0)
    points: int = Field(161, ge=2, le=LIMITS.max_activation_points)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _known("activation", value, ACTIVATIONS)

    @model_validator(mode="after")
    def _valid(self) -> ActivationRequest:
        lo, hi = self.range
        if not -1e3 <= lo < hi <= 1e3:
            raise ValueError("range must be [lo, hi] with -1000 ≤ lo < hi ≤ 1000")
        spec = ACTIVATIONS[self.name].alpha
        if self.alpha is not None and spec is not None and not spec.min <= self.alpha <= spec.max:
            raise ValueError(f"alpha for {self.name} must be in [{spec.min}, {spec.max}]")
        return self

    @property
    def alpha_value(self) -> float:
        spec = ACTIVATIONS[self.name].alpha
        return self.alpha if self.alpha is not None else (spec.default if spec else 0.0)


# --- responses (OpenAPI documentation; encoded with orjson by the services) ---


class ActivationCurve(BaseModel):
    z: list[float]
    f: list[float]
    df: list[float | None]


class DatasetOut(BaseModel):
    name: str
    task: Literal["binary", "multiclass", "regression"]
    n_classes: int
    input_dim: int
    x_train: list[list[float]]
    y_train: list[float]
    x_test: list[list[float]]
    y_test: list[float]
    bounds: list[tuple[float, float]]


class ModelOut(BaseModel):
    kind: str
    layers: list[tuple[int, int]]
    activation: str
    alpha: float
    parameters: int
    loss: str
    metric: Literal["accuracy", "r2"]


class HistoryOut(BaseModel):
    train_loss: list[float | None]
    test_loss: list[float | None]
    train_metric: list[float | None]
    test_metric: list[float | None]
    batch_loss: list[float | None]
    grad_norm: list[float | None]


class DecisionOut(BaseModel):
    kind: Literal["grid", "curve"]
    value: Literal["probability", "class", "prediction"]
    step: int
    x: list[float]
    y: list[float] | None = None
    z: list[Any]
    confidence: list[list[float]] | None = None


class InterpolationOut(BaseModel):
    alpha: list[float]
    loss: list[float | None]
    test_loss: list[float | None]


class LandscapeOut(BaseModel):
    directions: Literal["random", "pca", "exact"]
    axes: tuple[str, str]
    a: list[float]
    b: list[float]
    z: list[list[float | None]]
    z_min: float | None
    z_max: float | None
    path: list[tuple[float, float]]
    path_steps: list[int]
    explained_variance: list[float] | None = None
    optimum: tuple[float, float] | None = None
    interpolation: InterpolationOut


class DensityOut(BaseModel):
    x: list[float]
    y: list[float | None]


class CurvatureOut(BaseModel):
    steps: list[int]
    sharpness: list[float | None]
    top_eigenvalues: list[float | None]
    density: DensityOut | None


class NetworkResponse(BaseModel):
    dataset: DatasetOut
    model: ModelOut
    optimizer: dict[str, Any]
    batch_size: int
    batches_per_epoch: int
    status: Literal["completed", "diverged"]
    steps_taken: int
    diverged_at: int | None
    history: HistoryOut
    final: dict[str, float | None]
    parameters: dict[str, list[float]] | None
    decision: DecisionOut | None
    landscape: LandscapeOut | None
    landscape_error: str | None = None
    curvature: CurvatureOut | None = None
    timing: dict[str, float]
