"""GAN training: one jitted ``lax.scan`` over a chunk of iterations, any catalog optimizer.

Iteration k at (θ_G, θ_D) (flat float32 vectors), as Goodfellow et al. 2014,
Algorithm 1, with both counts free:

1. k_D discriminator steps: a real batch (``batch_size`` rows drawn with
   replacement from the real set), a noise batch z ~ N(0, I), the fakes G(z)
   held fixed, g = ∇_θD [L_D + w·penalty] (+ σ·ξ if the optimizer's ``noise`` σ > 0),
   then D's optimizer steps;
2. k_G generator steps against the updated D: fresh noise, g = ∇_θG L_G, G's
   optimizer steps;
3. records L_D of the last D step and L_G of the last G step (NaN, sent as null,
   for a player that took no step);
4. stops as ``completed`` once k = steps, or ``diverged`` at k if a parameter or a
   recorded loss of iteration k is not finite (the carry keeps the parameters of
   iteration k, the last finite ones).

The steps of a player are a ``lax.fori_loop`` whose count is an array, so k_D,
k_G, every hyperparameter value, the penalty weight, seeds, steps and the batch
size inside its bucket never recompile (``GanConfig`` is what does).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.gan import players
from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.models import ModelSpec
from thalweg.compute.nets.training import COMPLETED, DIVERGED, RUNNING, _float32, run_chunks
from thalweg.compute.optimizers import OPTIMIZERS, build

CHUNK = 25
D_LOSS, G_LOSS = range(2)


@dataclass(frozen=True)
class PlayerConfig:
    """One player's compile key: its network and its optimizer family."""

    model: ModelSpec
    optimizer: str
    static: tuple[tuple[str, Any], ...]  # the optimizer's static hyperparameters
    noisy: bool  # gradient noise σ > 0

    @property
    def dynamic(self) -> tuple[str, ...]:
        """Dynamic hyperparameters, in the column order of the ``hyper`` arrays."""
        spec = OPTIMIZERS[self.optimizer]
        return tuple(h.name for h in spec.hyperparameters if not h.static and h.name != "seed")


@dataclass(frozen=True)
class GanConfig:
    """Everything that fixes the compiled program (the cache key)."""

    generator: PlayerConfig
    discriminator: PlayerConfig
    loss: str
    penalty: str
    real_rows: int  # the real set, padded
    batch_rows: int  # rows per padded batch


class Inputs(NamedTuple):
    """Per-call arrays: changing any of them reuses the compiled program."""

    real: jax.Array  # (real_rows, 2)
    samples: jax.Array  # () int32, real rows
    hyper_g: jax.Array  # (H_G,) float32
    hyper_d: jax.Array  # (H_D,) float32
    alpha_g: jax.Array  # () activation α of G
    alpha_d: jax.Array  # () activation α of D
    weight: jax.Array  # () penalty weight
    k_d: jax.Array  # () int32
    k_g: jax.Array  # () int32
    batch_size: jax.Array  # () int32
    steps: jax.Array  # () int32
    seeds: jax.Array  # (3,) uint32: batches, G's gradient noise, D's gradient noise


class Carry(NamedTuple):
    theta_g: jax.Array
    theta_d: jax.Array
    opt_g: Any
    opt_d: Any
    step: jax.Array  # iterations done
    status: jax.Array
    stop: jax.Array  # the iteration at which a stop rule fired


def _optimizer(player: PlayerConfig, hyper: jax.Array):
    values = {name: hyper[j] for j, name in enumerate(player.dynamic)}
    return build(OPTIMIZERS[player.optimizer], {**values, **dict(player.static)}), values


class GanTrainer:
    """Compiled ``init`` and ``chunk`` programs for one ``GanConfig``."""

    def __init__(self, config: GanConfig):
        self.config = config
        gen, disc = config.generator, config.discriminator
        loss = players.LOSSES[config.loss]
        rows = config.batch_rows

        def batch(inputs: Inputs, key) -> players.Batch:
            index, z, eps = draw(key, rows, inputs.samples, gen.model.input_dim)
            mask = (jnp.arange(rows) < inputs.batch_size).astype(DTYPE)
            return players.Batch(inputs.real[index], z, eps, mask)

        def d_objective(theta_d, theta_g, inputs: Inputs, key):
            return players.discriminator_objective(
                loss,
                config.penalty,
                gen.model,
                disc.model,
                theta_d,
                theta_g,
                batch(inputs, key),
                (inputs.alpha_g, inputs.alpha_d),
                inputs.weight,
            )

        def g_objective(theta_g, theta_d, inputs: Inputs, key):
            return players.generator_objective(
                loss,
                gen.model,
                disc.model,
                theta_g,
                theta_d,
                batch(inputs, key),
                (inputs.alpha_g, inputs.alpha_d),
            )

        def player_steps(player, objective, hyper, count, noise_seed, tag):
            """``count`` steps of one player; the other's parameters held fixed."""

            def run(theta, opt_state, other, inputs, key, step):
                tx, values = _optimizer(player, hyper)
                noise_key = jax.random.fold_in(jax.random.key(noise_seed), step)

                def body(i, state):
                    theta, opt_state, _ = state
                    step_key = player_step_key(key, i, tag)
                    value, g = jax.value_and_grad(objective)(theta, other, inputs, step_key)
                    if player.noisy:
                        xi = jax.random.normal(jax.random.fold_in(noise_key, i), g.shape, DTYPE)
                        g = g + values["noise"] * xi
                    updates, new_state = tx.update(g, opt_state, theta)
                    new_state = jax.tree.map(
                        lambda new, old: new.astype(old.dtype), new_state, opt_state
                    )
                    return (theta + updates).astype(DTYPE), new_state, value.astype(DTYPE)

                nan = jnp.full([], jnp.nan, DTYPE)
                return jax.lax.fori_loop(0, count, body, (theta, opt_state, nan))

            return run

        def iteration(carry: Carry, inputs: Inputs):
            key = iteration_key(inputs.seeds[0], carry.step)
            d_run = player_steps(disc, d_objective, inputs.hyper_d, inputs.k_d, inputs.seeds[2], 0)
            theta_d, opt_d, d_loss = d_run(
                carry.theta_d, carry.opt_d, carry.theta_g, inputs, key, carry.step
            )
            g_run = player_steps(gen, g_objective, inputs.hyper_g, inputs.k_g, inputs.seeds[1], 1)
            theta_g, opt_g, g_loss = g_run(
                carry.theta_g, carry.opt_g, theta_d, inputs, key, carry.step
            )

            finite = (
                jnp.all(jnp.isfinite(theta_d))
                & jnp.all(jnp.isfinite(theta_g))
                & (jnp.isfinite(d_loss) | (inputs.k_d == 0))
                & (jnp.isfinite(g_loss) | (inputs.k_g == 0))
            )
            status, stop, advance = stop_rule(carry, inputs.steps, finite)
            new = Carry(
                kept(advance, theta_g, carry.theta_g),
                kept(advance, theta_d, carry.theta_d),
                kept(advance, opt_g, carry.opt_g),
                kept(advance, opt_d, carry.opt_d),
                carry.step + advance.astype(jnp.int32),
                status,
                stop,
            )
            return new, jnp.stack([d_loss, g_loss])

        def init(theta_g, theta_d, hyper_g, hyper_d):
            zero = jnp.zeros([], jnp.int32)
            opt_g = _float32(_optimizer(gen, hyper_g)[0].init(theta_g))
            opt_d = _float32(_optimizer(disc, hyper_d)[0].init(theta_d))
            return Carry(theta_g, theta_d, opt_g, opt_d, zero, zero, zero)

        def chunk(carry: Carry, inputs: Inputs):
            return jax.lax.scan(lambda c, _: iteration(c, inputs), carry, None, length=CHUNK)

        self.init = jax.jit(init)
        self.chunk = jax.jit(chunk)

    def inputs(
        self,
        real: np.ndarray,
        values_g: dict[str, float],
        values_d: dict[str, float],
        alphas: tuple[float, float],
        weight: float,
        k: tuple[int, int],
        batch_size: int,
        steps: int,
        seed: int,
    ) -> Inputs:
        """Per-call arrays with the exact dtypes the program was compiled for.

        ``real`` (n, 2) is padded to the config's ``real_rows``; ``k`` is (k_D, k_G).
        """
        padded = np.zeros((self.config.real_rows, 2), np.float32)
        padded[: len(real)] = real
        return Inputs(
            real=jnp.asarray(padded),
            samples=jnp.asarray(len(real), jnp.int32),
            hyper_g=player_hyper(self.config.generator, values_g),
            hyper_d=player_hyper(self.config.discriminator, values_d),
            alpha_g=jnp.asarray(alphas[0], DTYPE),
            alpha_d=jnp.asarray(alphas[1], DTYPE),
            weight=jnp.asarray(weight, DTYPE),
            k_d=jnp.asarray(k[0], jnp.int32),
            k_g=jnp.asarray(k[1], jnp.int32),
            batch_size=jnp.asarray(batch_size, jnp.int32),
            steps=jnp.asarray(steps, jnp.int32),
            seeds=jnp.asarray([seed, int(values_g["seed"]), int(values_d["seed"])], jnp.uint32),
        )

    def iterate(
        self, theta_g: np.ndarray, theta_d: np.ndarray, inputs: Inputs
    ) -> Iterator[tuple[Carry, np.ndarray]]:
        """Yield (carry, records (CHUNK, 2): L_D, L_G) per chunk until the run stops."""
        carry = self.init(
            jnp.asarray(theta_g, DTYPE), jnp.asarray(theta_d, DTYPE), inputs.hyper_g, inputs.hyper_d
        )
        yield from run_chunks(self.chunk, carry, inputs)


def iteration_key(seed: jax.Array, step: jax.Array) -> jax.Array:
    """The key of iteration ``step``: fold_in(key(seed), step)."""
    return jax.random.fold_in(jax.random.key(seed), step)


def player_step_key(key: jax.Array, i: jax.Array, tag: int) -> jax.Array:
    """The key of a player's step i in an iteration: D's (tag 0) 2i, G's (tag 1) 2i + 1."""
    return jax.random.fold_in(key, 2 * i + tag)


def draw(
    key: jax.Array, rows: int, samples: jax.Array, noise_dim: int
) -> tuple[jax.Array, jax.Array, jax.Array]:
    """One step's draws: real row indices ~ U{0 … samples − 1} (with replacement),
    noise z ~ N(0, I) (rows, noise_dim) and the gradient penalty's ε ~ U(0, 1) (rows,),
    from the three parts of ``key`` (services/code/gan.py writes the same draws)."""
    k_index, k_noise, k_eps = jax.random.split(key, 3)
    return (
        jax.random.randint(k_index, (rows,), 0, samples),
        jax.random.normal(k_noise, (rows, noise_dim), DTYPE),
        jax.random.uniform(k_eps, (rows,), DTYPE),
    )


def stop_rule(carry, steps: jax.Array, finite: jax.Array):
    """(status, stop, advance) after a step of a carry with ``status``, ``step``, ``stop``.

    A running run completes once step = steps, else diverges at this step if
    ``finite`` is false; a stopped run keeps its status and stop step. Only a
    still-running run advances (``kept`` holds the rest of the state).
    """
    running = carry.status == RUNNING
    done = carry.step >= steps
    status = jnp.where(
        running,
        jnp.where(done, COMPLETED, jnp.where(finite, RUNNING, DIVERGED)),
        carry.status,
    )
    advance = status == RUNNING
    return status, jnp.where(running & ~advance, carry.step, carry.stop), advance


def kept(advance: jax.Array, new: Any, old: Any) -> Any:
    """``new`` where the run advances, else ``old``, leaf by leaf."""
    return jax.tree.map(lambda a, b: jnp.where(advance, a, b), new, old)


def player_config(model: ModelSpec, optimizer: str, values: dict[str, float]) -> PlayerConfig:
    """The compile key of a player whose optimizer has all its ``values`` filled in."""
    family = OPTIMIZERS[optimizer].family(values)[1]
    return PlayerConfig(model, optimizer, family, values["noise"] > 0)


def player_hyper(player: PlayerConfig, values: dict[str, float]) -> jax.Array:
    return jnp.asarray([values[name] for name in player.dynamic], DTYPE)


@functools.lru_cache(maxsize=16)
def get_trainer(config: GanConfig) -> GanTrainer:
    """The compiled trainer for ``config``; bounded so memory stays flat."""
    return GanTrainer(config)
