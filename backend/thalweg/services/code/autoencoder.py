"""A Generative scene's autoencoder tab -> a training script (torch, Keras or JAX).

The script holds the encoder and the decoder (``nn.Module`` / ``keras.Sequential``
/ JAX functions) with the scene's widths and activation, Thalweg's initial
weights, the digits' training rows Thalweg took (their indices into
scikit-learn's ``load_digits``), the reconstruction loss (mean squared error per
pixel, ``compute/autoencoder.py``), the optimizer from the framework
(``counterparts.py``), batch size, seed and steps.

Step k's batch: BATCH row indices from the key fold_in(key(seed), k)
(``autoencoder.batch_index``). The JAX script draws them so and prints Thalweg's
batch losses (float32; tests/services/code/test_generative.py); torch and Keras
embed Thalweg's batches of the first steps (all that fit ``max_code_draws``
indices) and draw their own after, which the script's docstring says.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.autoencoder import batch_index
from thalweg.compute.nets.datasets import DIGITS_SAMPLES
from thalweg.config import get_settings
from thalweg.schemas_autoencoder import AutoencoderRequest
from thalweg.services import autoencoder
from thalweg.services.code.models import (
    IMPORTS,
    jax_activation,
    layers,
    optimizer_factory,
    shape,
    template,
    unsupported_activation,
    weights_literal,
)
from thalweg.services.errors import UnprocessableError

DIGITS = "from sklearn.datasets import load_digits\n"
STEP_CHUNK = 64  # steps whose batches are drawn per call


@functools.partial(jax.jit, static_argnums=3)
def _thalwegs_batches(seed, steps, samples, rows: int):
    """The training rows of steps ``steps`` (n,), as the trainer draws them: (n, rows)."""
    return jax.vmap(lambda k: batch_index(seed, k, rows, samples))(steps)


def embedded_steps(request: AutoencoderRequest) -> int:
    """Steps whose batches a torch or Keras script embeds: all that fit
    ``max_code_draws`` row indices, at least the first."""
    return min(request.steps, max(1, get_settings().max_code_draws // request.batch_size))


def batches(plan: autoencoder.Plan) -> list[list[int]]:
    """Thalweg's training rows of each embedded step, STEP_CHUNK steps per call (one
    compiled program per padded batch size, whatever the number of steps)."""
    count = embedded_steps(plan.request)
    parts = [
        _thalwegs_batches(
            plan.inputs.seeds[0],
            jnp.arange(first, first + STEP_CHUNK, dtype=jnp.int32),
            plan.inputs.samples,
            plan.trainer.config.batch_rows,
        )
        for first in range(0, count, STEP_CHUNK)
    ]
    return np.concatenate(parts)[:count, : plan.request.batch_size].tolist()


def training_rows(plan: autoencoder.Plan) -> list[int]:
    """The indices into ``load_digits()`` of Thalweg's training rows, in its order
    (``datasets._digits``: a permutation by the seed's Generator)."""
    rows = np.random.default_rng(plan.request.seed).permutation(DIGITS_SAMPLES)
    return rows[: plan.train_rows].tolist()


def _draws_doc(framework: str, embedded: int, steps: int) -> str:
    if framework == "jax":
        return "The batches are Thalweg's: drawn from the key fold_in(key(SEED), k) (`batch_rows`)."
    library = "torch.Generator" if framework == "torch" else "numpy.random.Generator"
    if embedded >= steps:
        return "The batches are Thalweg's, embedded below (BATCHES) for every step."
    return (
        f"The first {embedded} steps use Thalweg's batches, embedded below (BATCHES): their\n"
        f"losses are Thalweg's. From step {embedded} on the script draws its own with a\n"
        f"{library} seeded with SEED, so its losses then differ from Thalweg's\n"
        "(the JAX script draws Thalweg's batches for every step)."
    )


def ae_script(request: AutoencoderRequest, query: str, framework: str) -> str:
    """The training script of the autoencoder scene ``request`` (its link's ``query``)."""
    plan = autoencoder.prepare(request)
    config = plan.trainer.config
    problems = [p for p in [unsupported_activation(config.encoder)] if p]
    if config.optimizer.noisy:
        problems.append("gradient noise")
    if problems:
        raise UnprocessableError(f"no {framework} script yet for: {'; '.join(problems)}")
    embedded = embedded_steps(request) if framework != "jax" else 0
    fields = {
        "title": f"digits: Thalweg's autoencoder training in {framework}",
        "framework": framework,
        "link": f"/generative.html?{query}",
        "filename": f"thalweg_{framework}.py",
        "imports": IMPORTS[framework]
        + ("" if framework == "keras" else "import numpy as np\n")
        + DIGITS,
        "train_rows": str(plan.train_rows),
        "seed": str(request.seed),
        "e_shape": shape(config.encoder),
        "d_shape": shape(config.decoder),
        "draws_doc": _draws_doc(framework, embedded, request.steps),
        "steps": str(request.steps),
        "batch": str(request.batch_size),
        "optimizer": optimizer_factory(
            framework, request.optimizer.id, request.optimizer.filled(), "make_optimizer"
        ),
        "e_layers": layers(config.encoder, framework, indent=12),
        "d_layers": layers(config.decoder, framework, indent=12),
        "activation": config.encoder.activation,
        "jax_activation": jax_activation(config.encoder),
    }
    theta_e, theta_d = config.split(plan.theta)
    data = [
        "\n\n# Thalweg's training rows (indices into load_digits()) and initial weights.",
        f"ROWS = {training_rows(plan)}",
        f"E_WEIGHTS = {weights_literal(config.encoder, np.asarray(theta_e))}"
        "  # (W (inputs, outputs), b) per layer",
        f"D_WEIGHTS = {weights_literal(config.decoder, np.asarray(theta_d))}",
    ]
    if framework != "jax":
        data.append(f"BATCHES = {batches(plan)}  # Thalweg's training rows of the first steps")
    data.append(
        "\n\ndef digits():\n"
        '    """The training rows as Thalweg takes them: pixels / 16, float32."""\n'
        '    return np.asarray(load_digits().data[ROWS] / 16.0, "float32")'
    )
    return "".join(
        [
            template("ae_head").substitute(fields),
            template(f"ae_{framework}").substitute(fields),
            "\n".join(data) + "\n",
            template("net_tail").template,
        ]
    )
