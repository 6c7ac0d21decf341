"""The two players: MLPs from ``compute/nets``, the GAN losses and the penalties.

Generator G: z ∈ ℝ^d (d = 1…8, z ~ N(0, I)) -> x ∈ ℝ², an MLP with a linear
output. Discriminator D: x ∈ ℝ² -> a score s(x) ∈ ℝ, an MLP with a linear
output; the log losses read it as a logit, D(x) = σ(s(x)). Both are
``models.ModelSpec`` MLPs applied by ``models.apply`` on flat parameters.

Losses, written per sample on the scores s_r = s(x_real), s_f = s(G(z)),
L_D = E[ℓ_r(s_r)] + E[ℓ_f(s_f)], L_G = E[ℓ_g(s_f)]:

* ``minimax``        ℓ_r = −log σ(s), ℓ_f = −log(1 − σ(s)), ℓ_g = log(1 − σ(s))
  (Goodfellow et al. 2014, the value function; saturates when D wins);
* ``non_saturating`` the same D, ℓ_g = −log σ(s) (Goodfellow et al. 2014, §3);
* ``least_squares``  ℓ_r = ½(s − 1)², ℓ_f = ½s², ℓ_g = ½(s − 1)² (Mao et al. 2017,
  LSGAN with a = 0, b = c = 1);
* ``wasserstein``    ℓ_r = −s, ℓ_f = s, ℓ_g = −s (Arjovsky et al. 2017; with
  the ``gp`` penalty it is WGAN-GP, Gulrajani et al. 2017).

Penalties on D (added to L_D, weight w):

* ``r1``  (γ/2)·E_real ‖∇ₓ s(x)‖² (Mescheder, Geiger & Nowozin 2018, eq. 9);
* ``gp``  λ·E_x̂ (‖∇ₓ s(x̂)‖ − 1)², x̂ = εx_r + (1 − ε)x_f, ε ~ U(0, 1) (Gulrajani et al.
  2017, Algorithm 1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import jax
import jax.numpy as jnp

from thalweg.compute.nets.models import ModelSpec, apply, unflatten
from thalweg.compute.nets.objective import masked_mean
from thalweg.compute.optimizers import OPTIMIZERS

PerSample = Callable[[jax.Array], jax.Array]


class Batch(NamedTuple):
    """One step's draws; ``mask`` is 1 on the first ``batch_size`` rows of the padded batch."""

    real: jax.Array  # (B, 2) real samples
    z: jax.Array  # (B, d) noise
    eps: jax.Array  # (B,) ε of the gradient penalty's interpolation
    mask: jax.Array  # (B,)


@dataclass(frozen=True)
class GanLoss:
    name: str
    title: str
    real: PerSample  # ℓ_r, D's loss on a real sample's score
    fake: PerSample  # ℓ_f, D's loss on a fake sample's score
    generator: PerSample  # ℓ_g, G's loss on a fake sample's score
    probability: bool  # D(x) = σ(s) is a probability (log losses); else the raw score
    reference: str


_LOSSES = (
    GanLoss(
        "minimax",
        "Minimax (original)",
        lambda s: jax.nn.softplus(-s),
        jax.nn.softplus,
        lambda s: -jax.nn.softplus(s),
        True,
        "Goodfellow et al. 2014, Generative Adversarial Nets, eq. 1",
    ),
    GanLoss(
        "non_saturating",
        "Non-saturating",
        lambda s: jax.nn.softplus(-s),
        jax.nn.softplus,
        lambda s: jax.nn.softplus(-s),
        True,
        "Goodfellow et al. 2014, §3 (maximise log D(G(z)))",
    ),
    GanLoss(
        "least_squares",
        "Least squares (LSGAN)",
        lambda s: 0.5 * (s - 1.0) ** 2,
        lambda s: 0.5 * s**2,
        lambda s: 0.5 * (s - 1.0) ** 2,
        False,
        "Mao et al. 2017, Least Squares Generative Adversarial Networks",
    ),
    GanLoss(
        "wasserstein",
        "Wasserstein",
        lambda s: -s,
        lambda s: s,
        lambda s: -s,
        False,
        "Arjovsky, Chintala & Bottou 2017; Gulrajani et al. 2017 (gradient penalty)",
    ),
)
LOSSES: Mapping[str, GanLoss] = MappingProxyType({loss.name: loss for loss in _LOSSES})
PENALTIES = ("none", "r1", "gp")

# Catalog optimizers a player cannot use, and why (the schema's 422 says it).
UNSUITABLE: Mapping[str, str] = MappingProxyType(
    {
        "newton": "needs the Hessian of one fixed objective",
        "armijo": "its line search re-evaluates one fixed objective",
        "lbfgs": "its curvature pairs and line search assume one fixed objective",
        "gda": "is defined on the two coordinates of a game surface; here each player descends"
        " its own loss, so gd already is gradient descent–ascent",
        "optimistic_gda": "is defined on the two coordinates of a game surface",
        "alternating_gda": "alternates the two coordinates of a game surface; here the"
        " players alternate by k_discriminator and k_generator",
    }
)
PLAYER_OPTIMIZERS = tuple(o for o in OPTIMIZERS if o not in UNSUITABLE)


def generator_spec(noise_dim: int, hidden: tuple[int, ...], activation: str) -> ModelSpec:
    return ModelSpec("mlp", noise_dim, tuple(hidden), 2, activation)


def discriminator_spec(hidden: tuple[int, ...], activation: str) -> ModelSpec:
    return ModelSpec("mlp", 2, tuple(hidden), 1, activation)


def generate(spec: ModelSpec, theta: jax.Array, z: jax.Array, alpha: jax.Array) -> jax.Array:
    """G(z): (n, d) -> (n, 2)."""
    return apply(spec, unflatten(spec, theta), z, alpha)


def score(spec: ModelSpec, theta: jax.Array, x: jax.Array, alpha: jax.Array) -> jax.Array:
    """s(x): (n, 2) -> (n,), the discriminator's score (a logit for the log losses)."""
    return apply(spec, unflatten(spec, theta), x, alpha)[:, 0]


def score_gradient(spec: ModelSpec, theta: jax.Array, x: jax.Array, alpha: jax.Array) -> jax.Array:
    """∇ₓ s(x) per row, (n, 2): one backward pass, since row i's score depends on row i only."""
    return jax.grad(lambda points: jnp.sum(score(spec, theta, points, alpha)))(x)


def penalty(
    kind: str,
    spec: ModelSpec,
    theta: jax.Array,
    alpha: jax.Array,
    real: jax.Array,
    fake: jax.Array,
    mask: jax.Array,
    eps: jax.Array,
) -> jax.Array:
    """The unweighted penalty: ½E‖∇ₓs‖² on real rows (r1), E(‖∇ₓs(x̂)‖ − 1)² (gp)."""
    if kind == "r1":
        g = score_gradient(spec, theta, real, alpha)
        return 0.5 * masked_mean(jnp.sum(g**2, axis=1), mask)
    if kind == "gp":
        mixed = eps[:, None] * real + (1.0 - eps[:, None]) * fake
        g = score_gradient(spec, theta, mixed, alpha)
        # √(‖g‖² + tiny): the norm's gradient at g = 0 would be NaN.
        norm = jnp.sqrt(jnp.sum(g**2, axis=1) + 1e-12)
        return masked_mean((norm - 1.0) ** 2, mask)
    return jnp.zeros([], real.dtype)


def discriminator_loss(
    loss: GanLoss, s_real: jax.Array, s_fake: jax.Array, mask: jax.Array
) -> jax.Array:
    return masked_mean(loss.real(s_real), mask) + masked_mean(loss.fake(s_fake), mask)


def generator_loss(loss: GanLoss, s_fake: jax.Array, mask: jax.Array) -> jax.Array:
    return masked_mean(loss.generator(s_fake), mask)


def discriminator_objective(
    loss: GanLoss,
    penalty_kind: str,
    gen: ModelSpec,
    disc: ModelSpec,
    theta_d: jax.Array,
    theta_g: jax.Array,
    batch: Batch,
    alphas: tuple[jax.Array, jax.Array],
    weight: jax.Array,
) -> jax.Array:
    """L_D(θ_D) + w·penalty on one batch, the fakes G(z) held fixed."""
    alpha_g, alpha_d = alphas
    fake = jax.lax.stop_gradient(generate(gen, theta_g, batch.z, alpha_g))
    rows = batch.real.shape[0]
    both = score(disc, theta_d, jnp.concatenate([batch.real, fake]), alpha_d)
    value = discriminator_loss(loss, both[:rows], both[rows:], batch.mask)
    extra = penalty(penalty_kind, disc, theta_d, alpha_d, batch.real, fake, batch.mask, batch.eps)
    return value + weight * extra


def generator_objective(
    loss: GanLoss,
    gen: ModelSpec,
    disc: ModelSpec,
    theta_g: jax.Array,
    theta_d: jax.Array,
    batch: Batch,
    alphas: tuple[jax.Array, jax.Array],
) -> jax.Array:
    """L_G(θ_G) on one batch's noise against a fixed discriminator."""
    alpha_g, alpha_d = alphas
    fake = generate(gen, theta_g, batch.z, alpha_g)
    return generator_loss(loss, score(disc, theta_d, fake, alpha_d), batch.mask)
