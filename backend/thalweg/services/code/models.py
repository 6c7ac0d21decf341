"""What every network training script shares: templates, float32 literals, activations,
initial weights, optimizer factories and layer lists (networks.py, gan.py, autoencoder.py).

A model is written from Thalweg's ``ModelSpec`` (Dense layers, one activation
between them, a linear output) and its flat θ₀ as per-layer (W, b), W with
shape (fan_in, fan_out) as Thalweg stores it; the scripts load those weights
into the framework's layers (torch's ``nn.Linear`` keeps W transposed).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from string import Template

import numpy as np

from thalweg.compute.nets.models import ModelSpec
from thalweg.services.code.counterparts import LIBRARY, counterpart
from thalweg.services.errors import UnprocessableError

TEMPLATES = Path(__file__).parent / "templates"
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


@functools.cache
def template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.py.tmpl").read_text(encoding="utf-8"))


def f32(values: np.ndarray) -> str:
    """float32 numbers in their shortest repr (read back as float32, the same value)."""
    array = np.asarray(values, np.float32)
    if array.ndim == 0:
        return str(array)
    return "[" + ", ".join(f32(row) for row in array) + "]"


def weights(spec: ModelSpec, theta: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """θ as (W (fan_in, fan_out), b) per layer, from Thalweg's flat vector."""
    out = []
    for layer in spec.layout():
        (wo, ws), (bo, bs) = layer["w"], layer["b"]
        out.append((theta[wo : wo + math.prod(ws)].reshape(ws), theta[bo : bo + bs[0]]))
    return out


def weights_literal(spec: ModelSpec, theta: np.ndarray) -> str:
    """``[(W, b), …]`` of θ as float32 literals, one layer per line."""
    layers = ",\n    ".join(f"({f32(w)}, {f32(b)})" for w, b in weights(spec, theta))
    return f"[\n    {layers},\n]"


def unsupported_activation(spec: ModelSpec) -> str | None:
    """Why a script cannot hold this model's activation, or None if it can."""
    if spec.hidden and spec.activation not in ACTIVATIONS:
        return f"activation {spec.activation!r} (have: {', '.join(ACTIVATIONS)})"
    return None


def optimizer_factory(framework: str, optimizer: str, values: dict, name: str) -> str:
    """``def name(params): return <the framework's optimizer>`` with its note, or a 422."""
    found = counterpart(framework, optimizer, values)
    if found is None:
        raise UnprocessableError(f"{LIBRARY[framework]} has no counterpart of {optimizer!r}")
    argument = "params" if framework == "torch" else ""
    note = f"    # {found.note}.\n" if found.note else ""
    return f"def {name}({argument}):\n{note}    return {found.code}"


def layers(spec: ModelSpec, framework: str, keras_extra: str = "", indent: int = 12) -> str:
    """The layers inside ``nn.Sequential(…)`` or ``keras.Sequential([…])``, one per line."""
    sizes = spec.layer_sizes
    torch_act, keras_act, _ = ACTIVATIONS.get(spec.activation, ACTIVATIONS["linear"])
    lines = []
    for index, (fan_in, fan_out) in enumerate(sizes):
        hidden = index < len(sizes) - 1
        if framework == "torch":
            lines.append(f"nn.Linear({fan_in}, {fan_out}),{f' {torch_act},' if hidden else ''}")
        else:
            activation = f'activation="{keras_act}", ' if hidden else ""
            lines.append(f"keras.layers.Dense({fan_out}, {activation}{keras_extra}),")
    return "\n".join(" " * indent + line.replace(", )", ")") for line in lines)


def jax_activation(spec: ModelSpec) -> str:
    return ACTIVATIONS.get(spec.activation, ("", "", ""))[2]


def shape(spec: ModelSpec) -> str:
    """``2 → 32 → 32 → 1, relu between layers``."""
    sizes = " → ".join(str(s) for s in (spec.input_dim, *spec.hidden, spec.output_dim))
    return f"{sizes}{f', {spec.activation} between layers' if spec.hidden else ''}"
