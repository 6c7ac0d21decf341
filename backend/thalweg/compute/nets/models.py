"""Models as pytrees: a list of dense layers ``{"w": (fan_in, fan_out), "b": (fan_out,)}``.

Every model computes scores (logits) ``s = f(x; θ)`` of shape (n, outputs); the
losses apply the task's link (identity, σ, softmax). Kinds:

* ``linear``   ŷ = w·x₀ + b: exactly two parameters, regression on feature 0.
* ``logistic`` p = σ(w·x₀ + b): exactly two parameters, binary classification on
  feature 0 (the 1-D data set ``classes_1d`` is made for it; on 2-D data the
  boundary is the vertical line x₀ = −b/w).
* ``neuron``   s = Wᵀx + b on all features, no hidden layer: a single neuron
  (one per class for multiclass), i.e. linear / logistic / softmax regression.
* ``mlp``      1-4 hidden layers of 1-64 units with a chosen activation, then a
  linear output layer: h_{l+1} = act(h_l W_l + b_l).

PReLU layers carry a third leaf ``"a"`` (1,), their learned slope.

The optimizer sees the flat vector θ (``flatten``): layer by layer w (row-major),
then b, then a. Flat θ keeps one code path for all optimizers (Newton and
L-BFGS want a vector) and is what the landscapes slice; ``unflatten`` is slices
and reshapes, free under jit.

Initialisation (biases 0 except for ``normal``):

* ``normal``  every parameter ~ N(0, σ²), as in the lecture slides;
* ``glorot``  W ~ U(−r, r), r = √(6 / (fan_in + fan_out)) (Glorot & Bengio 2010;
  Keras' default ``glorot_uniform``);
* ``he``      W ~ N(0, 2 / fan_in) (He et al. 2015, for ReLU units).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Literal

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets import DTYPE
from thalweg.compute.nets.activations import ACTIVATIONS

Kind = Literal["linear", "logistic", "neuron", "mlp"]
Scheme = Literal["normal", "glorot", "he"]
Params = list[dict[str, jax.Array]]

KINDS: dict[str, str] = {
    "linear": "linear regression ŷ = w·x + b (two parameters; 1-D regression data)",
    "logistic": "logistic regression p = σ(w·x₀ + b) (two parameters; binary data, feature x₀)",
    "neuron": "a single layer without hidden units: s = Wᵀx + b on all features",
    "mlp": "multilayer perceptron: 1-4 hidden layers of 1-64 units",
}
# Which tasks each kind can learn.
KIND_TASKS: dict[str, tuple[str, ...]] = {
    "linear": ("regression",),
    "logistic": ("binary",),
    "neuron": ("binary", "multiclass", "regression"),
    "mlp": ("binary", "multiclass", "regression"),
}
INIT_SCHEMES: dict[str, str] = {
    "normal": "every weight and bias ~ N(0, σ²)",
    "glorot": "W ~ U(−r, r), r = √(6/(fan_in + fan_out)); b = 0 (Glorot & Bengio 2010)",
    "he": "W ~ N(0, 2/fan_in); b = 0 (He et al. 2015)",
}


@dataclass(frozen=True)
class ModelSpec:
    """The architecture: everything that fixes the shapes (and so the compiled program)."""

    kind: Kind
    input_dim: int  # features read from x (1 for linear/logistic)
    hidden: tuple[int, ...]
    output_dim: int
    activation: str

    @property
    def layer_sizes(self) -> list[tuple[int, int]]:
        sizes = [self.input_dim, *self.hidden, self.output_dim]
        return list(itertools.pairwise(sizes))

    @property
    def learnable_alpha(self) -> bool:
        return bool(self.hidden) and ACTIVATIONS[self.activation].learnable

    def layout(self) -> list[dict[str, tuple[int, tuple[int, ...]]]]:
        """Per layer: leaf name -> (offset in θ, shape)."""
        out, offset = [], 0
        for index, (fan_in, fan_out) in enumerate(self.layer_sizes):
            leaves = {"w": (fan_in, fan_out), "b": (fan_out,)}
            if self.learnable_alpha and index < len(self.hidden):
                leaves["a"] = (1,)
            layer = {}
            for name, shape in leaves.items():
                layer[name] = (offset, shape)
                offset += int(np.prod(shape))
            out.append(layer)
        return out

    @property
    def size(self) -> int:
        """P, the number of parameters."""
        return sum(int(np.prod(shape)) for layer in self.layout() for _, shape in layer.values())


def make_spec(
    kind: Kind, features: int, task: str, n_classes: int, hidden=(), activation="tanh"
) -> ModelSpec:
    """The spec for ``kind`` on data with ``features`` columns; ``hidden`` only for mlp."""
    if task not in KIND_TASKS[kind]:
        raise ValueError(
            f"model {kind!r} cannot learn a {task} task; it fits: {', '.join(KIND_TASKS[kind])}"
        )
    input_dim = 1 if kind in ("linear", "logistic") else features
    output_dim = n_classes if task == "multiclass" else 1
    return ModelSpec(
        kind, input_dim, tuple(hidden) if kind == "mlp" else (), output_dim, activation
    )


def init(spec: ModelSpec, key: jax.Array, scheme: Scheme, sigma: float, alpha: float) -> Params:
    """Random parameters (see the module docstring); PReLU slopes start at ``alpha``."""
    params = []
    keys = jax.random.split(key, len(spec.layer_sizes))
    for layer_key, layer in zip(keys, spec.layout(), strict=True):
        (fan_in, fan_out) = layer["w"][1]
        kw, kb = jax.random.split(layer_key)
        if scheme == "normal":
            w = sigma * jax.random.normal(kw, (fan_in, fan_out), DTYPE)
            b = sigma * jax.random.normal(kb, (fan_out,), DTYPE)
        elif scheme == "glorot":
            r = np.sqrt(6.0 / (fan_in + fan_out))
            w = jax.random.uniform(kw, (fan_in, fan_out), DTYPE, -r, r)
            b = jnp.zeros((fan_out,), DTYPE)
        elif scheme == "he":
            w = np.sqrt(2.0 / fan_in) * jax.random.normal(kw, (fan_in, fan_out), DTYPE)
            b = jnp.zeros((fan_out,), DTYPE)
        else:
            raise ValueError(f"unknown init scheme {scheme!r}; valid: {', '.join(INIT_SCHEMES)}")
        leaves = {"w": w.astype(DTYPE), "b": b}
        if "a" in layer:
            leaves["a"] = jnp.full((1,), alpha, DTYPE)
        params.append(leaves)
    return params


@functools.lru_cache(maxsize=64)
def _initial_theta(spec: ModelSpec, scheme: Scheme):
    return jax.jit(lambda key, sigma, alpha: flatten(init(spec, key, scheme, sigma, alpha)))


def initial_theta(
    spec: ModelSpec, key: jax.Array, scheme: Scheme, sigma: float, alpha: float
) -> np.ndarray:
    """``flatten(init(...))`` as one compiled program (eager init dispatches ~50 small ops)."""
    init_fn = _initial_theta(spec, scheme)
    return np.asarray(init_fn(key, jnp.asarray(sigma, DTYPE), jnp.asarray(alpha, DTYPE)))


def apply(
    spec: ModelSpec, params: Params, x: jax.Array, alpha: jax.Array, fold_bias: bool = False
) -> jax.Array:
    """Scores s = f(x; θ), shape (n, output_dim). ``alpha`` is the fixed activation α.

    ``fold_bias`` computes the first layer as [x, 1] @ [W; b]: the same numbers,
    but a bare matrix product, which XLA:CPU fuses with the activation after it
    even when W and b differ per vmapped grid point (the landscapes: measured
    ~1.4× faster on the 2-16-16-1 tanh plane). Training leaves it off: there
    the concatenation costs 5-15 % per step.
    """
    fn = ACTIVATIONS[spec.activation].fn
    h = x[:, : spec.input_dim]
    for index, layer in enumerate(params):
        if index == 0 and fold_bias:
            ones = jnp.ones((h.shape[0], 1), h.dtype)
            z = jnp.concatenate([h, ones], axis=1) @ jnp.concatenate(
                [layer["w"], layer["b"][None, :]], axis=0
            )
        else:
            z = h @ layer["w"] + layer["b"][None, :]
        if index == len(params) - 1:
            return z
        h = fn(z, layer["a"][0] if "a" in layer else alpha)
    raise AssertionError("a model has at least one layer")


def flatten(params: Params) -> jax.Array:
    """θ: each layer's w (row-major), b, then a, in layer order."""
    return jnp.concatenate(
        [jnp.ravel(layer[name]) for layer in params for name in ("w", "b", "a") if name in layer]
    ).astype(DTYPE)


def unflatten(spec: ModelSpec, theta: jax.Array) -> Params:
    """The pytree for a flat θ (slices and reshapes only)."""
    return [
        {
            name: theta[offset : offset + int(np.prod(shape))].reshape(shape)
            for name, (offset, shape) in layer.items()
        }
        for layer in spec.layout()
    ]


def weight_mask(spec: ModelSpec) -> np.ndarray:
    """(P,) bool: True where θ holds a weight (not a bias or a PReLU slope)."""
    mask = np.zeros(spec.size, bool)
    for layer in spec.layout():
        offset, shape = layer["w"]
        mask[offset : offset + int(np.prod(shape))] = True
    return mask
