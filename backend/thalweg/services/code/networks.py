"""A Networks scene -> a training script in the slides' shape (torch, Keras or JAX).

The script holds an ``nn.Module`` / ``keras.Sequential`` / a JAX ``forward``
of the scene's architecture, the scene's training rows, Thalweg's initial
weights θ₀ and, for mini-batches, the order in which Thalweg visits the rows in
each epoch (``compute/nets/training.py``: ``shuffle`` with the key
fold_in(key(seed), epoch)), the loss and the optimizer from the framework with
the scene's hyperparameters; its loop takes one optimizer step per batch. Run,
it prints J(θ_k) on all training rows, k = 0 … steps, which is Thalweg's
``history["train_loss"]`` (float32 both; tests/services/code/test_networks.py runs
the JAX script, tests/reference/check_code_networks.py the torch and Keras ones).

Covered: the Dense models (``mlp``, ``neuron``, ``linear``, ``logistic``) with
tanh, ReLU, sigmoid or no activation, the losses bce, cross_entropy and mse, and
every optimizer the framework has (``counterparts.py``); anything else is
refused with a 422 that says so.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets.training import shuffle
from thalweg.config import get_settings
from thalweg.services.code.models import (
    IMPORTS,
    f32,
    jax_activation,
    layers,
    optimizer_factory,
    shape,
    template,
    unsupported_activation,
    weights_literal,
)
from thalweg.services.code.network_query import request_of
from thalweg.services.errors import UnprocessableError
from thalweg.services.networks import Plan, prepare

ORDER_CHUNK = 64  # epochs of batch order drawn per call
# (loss, task) -> torch, Keras, JAX code of the mean loss of scores s and targets y
# (compute/nets/losses.py; y: labels, or targets for regression).
LOSSES = {
    ("bce", "binary"): (
        "nn.functional.binary_cross_entropy_with_logits(s[:, 0], y)",
        "keras.losses.BinaryCrossentropy(from_logits=True)",
        "jnp.mean(optax.sigmoid_binary_cross_entropy(s[:, 0], y))",
    ),
    ("cross_entropy", "multiclass"): (
        "nn.functional.cross_entropy(s, y)",
        "keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
        "jnp.mean(optax.softmax_cross_entropy_with_integer_labels(s, y))",
    ),
    ("mse", "regression"): (
        "nn.functional.mse_loss(s[:, 0], y)",
        "keras.losses.MeanSquaredError()",
        "jnp.mean((s[:, 0] - y) ** 2)",
    ),
    ("mse", "binary"): (  # the squared error of the probability σ(s)
        "torch.mean((torch.sigmoid(s[:, 0]) - y) ** 2)",
        "lambda y, s: keras.ops.mean((keras.ops.sigmoid(s) - y) ** 2)",
        "jnp.mean((jax.nn.sigmoid(s[:, 0]) - y) ** 2)",
    ),
}
# Y_TRAIN as each framework's loss wants it: int class indices for cross-entropy,
# float otherwise; Keras's one-output losses compare columns.
TARGETS = {
    "torch": ("torch.tensor(Y_TRAIN)", "torch.tensor(Y_TRAIN, dtype=torch.float32)"),
    "keras": ('np.asarray(Y_TRAIN, "int32")', 'np.asarray(Y_TRAIN, "float32")[:, None]'),
    "jax": ("jnp.asarray(Y_TRAIN, jnp.int32)", "jnp.asarray(Y_TRAIN, jnp.float32)"),
}


def orders(plan: Plan) -> list[list[int]] | None:
    """Per epoch, the training rows in Thalweg's order; None for full batch.

    Refused when they would exceed ``max_code_order_rows`` indices (a long run
    over large batches has many epochs).
    """
    n = len(plan.dataset.x_train)
    if plan.batch_size >= n:
        return None
    per_epoch = math.ceil(n / plan.batch_size)
    epochs = (plan.request.steps - 1) // per_epoch + 1
    limit = get_settings().max_code_order_rows
    if epochs * n > limit:
        raise UnprocessableError(
            f"the batch order of {epochs} epochs × {n} rows is more than the {limit} row"
            " indices a script embeds: take fewer steps, or larger or full batches"
        )
    seed, mask = plan.inputs.seeds[0], plan.inputs.train.mask
    chunks = [_epoch_orders(seed, first, mask) for first in range(0, epochs, ORDER_CHUNK)]
    return np.concatenate(chunks)[:epochs, :n].tolist()


@jax.jit
def _epoch_orders(seed: jax.Array, first: int, mask: jax.Array) -> jax.Array:
    """The row orders of epochs first … first + ORDER_CHUNK − 1, as the trainer draws them.

    One compiled program per padded row count, whatever the number of epochs
    (a vmap over all epochs compiled anew for each count: ~0.6 s).
    """
    key = jax.random.key(seed)
    epochs = first + jnp.arange(ORDER_CHUNK)
    return jax.vmap(lambda e: shuffle(jax.random.fold_in(key, e), mask))(epochs)


def _supported(plan: Plan, framework: str) -> None:
    problems = [p for p in [unsupported_activation(plan.model)] if p]
    if (plan.loss, plan.dataset.task) not in LOSSES:
        problems.append(f"loss {plan.loss!r} on a {plan.dataset.task} task")
    if plan.hyperparameters["noise"]:
        problems.append("gradient noise")
    if problems:
        raise UnprocessableError(f"no {framework} script yet for: {'; '.join(problems)}")


def network_script(query: str, framework: str) -> str:
    """The training script of the Networks scene ``query`` for ``framework``."""
    plan = prepare(request_of(query))
    _supported(plan, framework)
    model, data, task = plan.model, plan.dataset, plan.dataset.task
    n = len(data.x_train)
    losses = LOSSES[(plan.loss, task)]
    fields = {
        "title": f"{data.name}: Thalweg's network training in {framework}",
        "framework": framework,
        "link": f"/networks.html?{query}",
        "filename": f"thalweg_{framework}.py",
        "imports": IMPORTS[framework],
        "model_doc": f"{model.kind}, {shape(model)}, initialised by Thalweg's"
        f" {plan.request.model.init.scheme} draw (seed {plan.request.seed})",
        "data_doc": f"{data.name}, {n} training rows ({task})",
        "loss_doc": f"{plan.loss}, the mean over the batch, + λ·Σ‖W‖²",
        "steps": str(plan.request.steps),
        "batch": str(plan.batch_size),
        "rows": str(n),
        "batch_note": "full batch" if plan.batch_size >= n else "mini-batches",
        "l2": repr(plan.request.l2),
        "optimizer": optimizer_factory(
            framework, plan.request.optimizer.id, plan.hyperparameters, "make_optimizer"
        ),
        "shape": shape(model),
        "features": str(model.input_dim),
        "torch_layers": layers(model, "torch"),
        "keras_layers": layers(model, "keras", "kernel_regularizer=penalty"),
        "torch_loss": losses[0],
        "keras_loss": losses[1],
        "jax_loss": losses[2],
        "jax_activation": jax_activation(model),
        "targets": TARGETS[framework][task != "multiclass"],
    }
    order = orders(plan)
    data_block = (
        "\n\n# The scene's training rows, Thalweg's initial weights and batch order (float32).\n"
        f"X_TRAIN = {f32(data.x_train[:, : model.input_dim])}\n"
        f"Y_TRAIN = {f32(data.y_train) if task == 'regression' else data.y_train.tolist()}\n"
        f"WEIGHTS = {weights_literal(model, plan.theta0)}  # (W with shape (inputs, outputs),"
        " b) per layer\n"
        f"ORDERS = {order}\n"
    )
    body = template(f"net_{framework}").substitute(fields)
    return "".join(
        [template("net_head").substitute(fields), body, data_block, template("net_tail").template]
    )
