"""Request and response models. Every size and number is bounded.

Requests are validated here against the catalogs (surfaces, optimizers and
their hyperparameter specs), so a bad request becomes a 422 that names what is
valid, before any computation starts. Responses are encoded by the services
with orjson; the response models below document them in the OpenAPI schema
and type the WebSocket frames.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from thalweg.compute.expressions import ExpressionError, compile_expression
from thalweg.compute.optimizers import OPTIMIZERS, Hyperparameter
from thalweg.compute.surfaces import SURFACES
from thalweg.config import get_settings
from thalweg.openapi import (
    optimizer_id_schema,
    run_spec_schema,
    surface_id_schema,
    surface_params_schema,
)

LIMITS = get_settings()
COORDINATE_BOUND = 1e6

Finite = Annotated[float, Field(allow_inf_nan=False)]
Coordinate = Annotated[float, Field(ge=-COORDINATE_BOUND, le=COORDINATE_BOUND, allow_inf_nan=False)]
Point = tuple[Coordinate, Coordinate]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Domain(Strict):
    """A rectangle [x₀, x₁] × [y₀, y₁]."""

    x: tuple[Coordinate, Coordinate]
    y: tuple[Coordinate, Coordinate]

    @model_validator(mode="after")
    def _ordered(self) -> Domain:
        for name, (lo, hi) in (("x", self.x), ("y", self.y)):
            if not hi - lo > 1e-9 * max(1.0, abs(lo), abs(hi)):
                raise ValueError(f"domain.{name} must be an interval [lo, hi] with lo < hi")
        return self

    def as_tuple(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return (self.x, self.y)


def _compiles(text: str) -> str:
    try:
        compile_expression(text)
    except ExpressionError as error:
        raise PydanticCustomError(
            "expression",
            "{message} (column {column})",
            {"message": error.message, "column": error.column, "code": error.code} | error.params,
        ) from None
    return text


ExpressionText = Annotated[
    str,
    Field(
        max_length=LIMITS.max_expression_length,
        examples=["(1-x)^2 + 100*(y-x^2)^2", "x^2 + 3*sin(y)"],
        description="f(x, y) as students write it: + - * / ^, functions such as sin, exp, log",
    ),
    AfterValidator(_compiles),
]


class ExpressionSurface(Strict):
    """A user-typed surface f(x, y), e.g. ``x**2 + 3*sin(y)``."""

    expression: ExpressionText
    domain: Domain


SurfaceId = Annotated[str, Field(max_length=64), WithJsonSchema(surface_id_schema())]


def _check_surface_id(value: str | ExpressionSurface) -> str | ExpressionSurface:
    if isinstance(value, str) and value not in SURFACES:
        raise PydanticCustomError(
            "unknown_surface",
            "unknown surface '{surface}'; valid: {valid}",
            {"surface": value, "valid": ", ".join(SURFACES)},
        )
    return value


class SurfaceRequest(Strict):
    """Fields shared by every request about a surface."""

    surface: Annotated[
        Annotated[SurfaceId, Tag("id")] | Annotated[ExpressionSurface, Tag("expression")],
        Discriminator(lambda v: "id" if isinstance(v, str) else "expression"),
    ]
    surface_params: Annotated[
        dict[Annotated[str, Field(max_length=32)], Finite] | None,
        WithJsonSchema(surface_params_schema()),
    ] = Field(default=None, max_length=8)

    @field_validator("surface")
    @classmethod
    def _known_surface(cls, value):
        return _check_surface_id(value)

    @model_validator(mode="after")
    def _known_params(self) -> SurfaceRequest:
        if not self.surface_params:
            return self
        specs = (
            {p.name: p for p in SURFACES[self.surface].params}
            if isinstance(self.surface, str)
            else {}
        )
        for name, value in self.surface_params.items():
            if name not in specs:
                raise ValueError(
                    f"unknown surface parameter {name!r}; valid: {', '.join(specs) or 'none'}"
                )
            spec = specs[name]
            if not spec.min <= value <= spec.max:
                raise PydanticCustomError(
                    "surface_parameter_range",
                    "surface parameter {name}={value} outside [{min}, {max}]",
                    {"name": name, "value": value, "min": spec.min, "max": spec.max},
                )
        return self


def _check_hyperparameter(h: Hyperparameter, value: float) -> None:
    if not h.min <= value <= h.max:
        raise PydanticCustomError(
            "hyperparameter_range",
            "{name}={value} outside [{min}, {max}]",
            {"name": h.name, "value": value, "min": f"{h.min:g}", "max": f"{h.max:g}"},
        )
    if h.scale in ("int", "bool") and value != math.floor(value):
        raise ValueError(f"{h.name} must be an integer (got {value})")


def _check_optimizer(value: str) -> str:
    if value not in OPTIMIZERS:
        raise PydanticCustomError(
            "unknown_optimizer",
            "unknown optimizer '{optimizer}'; valid: {valid}",
            {"optimizer": value, "valid": ", ".join(OPTIMIZERS)},
        )
    return value


def check_hyperparameters(optimizer: str, values: Mapping[str, float]) -> None:
    """Names and ranges of one optimizer's hyperparameters (run requests and networks)."""
    specs = {h.name: h for h in OPTIMIZERS[optimizer].hyperparameters}
    for name, value in values.items():
        if name not in specs:
            raise ValueError(
                f"unknown hyperparameter {name!r} for {optimizer}; valid: {', '.join(specs)}"
            )
        _check_hyperparameter(specs[name], value)


OptimizerId = Annotated[str, Field(max_length=32), WithJsonSchema(optimizer_id_schema())]
Hyperparameters = Annotated[
    dict[Annotated[str, Field(max_length=32)], Finite],
    Field(max_length=16, examples=[{"lr": 0.05}]),
]


class RunSpec(Strict):
    """One optimizer run; missing hyperparameters take the catalog's defaults."""

    optimizer: OptimizerId
    hyperparameters: Hyperparameters = Field(default_factory=dict)

    _known_optimizer = field_validator("optimizer")(classmethod(lambda cls, v: _check_optimizer(v)))

    @model_validator(mode="after")
    def _valid_hyperparameters(self) -> RunSpec:
        check_hyperparameters(self.optimizer, self.hyperparameters)
        return self

    def filled(self) -> dict[str, float]:
        """All hyperparameters, defaults filled in."""
        return {**OPTIMIZERS[self.optimizer].defaults(), **self.hyperparameters}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return run_spec_schema()  # each optimizer with its own hyperparameters (openapi.py)


ARRAY_NAMES = ("points", "losses", "gradients", "updates", "momenta")
ArrayName = Literal["points", "losses", "gradients", "updates", "momenta"]


def _example(**body: object) -> ConfigDict:
    """A request body /docs offers for "Try it out" (its own, generated from the schema,
    would list one run of every optimizer and a parameter of every surface)."""
    return ConfigDict(json_schema_extra={"examples": [body]})


class TrajectoryRequest(SurfaceRequest):
    model_config = _example(
        surface="rosenbrock",
        start=[-1.5, 2],
        steps=500,
        runs=[
            {"optimizer": "adam", "hyperparameters": {"lr": 0.05}},
            {"optimizer": "momentum", "hyperparameters": {"lr": 0.001}},
        ],
    )

    start: Point | None = Field(default=None, description="default: the surface's start")
    steps: int = Field(default=200, ge=1, le=LIMITS.max_steps)
    tolerance: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = Field(
        default=LIMITS.default_tolerance, description="stop as converged when ‖∇f‖ < tolerance"
    )
    runs: list[RunSpec] = Field(min_length=1, max_length=LIMITS.max_runs)
    include: set[ArrayName] = Field(
        default=set(ARRAY_NAMES),
        description="arrays to return per run (points are always sent); fewer is faster",
    )


class RateRange(Strict):
    min: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)]
    max: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)]
    count: int = Field(ge=2, le=LIMITS.max_sweep_rates)

    @model_validator(mode="after")
    def _ordered(self) -> RateRange:
        if self.min >= self.max:
            raise ValueError("learning_rates.min must be below learning_rates.max")
        return self


class SweepRequest(SurfaceRequest):
    model_config = _example(
        surface="himmelblau",
        steps=300,
        optimizer="adam",
        learning_rates={"min": 0.001, "max": 1, "count": 32},
    )

    start: Point | None = None
    steps: int = Field(default=200, ge=1, le=LIMITS.max_steps)
    tolerance: Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)] = LIMITS.default_tolerance
    optimizer: OptimizerId
    hyperparameters: Hyperparameters = Field(default_factory=dict)
    learning_rates: (
        Annotated[
            list[Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)]],
            Field(min_length=1, max_length=LIMITS.max_sweep_rates),
        ]
        | RateRange
    ) = Field(default_factory=lambda: RateRange(min=1e-4, max=1.0, count=32))

    _known_optimizer = field_validator("optimizer")(classmethod(lambda cls, v: _check_optimizer(v)))

    @model_validator(mode="after")
    def _valid_run(self) -> SweepRequest:
        check_hyperparameters(self.optimizer, self.hyperparameters)
        if "lr" not in OPTIMIZERS[self.optimizer].defaults():
            raise ValueError(f"{self.optimizer} has no learning rate to sweep")
        return self

    def run(self) -> RunSpec:
        return RunSpec(optimizer=self.optimizer, hyperparameters=self.hyperparameters)


class LandscapeRequest(SurfaceRequest):
    model_config = _example(surface="ill_conditioned", surface_params={"kappa": 20}, resolution=64)

    domain: Domain | None = Field(default=None, description="default: the surface's domain")
    resolution: int = Field(default=200, ge=2, le=LIMITS.max_resolution)
    arrows: int = Field(default=20, ge=0, le=LIMITS.max_arrows)


class GraphRequest(Strict):
    """An expression's computation graph at a point (forward values, backward adjoints)."""

    model_config = _example(expression="(1-x)^2 + 100*(y-x^2)^2", point=[-1.5, 2])

    expression: ExpressionText
    point: Point


class GradientCheckRequest(SurfaceRequest):
    model_config = _example(surface="beale", point=[1, 1])

    point: Point | None = Field(default=None, description="default: the surface's start")


# --- responses (documentation and frame types; encoded with orjson) -----------


class MinimumOut(BaseModel):
    x: float
    y: float
    value: float


class SurfaceParamOut(BaseModel):
    name: str
    default: float
    min: float
    max: float
    scale: str
    description: str


class SurfaceOut(BaseModel):
    id: str
    name: str
    formula: str
    description: str
    domain: dict[str, tuple[float, float]]
    minima: list[MinimumOut]
    start: tuple[float, float]
    log_scale: bool
    params: list[SurfaceParamOut]
    kind: Literal["minimise", "game"] = Field(
        description='"game": min over x, max over y (the GDA optimizers\' convention);'
        " its minima are then its equilibria and its value is the game's value V"
    )
    axes: tuple[str, str] = Field(description="axis titles: x, y, or a game's players")


class HyperparameterOut(BaseModel):
    name: str
    default: float
    min: float
    max: float
    scale: Literal["log", "linear", "int", "bool"]
    description: str


class OptimizerOut(BaseModel):
    id: str
    name: str
    hyperparameters: list[HyperparameterOut]
    update_rule: str
    reference: str
    convention: str
    has_momentum: bool
    maps: bool = Field(description="available on stability and basin maps")


Status = Literal["converged", "diverged", "max_steps"]


class RunOut(BaseModel):
    optimizer: str
    hyperparameters: dict[str, float]
    points: list[tuple[float, float]]
    losses: list[float]
    gradients: list[tuple[float, float]]
    updates: list[tuple[float, float]]
    momenta: list[tuple[float, float]] | None = None
    status: Status
    steps_taken: int
    diverged_at: int | None = Field(None, description="the step that left the finite domain")


class TrajectoryResponse(BaseModel):
    runs: list[RunOut]


class ArrowsOut(BaseModel):
    x: list[float]
    y: list[float]
    u: list[float]
    v: list[float]


class LandscapeResponse(BaseModel):
    x: list[float]
    y: list[float]
    z: list[list[float | None]]
    arrows: ArrowsOut
    log_scale: bool
    z_min: float | None
    z_max: float | None


class SweepRateOut(BaseModel):
    lr: float
    final_loss: float | None
    status: Status
    steps_taken: int
    steps_to_tolerance: int | None


class SweepResponse(BaseModel):
    optimizer: str
    results: list[SweepRateOut]
    best: SweepRateOut | None


class GradientCheckResponse(BaseModel):
    """∇f at ``point`` by JAX and by finite differences, one estimate per step δ."""

    point: tuple[float, float]
    value: float
    analytic: tuple[float, float]
    deltas: list[float]
    forward: list[tuple[float, float]] = Field(description="(f(w + δeᵢ) − f(w)) / δ")
    central: list[tuple[float, float]] = Field(description="(f(w + δeᵢ) − f(w − δeᵢ)) / 2δ")
    forward_error: list[float] = Field(description="‖g − ∇f‖ / max(‖g‖, ‖∇f‖)")
    central_error: list[float]


class GraphNodeOut(BaseModel):
    label: str
    kind: Literal["input", "constant", "operation"]
    children: list[int] = Field(description="indices of the operands, left to right")
    value: float | None = Field(description="forward pass")
    adjoint: float | None = Field(description="backward pass: ∂f/∂(this node)")
    local: list[float | None] = Field(description="∂(this node)/∂(each operand)")


class GraphResponse(BaseModel):
    """Nodes with operands first and the root last; the gradient summed over the leaves."""

    nodes: list[GraphNodeOut]
    point: tuple[float, float]
    gradient: tuple[float | None, float | None] = Field(description="Σ adjoints of x, of y")
    jax_gradient: tuple[float | None, float | None] = Field(description="jax.grad(f), the same")


class ErrorOut(BaseModel):
    """A 422: pydantic's list of errors (each with ``type`` and ``ctx``), or a message.

    A message may come with ``code`` and ``params``, which name it for a client
    that translates (the English ``detail`` stays the same).
    """

    detail: Any
    code: str | None = None
    params: dict[str, Any] | None = None


class SceneMessage(Strict):
    """WebSocket client -> server: compute this scene (cancels the one in flight)."""

    type: Literal["scene"]
    id: int = Field(ge=0, le=2**53)
    landscape: LandscapeRequest | None = None
    trajectories: TrajectoryRequest | None = None
