"""Activation functions: name -> {fn, LaTeX, description}; derivatives from jax.grad.

Each function has the signature ``fn(z, alpha)``; ``alpha`` is the activation's
one parameter (α of leaky ReLU, ALReLU, ELU; the initial slope of PReLU) and is
ignored by the others. It enters jitted code as an array, so moving its slider
never recompiles. ``derivative`` is LaTeX for the page only; every derivative
the code uses comes from ``jax.grad``.

Branches use ``jnp.where`` with the exponential's argument clipped at 0, so the
branch not taken never overflows: an ``inf`` there would turn its zero
cotangent into NaN.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.nets import DTYPE

Fn = Callable[[jax.Array, jax.Array], jax.Array]


@dataclass(frozen=True)
class Alpha:
    """The parameter α of an activation, with its slider range."""

    default: float
    min: float
    max: float
    description: str


@dataclass(frozen=True)
class Activation:
    name: str
    title: str
    fn: Fn
    latex: str
    derivative: str  # LaTeX of f'(z); documentation only
    description: str
    reference: str
    alpha: Alpha | None = None
    learnable: bool = False  # α is a parameter of each layer, trained with the weights


def _elu_negative(z: jax.Array, alpha: jax.Array) -> jax.Array:
    return alpha * jnp.expm1(jnp.minimum(z, 0.0))


_SPECS = (
    Activation(
        name="sigmoid",
        title="Sigmoid",
        fn=lambda z, a: jax.nn.sigmoid(z),
        latex=r"\sigma(z) = \frac{1}{1 + e^{-z}}",
        derivative=r"\sigma'(z) = \sigma(z)\,(1 - \sigma(z))",
        description="squashes to (0, 1); saturates, so gradients vanish for large |z|",
        reference="Rumelhart, Hinton & Williams 1986",
    ),
    Activation(
        name="tanh",
        title="tanh",
        fn=lambda z, a: jnp.tanh(z),
        latex=r"\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}",
        derivative=r"\tanh'(z) = 1 - \tanh^2(z)",
        description="zero-centred sigmoid in (−1, 1); also saturates",
        reference="LeCun et al. 1998, Efficient BackProp",
    ),
    Activation(
        name="relu",
        title="ReLU",
        fn=lambda z, a: jax.nn.relu(z),
        latex=r"\mathrm{ReLU}(z) = \max(0, z)",
        derivative=r"\mathrm{ReLU}'(z) = \begin{cases} 0 & z < 0 \\ 1 & z > 0 \end{cases}",
        description="cheap and non-saturating for z > 0; a unit stuck at z < 0 stops learning"
        " (dying ReLU)",
        reference="Nair & Hinton 2010; Glorot, Bordes & Bengio 2011",
    ),
    Activation(
        name="leaky_relu",
        title="Leaky ReLU",
        fn=lambda z, a: jnp.where(z > 0, z, a * z),
        latex=r"\mathrm{LeakyReLU}(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}",
        derivative=r"\begin{cases} 1 & z > 0 \\ \alpha & z < 0 \end{cases}",
        description="a small slope α for z < 0 keeps units from dying",
        reference="Maas, Hannun & Ng 2013",
        alpha=Alpha(0.01, 0.0, 1.0, "slope α for z < 0"),
    ),
    Activation(
        name="alrelu",
        title="ALReLU",
        fn=lambda z, a: jnp.where(z > 0, z, jnp.abs(a * z)),
        latex=r"\mathrm{ALReLU}(z) = \begin{cases} z & z > 0 \\ |\alpha z| & z \le 0 \end{cases}",
        derivative=r"\begin{cases} 1 & z > 0 \\ -\alpha & z < 0 \end{cases}",
        description="absolute leaky ReLU: the negative side is mirrored upwards; useful when"
        " activations are rare",
        reference="Mastromichalakis 2020, ALReLU: A different approach on Leaky ReLU",
        alpha=Alpha(0.01, 0.0, 1.0, "slope magnitude α for z < 0"),
    ),
    Activation(
        name="prelu",
        title="PReLU",
        fn=lambda z, a: jnp.where(z > 0, z, a * z),
        latex=r"\mathrm{PReLU}(z) = \begin{cases} z & z > 0 \\ a z & z \le 0 \end{cases}",
        derivative=r"\begin{cases} 1 & z > 0 \\ a & z < 0 \end{cases},\quad"
        r" \frac{\partial}{\partial a} = \min(0, z)",
        description="leaky ReLU whose slope a is learned, one per hidden layer (channel-shared),"
        " starting at α",
        reference="He et al. 2015, Delving Deep into Rectifiers",
        alpha=Alpha(0.25, 0.0, 1.0, "initial slope a for z < 0 (learned per layer)"),
        learnable=True,
    ),
    Activation(
        name="elu",
        title="ELU",
        fn=lambda z, a: jnp.where(z > 0, z, _elu_negative(z, a)),
        latex=r"\mathrm{ELU}(z) = \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1) & z \le 0"
        r" \end{cases}",
        derivative=r"\begin{cases} 1 & z > 0 \\ \alpha e^{z} & z < 0 \end{cases}",
        description="smooth for α = 1, saturates at −α, mean activations near zero",
        reference="Clevert, Unterthiner & Hochreiter 2016",
        alpha=Alpha(1.0, 0.0, 5.0, "saturation value −α for z → −∞"),
    ),
    Activation(
        name="selu",
        title="SELU",
        fn=lambda z, a: jax.nn.selu(z),
        latex=r"\mathrm{SELU}(z) = \lambda \begin{cases} z & z > 0 \\ \alpha (e^{z} - 1)"
        r" & z \le 0 \end{cases},\ \lambda \approx 1.0507,\ \alpha \approx 1.6733",
        derivative=r"\lambda \begin{cases} 1 & z > 0 \\ \alpha e^{z} & z < 0 \end{cases}",
        description="scaled ELU whose fixed constants make activations self-normalising",
        reference="Klambauer et al. 2017, Self-Normalizing Neural Networks",
    ),
    Activation(
        name="gelu",
        title="GELU",
        fn=lambda z, a: jax.nn.gelu(z, approximate=False),
        latex=r"\mathrm{GELU}(z) = z\,\Phi(z) = \frac{z}{2}\left(1 + \operatorname{erf}"
        r"\frac{z}{\sqrt 2}\right)",
        derivative=r"\Phi(z) + z\,\varphi(z)",
        description="the input weighted by the Gaussian CDF (exact erf form, as torch's default)",
        reference="Hendrycks & Gimpel 2016, Gaussian Error Linear Units",
    ),
    Activation(
        name="swish",
        title="Swish / SiLU",
        fn=lambda z, a: jax.nn.silu(z),
        latex=r"\mathrm{swish}(z) = z\,\sigma(z)",
        derivative=r"\sigma(z) + z\,\sigma(z)(1 - \sigma(z))",
        description="smooth, non-monotonic for z < 0 (β = 1, i.e. SiLU)",
        reference="Ramachandran, Zoph & Le 2017; Elfwing, Uchibe & Doya 2018",
    ),
    Activation(
        name="mish",
        title="Mish",
        fn=lambda z, a: z * jnp.tanh(jax.nn.softplus(z)),
        latex=r"\mathrm{mish}(z) = z \tanh(\ln(1 + e^{z}))",
        derivative=r"\tanh(\mathrm{sp}(z)) + z\,\sigma(z)\,(1 - \tanh^2(\mathrm{sp}(z)))",
        description="smooth, non-monotonic, unbounded above",
        reference="Misra 2019, Mish: A Self Regularized Non-Monotonic Activation Function",
    ),
    Activation(
        name="relu6",
        title="ReLU6",
        fn=lambda z, a: jnp.clip(z, 0.0, 6.0),
        latex=r"\mathrm{ReLU6}(z) = \min(\max(0, z), 6)",
        derivative=r"\begin{cases} 1 & 0 < z < 6 \\ 0 & \text{otherwise} \end{cases}",
        description="ReLU capped at 6 (robust in low precision)",
        reference="Krizhevsky 2010; Howard et al. 2017, MobileNets",
    ),
    Activation(
        name="linear",
        title="Linear (identity)",
        fn=lambda z, a: z,
        latex=r"f(z) = z",
        derivative=r"f'(z) = 1",
        description="no non-linearity: any number of linear layers is one linear map",
        reference="",
    ),
)

ACTIVATIONS: Mapping[str, Activation] = MappingProxyType({a.name: a for a in _SPECS})


def default_alpha(name: str) -> float:
    spec = ACTIVATIONS[name].alpha
    return spec.default if spec is not None else 0.0


@functools.lru_cache(maxsize=len(_SPECS))
def _curves_fn(name: str):
    fn = ACTIVATIONS[name].fn

    def curves(z, alpha):
        value = fn(z, alpha)
        slope = jax.vmap(jax.grad(lambda t: fn(t, alpha)))(z)
        return value, slope

    return jax.jit(curves)


def curves(name: str, alpha: float, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(z) and f'(z) = jax.grad(f)(z) at the points ``z``, for plotting."""
    value, slope = _curves_fn(name)(jnp.asarray(z, DTYPE), jnp.asarray(alpha, DTYPE))
    return np.asarray(value), np.asarray(slope)
