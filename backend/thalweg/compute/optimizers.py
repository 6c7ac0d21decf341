"""The optimizer catalog: id -> optax transformation + hyperparameter specs.

One spec per optimizer drives request validation, the OpenAPI schema and the
UI's sliders. Names, meanings and defaults follow ``torch.optim`` wherever torch
has the optimizer (``beta1``/``beta2`` are torch's ``betas``). Where optax's
convention differs, ``transforms.py`` supplies the torch one; the differences
are listed in docs/optimizers.md.

``build(h)`` receives every hyperparameter: the dynamic ones as (traced) float64
arrays, the static ones (``static=True``: booleans and sizes that change the
program's structure) as Python values. The static values together with the id
form the optimizer *family*: one compiled program per (surface, family).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import jax.numpy as jnp
import optax

from thalweg.compute import transforms

Scale = Literal["log", "linear", "int", "bool"]


@dataclass(frozen=True)
class Hyperparameter:
    """A tunable hyperparameter with its range and slider scale."""

    name: str
    default: float
    min: float
    max: float
    scale: Scale
    description: str
    static: bool = False  # changes the compiled program (booleans, sizes)


@dataclass(frozen=True)
class OptimizerSpec:
    """A catalog entry: how to build the optimizer and how to present it."""

    id: str
    name: str
    hyperparameters: tuple[Hyperparameter, ...]
    update_rule: str  # LaTeX
    reference: str
    build: Callable[[Mapping[str, Any]], optax.GradientTransformationExtraArgs]
    moment_field: str | None = None  # first-moment field of the state, for arrows
    convention: str = ""  # how it relates to torch.optim / Keras
    game: bool = False  # for min-max games on (x, y): ascends in y, meaningless for a loss

    def defaults(self) -> dict[str, float]:
        return {h.name: h.default for h in self.hyperparameters}

    def family(self, values: Mapping[str, float]) -> tuple[str, tuple[tuple[str, Any], ...]]:
        """The compile key: the id and the static hyperparameter values."""
        return self.id, tuple(
            (h.name, _static_value(h, values[h.name])) for h in self.hyperparameters if h.static
        )


def _static_value(h: Hyperparameter, value: float) -> bool | int:
    return bool(value) if h.scale == "bool" else int(value)


def lr(default: float, what: str = "learning rate η") -> Hyperparameter:
    return Hyperparameter("lr", default, 1e-6, 10.0, "log", what)


def weight_decay(default: float = 0.0, decoupled: bool = False) -> Hyperparameter:
    kind = "decoupled weight decay (AdamW)" if decoupled else "L2 penalty λ added to the gradient"
    return Hyperparameter("weight_decay", default, 0.0, 1.0, "linear", kind)


def eps(default: float) -> Hyperparameter:
    return Hyperparameter("eps", default, 1e-12, 1.0, "log", "ε for numerical stability")


BETA1 = Hyperparameter("beta1", 0.9, 0.0, 0.9999, "linear", "β₁, decay of the first moment")
BETA2 = Hyperparameter("beta2", 0.999, 0.0, 0.99999, "linear", "β₂, decay of the second moment")
MOMENTUM = Hyperparameter("momentum", 0.9, 0.0, 0.9999, "linear", "momentum μ")
# Every optimizer also takes these two; they act on the gradient, not the rule.
NOISE = Hyperparameter(
    "noise", 0.0, 0.0, 100.0, "linear", "std. dev. σ of Gaussian noise added to each gradient"
)
SEED = Hyperparameter("seed", 0, 0, 2**31 - 1, "int", "seed of the gradient noise")


def _l2(h: Mapping[str, Any]) -> optax.GradientTransformation:
    """torch's (coupled) weight decay: g ← g + λw before the rule."""
    return optax.add_decayed_weights(h["weight_decay"])


def _sgd(h: Mapping[str, Any], nesterov: bool = False) -> optax.GradientTransformationExtraArgs:
    return optax.chain(
        _l2(h),
        transforms.scale_by_torch_momentum(
            h.get("momentum", 0.0), h.get("dampening", 0.0), nesterov
        ),
        optax.scale_by_learning_rate(h["lr"]),
    )


def _adagrad(h: Mapping[str, Any]) -> optax.GradientTransformationExtraArgs:
    def decayed_lr(count):
        return h["lr"] / (1 + count * h["lr_decay"])

    return optax.chain(
        _l2(h),
        transforms.scale_by_torch_adagrad(h["initial_accumulator_value"], h["eps"]),
        optax.scale_by_learning_rate(decayed_lr),
    )


def _rmsprop(h: Mapping[str, Any]) -> optax.GradientTransformationExtraArgs:
    return optax.chain(
        _l2(h),
        optax.rmsprop(
            h["lr"],
            decay=h["alpha"],
            eps=h["eps"],
            eps_in_sqrt=False,
            centered=h["centered"],
            momentum=h["momentum"],
        ),
    )


def _adam_like(rule: Callable[..., optax.GradientTransformation], h: Mapping[str, Any]):
    return optax.chain(
        _l2(h),
        rule(h["beta1"], h["beta2"], h["eps"]),
        optax.scale_by_learning_rate(h["lr"]),
    )


def _adam_scaling(b1, b2, eps):
    return optax.scale_by_adam(b1, b2, eps)


def _armijo(h: Mapping[str, Any]) -> optax.GradientTransformationExtraArgs:
    return optax.chain(
        optax.scale(-1.0),
        optax.scale_by_backtracking_linesearch(
            max_backtracking_steps=int(h["max_backtracking"]),
            slope_rtol=h["c1"],
            decrease_factor=h["beta"],
            increase_factor=math.inf,  # every step starts again from α₀, as in the slides
            max_learning_rate=h["lr"],
        ),
    )


def _lbfgs(h: Mapping[str, Any]) -> optax.GradientTransformationExtraArgs:
    return optax.lbfgs(memory_size=int(h["memory_size"]))


def _gda(h: Mapping[str, Any], optimistic: bool) -> optax.GradientTransformationExtraArgs:
    flip = transforms.flip_ascent_coordinates(jnp.asarray([False, True]))
    if optimistic:
        rule = optax.optimistic_gradient_descent(h["lr"], alpha=1.0, beta=1.0)
    else:
        rule = optax.sgd(h["lr"])
    return optax.chain(flip, rule)


_SPECS: tuple[OptimizerSpec, ...] = (
    OptimizerSpec(
        id="gd",
        name="Gradient descent",
        hyperparameters=(lr(1e-3), weight_decay()),
        update_rule=r"w_{t+1} = w_t - \eta\,\nabla f(w_t)",
        reference="Cauchy 1847; torch.optim.SGD",
        build=_sgd,
        convention="equals torch.optim.SGD(lr, weight_decay)",
    ),
    OptimizerSpec(
        id="momentum",
        name="Momentum (heavy ball)",
        hyperparameters=(
            lr(1e-3),
            MOMENTUM,
            Hyperparameter("dampening", 0.0, 0.0, 1.0, "linear", "dampening τ of the gradient"),
            weight_decay(),
        ),
        update_rule=r"b_t = \mu b_{t-1} + (1-\tau)\,g_t,\quad w_{t+1} = w_t - \eta\, b_t",
        reference="Polyak 1964; torch.optim.SGD(momentum)",
        build=_sgd,
        moment_field="momentum_buffer",
        convention="equals torch.optim.SGD(momentum, dampening); torch's default momentum is 0,"
        " ours 0.9 because momentum 0 is plain gradient descent",
    ),
    OptimizerSpec(
        id="nesterov",
        name="Nesterov momentum",
        hyperparameters=(lr(1e-3), MOMENTUM, weight_decay()),
        update_rule=r"b_t = \mu b_{t-1} + g_t,\quad w_{t+1} = w_t - \eta\,(g_t + \mu b_t)",
        reference="Nesterov 1983; Sutskever et al. 2013; torch.optim.SGD(nesterov=True)",
        build=lambda h: _sgd(h, nesterov=True),
        moment_field="momentum_buffer",
        convention="equals torch.optim.SGD(momentum, nesterov=True)",
    ),
    OptimizerSpec(
        id="adagrad",
        name="Adagrad",
        hyperparameters=(
            lr(1e-2),
            Hyperparameter("lr_decay", 0.0, 0.0, 1.0, "linear", "η_t = η / (1 + (t−1)·decay)"),
            weight_decay(),
            Hyperparameter(
                "initial_accumulator_value", 0.0, 0.0, 10.0, "linear", "G₀, start of Σg²"
            ),
            eps(1e-10),
        ),
        update_rule=r"G_t = G_{t-1} + g_t^2,\quad w_{t+1} = w_t - \frac{\eta_t\, g_t}{\sqrt{G_t} + \epsilon}",
        reference="Duchi, Hazan & Singer 2011; torch.optim.Adagrad",
        build=_adagrad,
        convention="equals torch.optim.Adagrad; optax puts ε inside the root and starts G at 0.1",
    ),
    OptimizerSpec(
        id="rmsprop",
        name="RMSProp",
        hyperparameters=(
            lr(1e-2),
            Hyperparameter("alpha", 0.99, 0.0, 0.9999, "linear", "smoothing constant α of E[g²]"),
            eps(1e-8),
            weight_decay(),
            Hyperparameter("momentum", 0.0, 0.0, 0.9999, "linear", "momentum μ"),
            Hyperparameter(
                "centered", 0, 0, 1, "bool", "divide by the variance, not E[g²]", static=True
            ),
        ),
        update_rule=r"v_t = \alpha v_{t-1} + (1-\alpha) g_t^2,\quad w_{t+1} = w_t - \frac{\eta\, g_t}{\sqrt{v_t} + \epsilon}",
        reference="Hinton, Coursera lecture 6e (2012); torch.optim.RMSprop",
        build=_rmsprop,
        moment_field="trace",
        convention="equals torch.optim.RMSprop (optax configured with ε outside the root)",
    ),
    OptimizerSpec(
        id="adadelta",
        name="Adadelta",
        hyperparameters=(
            lr(1.0, "learning rate η (scales Δw; 1 in the paper)"),
            Hyperparameter("rho", 0.9, 0.0, 0.9999, "linear", "decay ρ of the running averages"),
            eps(1e-6),
            weight_decay(),
        ),
        update_rule=r"\Delta w_t = -\frac{\sqrt{E[\Delta w^2]_{t-1} + \epsilon}}{\sqrt{E[g^2]_t + \epsilon}}\, g_t,\quad w_{t+1} = w_t + \eta\,\Delta w_t",
        reference="Zeiler 2012; torch.optim.Adadelta",
        build=lambda h: optax.chain(_l2(h), optax.adadelta(h["lr"], rho=h["rho"], eps=h["eps"])),
        convention="equals torch.optim.Adadelta",
    ),
    OptimizerSpec(
        id="adam",
        name="Adam",
        hyperparameters=(lr(1e-3), BETA1, BETA2, eps(1e-8), weight_decay()),
        update_rule=r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,\ w_{t+1} = w_t - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}",
        reference="Kingma & Ba 2015; torch.optim.Adam",
        build=lambda h: _adam_like(_adam_scaling, h),
        moment_field="mu",
        convention="equals torch.optim.Adam",
    ),
    OptimizerSpec(
        id="adamw",
        name="AdamW",
        hyperparameters=(lr(1e-3), BETA1, BETA2, eps(1e-8), weight_decay(1e-2, decoupled=True)),
        update_rule=r"w_{t+1} = w_t - \eta\left(\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon} + \lambda w_t\right)",
        reference="Loshchilov & Hutter 2019; torch.optim.AdamW",
        build=lambda h: optax.adamw(
            h["lr"], b1=h["beta1"], b2=h["beta2"], eps=h["eps"], weight_decay=h["weight_decay"]
        ),
        moment_field="mu",
        convention="equals torch.optim.AdamW (decay applied with the same η)",
    ),
    OptimizerSpec(
        id="adamax",
        name="Adamax",
        hyperparameters=(lr(2e-3), BETA1, BETA2, eps(1e-8), weight_decay()),
        update_rule=r"u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon),\quad w_{t+1} = w_t - \frac{\eta}{1-\beta_1^t}\,\frac{m_t}{u_t}",
        reference="Kingma & Ba 2015, §7; torch.optim.Adamax",
        build=lambda h: _adam_like(transforms.scale_by_torch_adamax, h),
        moment_field="mu",
        convention="equals torch.optim.Adamax; optax adds ε after the maximum",
    ),
    OptimizerSpec(
        id="nadam",
        name="NAdam",
        hyperparameters=(lr(2e-3), BETA1, BETA2, eps(1e-8), weight_decay()),
        update_rule=r"w_{t+1} = w_t - \eta\,\frac{\beta_1 \hat m_t + (1-\beta_1)\, g_t / (1-\beta_1^t)}{\sqrt{\hat v_t} + \epsilon}",
        reference="Dozat 2016, Incorporating Nesterov Momentum into Adam; optax.nadam",
        build=lambda h: optax.chain(
            _l2(h), optax.nadam(h["lr"], b1=h["beta1"], b2=h["beta2"], eps=h["eps"])
        ),
        moment_field="mu",
        convention="optax's NAdam (no momentum-decay schedule); differs from torch.optim.NAdam,"
        " which decays μ_t with momentum_decay = 4e-3",
    ),
    OptimizerSpec(
        id="amsgrad",
        name="AMSGrad",
        hyperparameters=(lr(1e-3), BETA1, BETA2, eps(1e-8), weight_decay()),
        update_rule=r"\hat v^{\max}_t = \max(\hat v^{\max}_{t-1}, v_t),\quad w_{t+1} = w_t - \eta\,\frac{\hat m_t}{\sqrt{\hat v^{\max}_t/(1-\beta_2^t)} + \epsilon}",
        reference="Reddi, Kale & Kumar 2018; torch.optim.Adam(amsgrad=True)",
        build=lambda h: _adam_like(transforms.scale_by_torch_amsgrad, h),
        moment_field="mu",
        convention="equals torch.optim.Adam(amsgrad=True); optax takes the max of the"
        " bias-corrected v̂",
    ),
    OptimizerSpec(
        id="radam",
        name="RAdam",
        hyperparameters=(lr(1e-3), BETA1, BETA2, eps(1e-8), weight_decay()),
        update_rule=r"w_{t+1} = w_t - \eta\, r_t\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}\ \text{if}\ \rho_t > 5,\ \text{else}\ w_t - \eta\,\hat m_t",
        reference="Liu et al. 2020, On the Variance of the Adaptive Learning Rate; optax.radam",
        build=lambda h: optax.chain(
            _l2(h), optax.radam(h["lr"], b1=h["beta1"], b2=h["beta2"], eps=h["eps"])
        ),
        moment_field="mu",
        convention="optax's RAdam (threshold ρ_t > 5, as torch.optim.RAdam)",
    ),
    OptimizerSpec(
        id="lion",
        name="Lion",
        hyperparameters=(
            lr(1e-4),
            BETA1,
            Hyperparameter("beta2", 0.99, 0.0, 0.99999, "linear", "β₂, decay of the momentum"),
            weight_decay(0.0, decoupled=True),
        ),
        update_rule=r"w_{t+1} = w_t - \eta\,\operatorname{sign}(\beta_1 m_{t-1} + (1-\beta_1) g_t),\quad m_t = \beta_2 m_{t-1} + (1-\beta_2) g_t",
        reference="Chen et al. 2023, Symbolic Discovery of Optimization Algorithms; optax.lion",
        build=lambda h: optax.lion(
            h["lr"], b1=h["beta1"], b2=h["beta2"], weight_decay=h["weight_decay"]
        ),
        moment_field="mu",
        convention="optax's Lion; torch has none",
    ),
    OptimizerSpec(
        id="ftrl",
        name="FTRL",
        hyperparameters=(
            lr(1e-3),
            Hyperparameter("learning_rate_power", -0.5, -5.0, 0.0, "linear", "power p of n_t"),
            Hyperparameter("initial_accumulator_value", 0.1, 0.0, 10.0, "linear", "n₀"),
            Hyperparameter("l1", 0.0, 0.0, 10.0, "linear", "L1 strength ℓ₁"),
            Hyperparameter("l2", 0.0, 0.0, 10.0, "linear", "L2 strength ℓ₂"),
            Hyperparameter("l2_shrinkage", 0.0, 0.0, 10.0, "linear", "L2 shrinkage strength"),
            Hyperparameter("beta", 0.0, 0.0, 10.0, "linear", "β of the FTRL-Proximal paper"),
        ),
        update_rule=r"w_{t+1} = \frac{\operatorname{clip}(z_t, -\ell_1, \ell_1) - z_t}{n_t^{-p}/\eta + 2\ell_2}",
        reference="McMahan et al. 2013, Ad Click Prediction; keras.optimizers.Ftrl",
        build=lambda h: transforms.ftrl(
            h["lr"],
            h["learning_rate_power"],
            h["initial_accumulator_value"],
            h["l1"],
            h["l2"],
            h["l2_shrinkage"],
            h["beta"],
        ),
        convention="follows keras.optimizers.Ftrl",
    ),
    OptimizerSpec(
        id="newton",
        name="Newton (damped)",
        hyperparameters=(
            lr(1.0, "step size η (1 = full Newton step)"),
            Hyperparameter("damping", 1e-3, 1e-8, 100.0, "log", "λ added to the Hessian"),
        ),
        update_rule=r"w_{t+1} = w_t - \eta\,(\nabla^2 f(w_t) + \lambda I)^{-1} \nabla f(w_t)",
        reference="Nocedal & Wright, Numerical Optimization, §3.4",
        build=lambda h: transforms.damped_newton(h["lr"], h["damping"]),
        convention="second order: uses the exact Hessian from jax.hessian",
    ),
    OptimizerSpec(
        id="armijo",
        name="Steepest descent + Armijo line search",
        hyperparameters=(
            lr(1.0, "initial step α₀ tried at every step"),
            Hyperparameter(
                "c1", 1e-4, 1e-8, 0.5, "log", "Armijo constant c₁ (sufficient decrease)"
            ),
            Hyperparameter("beta", 0.5, 0.05, 0.95, "linear", "backtracking factor: α ← βα"),
            Hyperparameter(
                "max_backtracking", 30, 1, 60, "int", "most halvings per step", static=True
            ),
        ),
        update_rule=r"\alpha_k = \max\{\alpha_0 \beta^j : f(w_k - \alpha_0\beta^j g_k) \le f(w_k) - c_1 \alpha_0\beta^j \|g_k\|^2\},\quad w_{k+1} = w_k - \alpha_k g_k",
        reference="Armijo 1966; Nocedal & Wright, Algorithm 3.1; optax.scale_by_backtracking_linesearch",
        build=_armijo,
        convention="backtracking from α₀ at every step (optax with increase_factor = ∞)",
    ),
    OptimizerSpec(
        id="lbfgs",
        name="L-BFGS",
        hyperparameters=(
            Hyperparameter("memory_size", 10, 1, 50, "int", "pairs (s, y) kept", static=True),
        ),
        update_rule=r"w_{t+1} = w_t - \alpha_t H_t \nabla f(w_t),\ H_t \text{ from the last } m \text{ pairs } (s_i, y_i)",
        reference="Liu & Nocedal 1989; optax.lbfgs with a zoom (strong Wolfe) line search",
        build=_lbfgs,
        convention="optax's L-BFGS; step sizes from the zoom line search",
    ),
    OptimizerSpec(
        id="gda",
        name="Gradient descent–ascent",
        hyperparameters=(lr(1e-2),),
        update_rule=r"x_{t+1} = x_t - \eta\,\partial_x f,\quad y_{t+1} = y_t + \eta\,\partial_y f",
        reference="Goodfellow et al. 2014 (GAN training); min over x, max over y",
        build=lambda h: _gda(h, optimistic=False),
        convention="descends in x and ascends in y: spirals outwards on f = x·y",
        game=True,
    ),
    OptimizerSpec(
        id="optimistic_gda",
        name="Optimistic GDA",
        hyperparameters=(lr(1e-2),),
        update_rule=r"z_{t+1} = z_t - 2\eta\, F(z_t) + \eta\, F(z_{t-1}),\quad F = (\partial_x f, -\partial_y f)",
        reference="Daskalakis et al. 2018, Training GANs with Optimism; optax.optimistic_gradient_descent",
        build=lambda h: _gda(h, optimistic=True),
        convention="min over x, max over y; converges on f = x·y where plain GDA spirals out",
        game=True,
    ),
    OptimizerSpec(
        id="alternating_gda",
        name="Alternating GDA",
        hyperparameters=(lr(1e-2),),
        update_rule=r"y_{t+1} = y_t + \eta\,\partial_y f(x_t, y_t),\quad x_{t+1} = x_t - \eta\,\partial_x f(x_t, y_{t+1})",
        reference="Mescheder, Geiger & Nowozin 2018, Which Training Methods for GANs do"
        " actually Converge?; Gidel et al. 2019",
        build=lambda h: transforms.alternating_gradient_descent_ascent(h["lr"]),
        convention="y (discriminator) steps first, x (generator) answers from the new y;"
        " cycles on the Dirac GAN where simultaneous GDA spirals out",
        game=True,
    ),
)

OPTIMIZERS: Mapping[str, OptimizerSpec] = MappingProxyType(
    {
        spec.id: OptimizerSpec(
            **{**spec.__dict__, "hyperparameters": (*spec.hyperparameters, NOISE, SEED)}
        )
        for spec in _SPECS
    }
)


def get_optimizer(optimizer_id: str) -> OptimizerSpec:
    try:
        return OPTIMIZERS[optimizer_id]
    except KeyError:
        raise KeyError(
            f"unknown optimizer {optimizer_id!r}; valid: {', '.join(OPTIMIZERS)}"
        ) from None


def build(spec: OptimizerSpec, values: Mapping[str, Any]) -> optax.GradientTransformationExtraArgs:
    """The optax transformation for ``values`` (dynamic ones may be traced arrays)."""
    static = dict(spec.family(values)[1])
    return optax.with_extra_args_support(spec.build({**values, **static}))
