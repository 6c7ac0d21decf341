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

import functools
import math
from pathlib import Path
from string import Template

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets.training import shuffle
from thalweg.config import get_settings
from thalweg.services.code.counterparts import LIBRARY, counterpart
from thalweg.services.code.network_query import request_of
from thalweg.services.errors import UnprocessableError
from thalweg.services.networks import Plan, prepare

TEMPLATES = Path(__file__).parent / "templates"
ORDER_CHUNK = 64  # epochs of batch order drawn per call
IMPORTS = {
    "torch": "\nimport torch\nfrom torch import nn\n",
    "jax": "\nimport jax\nimport jax.numpy as jnp\nimport optax\n",
    "keras": '\nimport os\n\nos.environ["KERAS_BACKEND"] = "jax"  # before keras is imported\n'
    "import keras\nimport numpy as np\n",
}
ACTIVATIONS = {  # Thalweg's name -> torch module, Keras name, JAX function
    "tanh": ("nn.Tanh()", "tanh", "jnp.tanh"),
    "relu": ("nn.ReLU()", "relu", "jax.nn.relu"),
    "sigmoid": ("nn.Sigmoid()", "sigmoid", "jax.nn.sigmoid"),
    "linear": ("nn.Identity()", "linear", ""),
}
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


@functools.cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.py.tmpl").read_text(encoding="utf-8"))


def _f32(values: np.ndarray) -> str:
    """float32 numbers in their shortest repr (read back as float32, the same value)."""
    array = np.asarray(values, np.float32)
    if array.ndim == 0:
        return str(array)
    return "[" + ", ".join(_f32(row) for row in array) + "]"


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


def _weights(plan: Plan) -> list[tuple[np.ndarray, np.ndarray]]:
    """θ₀ as (W (fan_in, fan_out), b) per layer, from Thalweg's flat vector."""
    out = []
    for layer in plan.model.layout():
        (wo, ws), (bo, bs) = layer["w"], layer["b"]
        out.append((plan.theta0[wo : wo + math.prod(ws)].reshape(ws), plan.theta0[bo : bo + bs[0]]))
    return out


def _supported(plan: Plan, framework: str) -> None:
    problems = []
    if plan.model.hidden and plan.model.activation not in ACTIVATIONS:
        problems.append(f"activation {plan.model.activation!r} (have: {', '.join(ACTIVATIONS)})")
    if (plan.loss, plan.dataset.task) not in LOSSES:
        problems.append(f"loss {plan.loss!r} on a {plan.dataset.task} task")
    if plan.hyperparameters["noise"]:
        problems.append("gradient noise")
    if problems:
        raise UnprocessableError(f"no {framework} script yet for: {'; '.join(problems)}")


def _optimizer(plan: Plan, framework: str) -> str:
    found = counterpart(framework, plan.request.optimizer.id, plan.hyperparameters)
    if found is None:
        raise UnprocessableError(
            f"{LIBRARY[framework]} has no counterpart of {plan.request.optimizer.id!r}"
        )
    argument = "params" if framework == "torch" else ""
    note = f"    # {found.note}.\n" if found.note else ""
    return f"def make_optimizer({argument}):\n{note}    return {found.code}"


def _layers(plan: Plan, framework: str) -> str:
    """The layers inside ``nn.Sequential(…)`` or ``keras.Sequential([…])``, one per line."""
    sizes = plan.model.layer_sizes
    torch_act, keras_act, _ = ACTIVATIONS.get(plan.model.activation, ACTIVATIONS["linear"])
    lines = []
    for index, (fan_in, fan_out) in enumerate(sizes):
        hidden = index < len(sizes) - 1
        if framework == "torch":
            lines.append(f"nn.Linear({fan_in}, {fan_out}),{f' {torch_act},' if hidden else ''}")
        else:
            activation = f'activation="{keras_act}", ' if hidden else ""
            lines.append(f"keras.layers.Dense({fan_out}, {activation}kernel_regularizer=penalty),")
    return "\n".join(" " * 12 + line for line in lines)


def network_script(query: str, framework: str) -> str:
    """The training script of the Networks scene ``query`` for ``framework``."""
    plan = prepare(request_of(query))
    _supported(plan, framework)
    model, data, task = plan.model, plan.dataset, plan.dataset.task
    n = len(data.x_train)
    shape = " → ".join(str(s) for s in (model.input_dim, *model.hidden, model.output_dim))
    activation = f", {model.activation} between layers" if model.hidden else ""
    losses = LOSSES[(plan.loss, task)]
    fields = {
        "title": f"{data.name}: Thalweg's network training in {framework}",
        "framework": framework,
        "link": f"/networks.html?{query}",
        "filename": f"thalweg_{framework}.py",
        "imports": IMPORTS[framework],
        "model_doc": f"{model.kind}, {shape}{activation}, initialised by Thalweg's"
        f" {plan.request.model.init.scheme} draw (seed {plan.request.seed})",
        "data_doc": f"{data.name}, {n} training rows ({task})",
        "loss_doc": f"{plan.loss}, the mean over the batch, + λ·Σ‖W‖²",
        "steps": str(plan.request.steps),
        "batch": str(plan.batch_size),
        "rows": str(n),
        "batch_note": "full batch" if plan.batch_size >= n else "mini-batches",
        "l2": repr(plan.request.l2),
        "optimizer": _optimizer(plan, framework),
        "shape": f"{shape}{activation}",
        "features": str(model.input_dim),
        "torch_layers": _layers(plan, "torch"),
        "keras_layers": _layers(plan, "keras"),
        "torch_loss": losses[0],
        "keras_loss": losses[1],
        "jax_loss": losses[2],
        "jax_activation": ACTIVATIONS.get(model.activation, ("", "", ""))[2],
        "targets": TARGETS[framework][task != "multiclass"],
    }
    weights = ",\n    ".join(f"({_f32(w)}, {_f32(b)})" for w, b in _weights(plan))
    order = orders(plan)
    data_block = (
        "\n\n# The scene's training rows, Thalweg's initial weights and batch order (float32).\n"
        f"X_TRAIN = {_f32(data.x_train[:, : model.input_dim])}\n"
        f"Y_TRAIN = {_f32(data.y_train) if task == 'regression' else data.y_train.tolist()}\n"
        f"WEIGHTS = [\n    {weights},\n]  # (W with shape (inputs, outputs), b) per layer\n"
        f"ORDERS = {order}\n"
    )
    body = _template(f"net_{framework}").substitute(fields)
    return "".join(
        [_template("net_head").substitute(fields), body, data_block, _template("net_tail").template]
    )
