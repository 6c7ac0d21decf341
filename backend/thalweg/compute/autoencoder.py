"""An MLP autoencoder to a 2-D latent space: one jitted ``lax.scan`` per chunk of steps.

Encoder E: x ∈ [0, 1]^D -> z ∈ ℝ² (an MLP of ``compute/nets`` with a linear
output), decoder Dec: z -> x̂ = σ(MLP(z)) ∈ (0, 1)^D, its hidden widths the
encoder's reversed. θ = [θ_E, θ_Dec] is one flat float32 vector trained by one
catalog optimizer on the reconstruction loss

    L(θ; B) = 1/|B| Σ_{x ∈ B} 1/D ‖Dec(E(x)) − x‖²

(the mean squared error per pixel, Hinton & Salakhutdinov 2006, "Reducing the
dimensionality of data with neural networks", with a 2-unit code layer).

Step k: a batch of ``batch_size`` training rows drawn with replacement (seeded
by (seed, k)), g = ∇_θ L (+ σ·ξ for an optimizer's gradient noise), an optimizer
step; records L(θ_k; B_k). Stops as ``completed`` once k = steps, ``diverged``
at k if L(θ_k; B_k) or θ_{k+1} is not finite (θ_k kept). Hyperparameter values,
data, batch size (inside its bucket), steps and seeds are arrays: only the
architecture, the optimizer family and the padded sizes compile (``AeConfig``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.gan.training import PlayerConfig, _optimizer, kept, player_hyper, stop_rule
from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.models import ModelSpec, apply, unflatten
from thalweg.compute.nets.objective import masked_mean
from thalweg.compute.nets.training import _float32, run_chunks

CHUNK = 25
LATENT = 2


def encoder_spec(features: int, hidden: tuple[int, ...], activation: str) -> ModelSpec:
    return ModelSpec("mlp", features, tuple(hidden), LATENT, activation)


def decoder_spec(features: int, hidden: tuple[int, ...], activation: str) -> ModelSpec:
    return ModelSpec("mlp", LATENT, tuple(reversed(hidden)), features, activation)


@dataclass(frozen=True)
class AeConfig:
    """Everything that fixes the compiled program (the cache key)."""

    encoder: ModelSpec
    decoder: ModelSpec
    optimizer: PlayerConfig  # its ``model`` is the encoder; θ holds both networks
    train_rows: int  # padded
    batch_rows: int

    def split(self, theta: jax.Array) -> tuple[jax.Array, jax.Array]:
        return theta[: self.encoder.size], theta[self.encoder.size :]


def encode(config: AeConfig, theta: jax.Array, x: jax.Array, alpha: jax.Array) -> jax.Array:
    """z = E(x): (n, D) -> (n, 2)."""
    theta_e, _ = config.split(theta)
    return apply(config.encoder, unflatten(config.encoder, theta_e), x, alpha)


def decode(config: AeConfig, theta: jax.Array, z: jax.Array, alpha: jax.Array) -> jax.Array:
    """x̂ = σ(MLP(z)): (n, 2) -> (n, D), pixels in (0, 1)."""
    _, theta_d = config.split(theta)
    return jax.nn.sigmoid(apply(config.decoder, unflatten(config.decoder, theta_d), z, alpha))


def reconstruction_error(
    config: AeConfig, theta: jax.Array, x: jax.Array, alpha: jax.Array
) -> jax.Array:
    """(n,) 1/D ‖Dec(E(x)) − x‖² per row."""
    x_hat = decode(config, theta, encode(config, theta, x, alpha), alpha)
    return jnp.mean((x_hat - x) ** 2, axis=1)


def batch_index(seed: jax.Array, step: jax.Array, rows: int, samples: jax.Array) -> jax.Array:
    """Step ``step``'s batch: ``rows`` training rows ~ U{0 … samples − 1}, with replacement,
    from the key fold_in(key(seed), step) (services/code/autoencoder.py writes the same)."""
    return jax.random.randint(jax.random.fold_in(jax.random.key(seed), step), (rows,), 0, samples)


class Inputs(NamedTuple):
    train: jax.Array  # (train_rows, D)
    samples: jax.Array  # () int32, real training rows
    hyper: jax.Array  # (H,) float32
    alpha: jax.Array  # () activation α
    batch_size: jax.Array  # () int32
    steps: jax.Array  # () int32
    seeds: jax.Array  # (2,) uint32: batches, gradient noise


class Carry(NamedTuple):
    theta: jax.Array
    opt: Any
    step: jax.Array
    status: jax.Array
    stop: jax.Array


class AeTrainer:
    """Compiled ``init`` and ``chunk`` programs for one ``AeConfig``."""

    def __init__(self, config: AeConfig):
        self.config = config
        player, rows = config.optimizer, config.batch_rows

        def loss(theta, inputs: Inputs, index):
            mask = (jnp.arange(rows) < inputs.batch_size).astype(DTYPE)
            errors = reconstruction_error(config, theta, inputs.train[index], inputs.alpha)
            return masked_mean(errors, mask)

        def step(carry: Carry, inputs: Inputs):
            tx, values = _optimizer(player, inputs.hyper)
            index = batch_index(inputs.seeds[0], carry.step, rows, inputs.samples)
            value, g = jax.value_and_grad(loss)(carry.theta, inputs, index)
            if player.noisy:
                noise_key = jax.random.fold_in(jax.random.key(inputs.seeds[1]), carry.step)
                g = g + values["noise"] * jax.random.normal(noise_key, g.shape, DTYPE)
            updates, opt = tx.update(g, carry.opt, carry.theta)
            opt = jax.tree.map(lambda new, old: new.astype(old.dtype), opt, carry.opt)
            theta = (carry.theta + updates).astype(DTYPE)
            finite = jnp.isfinite(value) & jnp.all(jnp.isfinite(theta))
            status, stop, advance = stop_rule(carry, inputs.steps, finite)
            new = Carry(
                kept(advance, theta, carry.theta),
                kept(advance, opt, carry.opt),
                carry.step + advance.astype(jnp.int32),
                status,
                stop,
            )
            return new, value.astype(DTYPE)

        def init(theta, hyper):
            zero = jnp.zeros([], jnp.int32)
            return Carry(
                theta, _float32(_optimizer(player, hyper)[0].init(theta)), zero, zero, zero
            )

        def chunk(carry: Carry, inputs: Inputs):
            return jax.lax.scan(lambda c, _: step(c, inputs), carry, None, length=CHUNK)

        self.init = jax.jit(init)
        self.chunk = jax.jit(chunk)
        self.encode = jax.jit(functools.partial(encode, config))
        self.decode = jax.jit(functools.partial(decode, config))
        self.errors = jax.jit(functools.partial(reconstruction_error, config))

    def inputs(
        self,
        train: np.ndarray,
        values: dict[str, float],
        alpha: float,
        batch_size: int,
        steps: int,
        seed: int,
    ) -> Inputs:
        """Per-call arrays with the dtypes the program was compiled for; ``train`` (n, D)."""
        padded = np.zeros((self.config.train_rows, train.shape[1]), np.float32)
        padded[: len(train)] = train
        return Inputs(
            train=jnp.asarray(padded),
            samples=jnp.asarray(len(train), jnp.int32),
            hyper=player_hyper(self.config.optimizer, values),
            alpha=jnp.asarray(alpha, DTYPE),
            batch_size=jnp.asarray(batch_size, jnp.int32),
            steps=jnp.asarray(steps, jnp.int32),
            seeds=jnp.asarray([seed, int(values["seed"])], jnp.uint32),
        )

    def iterate(self, theta: np.ndarray, inputs: Inputs) -> Iterator[tuple[Carry, np.ndarray]]:
        """Yield (carry, batch losses (CHUNK,)) per chunk until the run stops."""
        carry = self.init(jnp.asarray(theta, DTYPE), inputs.hyper)
        yield from run_chunks(self.chunk, carry, inputs)


@functools.lru_cache(maxsize=8)
def get_trainer(config: AeConfig) -> AeTrainer:
    """The compiled trainer for ``config``; bounded so memory stays flat."""
    return AeTrainer(config)
