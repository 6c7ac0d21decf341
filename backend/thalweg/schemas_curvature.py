"""Requests and responses of the curvature routes: local curvature, stability and basin maps.

Surfaces, optimizers and hyperparameters are checked as in ``schemas.py``; a
map's work (runs × steps × the costs of its optimizer and surface, and its
compiles) is priced by the service against the shared work budget.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.schemas import (
    LIMITS,
    Domain,
    Finite,
    Hyperparameters,
    OptimizerId,
    Point,
    RunSpec,
    Status,
    Strict,
    SurfaceRequest,
    _check_optimizer,
    check_hyperparameters,
)

CURVATURE = LIMITS.curvature
Tolerance = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]


class CurvatureRequest(SurfaceRequest):
    point: Point
    points: list[Point] | None = Field(
        default=None,
        max_length=CURVATURE.max_points,
        description="a path w_0, w_1, …: its eigenvalues are returned as path_eigenvalues",
    )


class Axis(Strict):
    """One axis of a stability map: a continuous hyperparameter from ``min`` to ``max``."""

    name: Annotated[str, Field(max_length=32, examples=["lr"])]
    min: Finite
    max: Finite
    count: int = Field(ge=2, le=CURVATURE.max_axis_count)
    scale: Literal["log", "linear"] = "linear"

    @model_validator(mode="after")
    def _ordered(self) -> Axis:
        if not self.min < self.max:
            raise ValueError(f"axis {self.name}: min must be below max")
        if self.scale == "log" and self.min <= 0:
            raise ValueError(f"axis {self.name}: a log axis needs min > 0")
        return self


class OptimizerRun(SurfaceRequest):
    """One optimizer with fixed hyperparameters, run from many starts or settings."""

    optimizer: OptimizerId
    hyperparameters: Hyperparameters = Field(default_factory=dict)
    steps: int = Field(default=200, ge=1, le=LIMITS.max_steps)
    tolerance: Tolerance = Field(
        default=LIMITS.default_tolerance, description="converged when ‖∇f‖ < tolerance"
    )

    _known_optimizer = field_validator("optimizer")(classmethod(lambda cls, v: _check_optimizer(v)))

    def run(self) -> RunSpec:
        return RunSpec(optimizer=self.optimizer, hyperparameters=self.hyperparameters)

    @model_validator(mode="after")
    def _valid_run(self) -> OptimizerRun:
        check_hyperparameters(self.optimizer, self.hyperparameters)
        if self.optimizer not in CURVATURE.map_step_cost:
            raise ValueError(
                f"{self.optimizer} is too costly for a map of runs;"
                f" available: {', '.join(CURVATURE.map_step_cost)}"
            )
        # The noisy program alone compiled in 1.8-2.1 s of CPU for a grid here.
        if self.hyperparameters.get("noise", 0) > 0:
            raise ValueError("gradient noise is not available on maps: use noise 0")
        return self


class StabilityRequest(OptimizerRun):
    start: Point | None = Field(default=None, description="default: the surface's start")
    x: Axis
    y: Axis

    @model_validator(mode="after")
    def _valid_axes(self) -> StabilityRequest:
        specs = {h.name: h for h in OPTIMIZERS[self.optimizer].hyperparameters}
        continuous = [
            h.name for h in specs.values() if h.scale in ("log", "linear") and h.name != "noise"
        ]
        if self.x.name == self.y.name:
            raise ValueError("x and y must be different hyperparameters")
        for axis in (self.x, self.y):
            if axis.name == "noise":
                raise ValueError("gradient noise is not available on maps: it cannot be an axis")
            if axis.name in specs and axis.name not in continuous:
                raise ValueError(
                    f"{axis.name} of {self.optimizer} is an integer or a switch (switches and"
                    " sizes shape the compiled program), so it cannot be a map axis;"
                    f" valid axes: {', '.join(continuous)}"
                )
            check_hyperparameters(self.optimizer, {axis.name: axis.min})
            check_hyperparameters(self.optimizer, {axis.name: axis.max})
        return self


class BasinsRequest(OptimizerRun):
    resolution: int = Field(default=128, ge=2, le=CURVATURE.max_basin_resolution)
    domain: Domain | None = Field(default=None, description="default: the surface's domain")


# --- responses (documentation; encoded with orjson) ---------------------------


class PolyakOut(BaseModel):
    lr: float
    momentum: float


Pair = tuple[float | None, float | None]


class GameOut(BaseModel):
    """A game's field F = (−∂V/∂x, +∂V/∂y) at ``point`` (compute/game_jacobian.py)."""

    jacobian: tuple[Pair, Pair] = Field(description="J = DF = [[−V_xx, −V_xy], [V_yx, V_yy]]")
    eigenvalues: tuple[Pair, Pair] = Field(
        description="[[Re λ1, Im λ1], [Re λ2, Im λ2]] of J, ascending by (Re, Im)"
    )
    gda_stable_lr: float | None = Field(
        description="simultaneous GDA is stable iff η < min −2 Re λ_i/|λ_i|²;"
        " null if some Re λ_i ≥ 0 (no step converges)"
    )


class CurvatureResponse(BaseModel):
    """∇²f at ``point``; ``eigenvectors[i]`` (unit length) belongs to ``eigenvalues[i]``.

    On a game surface ``gd_stable_lr`` and ``polyak`` are null, ``game`` holds
    the Jacobian of the descent–ascent field, and a path comes as
    ``path_jacobians`` and ``path_game_eigenvalues`` instead of the Hessian's.
    """

    point: tuple[float, float]
    hessian: tuple[tuple[float | None, float | None], tuple[float | None, float | None]]
    eigenvalues: tuple[float | None, float | None] = Field(description="ascending")
    eigenvectors: tuple[tuple[float | None, float | None], tuple[float | None, float | None]]
    gd_stable_lr: float | None = Field(description="2/λmax; null if λmax ≤ 0")
    polyak: PolyakOut | None = Field(
        description="heavy ball's fastest (η, β) on the local quadratic model; null unless λmin > 0"
    )
    path_eigenvalues: list[tuple[float | None, float | None]] | None = Field(
        None, description="[λ1, λ2] at each of ``points``"
    )
    path_eigenvectors: (
        list[tuple[tuple[float | None, float | None], tuple[float | None, float | None]]] | None
    ) = Field(None, description="[q1, q2] at each of ``points``, q_i belonging to λ_i")
    game: GameOut | None = Field(None, description="only on a game surface")
    path_jacobians: list[tuple[Pair, Pair]] | None = Field(
        None, description="a game's J at each of ``points``"
    )
    path_game_eigenvalues: list[tuple[Pair, Pair]] | None = Field(
        None, description="a game's [[Re λ1, Im λ1], [Re λ2, Im λ2]] at each of ``points``"
    )


class StabilityResponse(BaseModel):
    """Grids y-major: ``status[j][i]`` is the run with ``x[i]`` and ``y[j]``."""

    x: list[float]
    y: list[float]
    final_loss: list[list[float | None]] = Field(description="null where diverged")
    status: list[list[Status]]
    steps_taken: list[list[int]]


class BasinsResponse(BaseModel):
    """Grids y-major: ``minimum[j][i]`` belongs to the start ``(x[i], y[j])``."""

    x: list[float]
    y: list[float]
    minimum: list[list[int]] = Field(
        description="index into minima; −1 diverged, −2 not converged, −3 converged elsewhere"
    )
    steps_taken: list[list[int]]
    minima: list[tuple[float, float]]
    known_minima: int = Field(description="the first this many minima are the catalog's")
