"""Two-dimensional test functions and teaching surfaces.

A surface defines its value only: ``value(x, y, params) -> f``. Gradients and
Hessians come from JAX. ``params`` is a 1-D float64 array holding the surface's
adjustable parameters in the order of ``Surface.params`` (empty for most), so
moving a parameter slider never recompiles jitted code.

Formulas and minima follow shared/TEST_FUNCTIONS.md (VLSE and Wikipedia); the
minimisers are refined to float64 precision (Newton steps on the JAX gradient),
so the gradient vanishes there to round-off. Square roots of |·| go through
``_sqrt0``, whose gradient at 0 is 0 rather than NaN.

A surface of kind ``"game"`` is a two-player zero-sum game min_x max_y f(x, y),
the convention of the GDA optimizers (x the minimising player, y the maximising
one). Its ``minima`` list its equilibria instead (points where neither player
gains by moving alone), and ``axes`` names the players.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import jax
import jax.numpy as jnp

ValueFn = Callable[[jax.Array, jax.Array, jax.Array], jax.Array]


@dataclass(frozen=True)
class Minimum:
    """A known global minimum f(x, y) = value."""

    x: float
    y: float
    value: float


@dataclass(frozen=True)
class SurfaceParam:
    """An adjustable surface parameter (e.g. the condition number κ)."""

    name: str
    default: float
    min: float
    max: float
    scale: str  # "log" | "linear"
    description: str


@dataclass(frozen=True)
class Surface:
    """A 2-D objective with the metadata that drives the API and the picker."""

    id: str
    name: str
    formula: str  # LaTeX
    value: ValueFn
    domain: tuple[tuple[float, float], tuple[float, float]]
    minima: tuple[Minimum, ...]
    start: tuple[float, float]
    log_scale: bool
    description: str = ""
    params: tuple[SurfaceParam, ...] = ()
    smooth_minima: bool = True  # False where a minimum is no stationary point (kink, boundary)
    kind: Literal["minimise", "game"] = "minimise"  # "game": min over x, max over y
    axes: tuple[str, str] = ("x", "y")  # axis titles; a game's name its players
    extra: Mapping[str, object] = field(default_factory=dict)

    def default_params(self) -> jax.Array:
        return jnp.asarray([p.default for p in self.params], dtype=jnp.float64)


# Value functions. ``params`` is unused except where a surface declares parameters.
# Every function is elementwise in (x, y), so it broadcasts over grids unchanged.


def _sqrt0(u: jax.Array) -> jax.Array:
    """√u for u ≥ 0, with gradient 0 instead of NaN at u = 0.

    The inner ``where`` keeps the untaken branch's derivative finite (the
    "double where" trick), so trajectories through a kink never turn into NaN.
    """
    positive = u > 0
    return jnp.where(positive, jnp.sqrt(jnp.where(positive, u, 1.0)), 0.0)


def _sqrt_abs(u: jax.Array) -> jax.Array:
    """√|u|, with gradient 0 at u = 0."""
    return _sqrt0(jnp.abs(u))


def _radius(x: jax.Array, y: jax.Array) -> jax.Array:
    """r = √(x² + y²), with gradient 0 at the origin."""
    return _sqrt0(x**2 + y**2)


def _sphere(x, y, params):
    return x**2 + y**2


def _rosenbrock(x, y, params):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def _himmelblau(x, y, params):
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def _rastrigin(x, y, params):
    return 20 + x**2 - 10 * jnp.cos(2 * math.pi * x) + y**2 - 10 * jnp.cos(2 * math.pi * y)


def _ackley(x, y, params):
    # The cone term makes the minimum a kink: f ≈ 2√2·r near the origin.
    cone = -20 * jnp.exp(-0.2 * _radius(x, y) / math.sqrt(2))
    ripples = -jnp.exp(0.5 * (jnp.cos(2 * math.pi * x) + jnp.cos(2 * math.pi * y)))
    return cone + ripples + math.e + 20


def _beale(x, y, params):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def _goldstein_price(x, y, params):
    a = 1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)
    b = 30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    return a * b


def _booth(x, y, params):
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def _matyas(x, y, params):
    return 0.26 * (x**2 + y**2) - 0.48 * x * y


def _bukin6(x, y, params):
    return 100 * _sqrt_abs(y - 0.01 * x**2) + 0.01 * jnp.abs(x + 10)


def _levi13(x, y, params):
    return (
        jnp.sin(3 * math.pi * x) ** 2
        + (x - 1) ** 2 * (1 + jnp.sin(3 * math.pi * y) ** 2)
        + (y - 1) ** 2 * (1 + jnp.sin(2 * math.pi * y) ** 2)
    )


def _three_hump_camel(x, y, params):
    return 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2


def _six_hump_camel(x, y, params):
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


def _easom(x, y, params):
    return -jnp.cos(x) * jnp.cos(y) * jnp.exp(-((x - math.pi) ** 2 + (y - math.pi) ** 2))


def _cross_in_tray(x, y, params):
    # √(x² + y²)/π, not √((x² + y²)/π) as in gonum (whose minimum is −1.9736).
    bump = jnp.exp(jnp.abs(100 - _radius(x, y) / math.pi))
    return -1e-4 * (jnp.abs(jnp.sin(x) * jnp.sin(y) * bump) + 1) ** 0.1


def _eggholder(x, y, params):
    return -(y + 47) * jnp.sin(_sqrt_abs(x / 2 + y + 47)) - x * jnp.sin(_sqrt_abs(x - (y + 47)))


def _holder_table(x, y, params):
    return -jnp.abs(jnp.sin(x) * jnp.cos(y) * jnp.exp(jnp.abs(1 - _radius(x, y) / math.pi)))


def _mccormick(x, y, params):
    return jnp.sin(x + y) + (x - y) ** 2 - 1.5 * x + 2.5 * y + 1


def _schaffer_damping(x, y):
    return (1 + 0.001 * (x**2 + y**2)) ** 2


def _schaffer2(x, y, params):
    return 0.5 + (jnp.sin(x**2 - y**2) ** 2 - 0.5) / _schaffer_damping(x, y)


def _schaffer4(x, y, params):
    # cos²(sin t) is even in t, so |x² − y²| leaves no kink: the minima are smooth.
    # The square on cos matters (gonum drops it).
    return 0.5 + (jnp.cos(jnp.sin(jnp.abs(x**2 - y**2))) ** 2 - 0.5) / _schaffer_damping(x, y)


def _drop_wave(x, y, params):
    # cos(12r) is even in r, so the centre is smooth despite the square root.
    return -(1 + jnp.cos(12 * _radius(x, y))) / (0.5 * (x**2 + y**2) + 2)


def _styblinski_tang(x, y, params):
    return 0.5 * ((x**4 - 16 * x**2 + 5 * x) + (y**4 - 16 * y**2 + 5 * y))


def _griewank(x, y, params):
    return (x**2 + y**2) / 4000 - jnp.cos(x) * jnp.cos(y / math.sqrt(2)) + 1


def _schwefel(x, y, params):
    # 837.9658 = 2 · 418.9829 as published; the true minimum is then 2.5e-5, not 0.
    return 837.9658 - x * jnp.sin(_sqrt_abs(x)) - y * jnp.sin(_sqrt_abs(y))


def _branin(x, y, params):
    valley = y - 5.1 / (4 * math.pi**2) * x**2 + 5 / math.pi * x - 6
    return valley**2 + 10 * (1 - 1 / (8 * math.pi)) * jnp.cos(x) + 10


def _shubert_factor(t: jax.Array) -> jax.Array:
    """Σᵢ₌₁⁵ i·cos((i+1)t + i), 2π-periodic."""
    return sum(i * jnp.cos((i + 1) * t + i) for i in range(1, 6))


def _shubert(x, y, params):
    return _shubert_factor(x) * _shubert_factor(y)


def _dixon_price(x, y, params):
    return (x - 1) ** 2 + 2 * (2 * y**2 - x) ** 2


def _trid(x, y, params):
    return (x - 1) ** 2 + (y - 1) ** 2 - x * y


def _ill_conditioned(x, y, params):
    return 0.5 * (x**2 + params[0] * y**2)


def _saddle(x, y, params):
    return x**2 - y**2


def _monkey_saddle(x, y, params):
    return x**3 - 3 * x * y**2


_WELL_CENTRE = (1.5, 1.0)
_WELL_WIDTH = 0.3  # σ
_PLATEAU_TILT = 0.002  # ε


def _plateau(x, y, params):
    """1 − exp(−d²/(2σ²)) + ε·d², d the distance to the well's centre.

    Strictly increasing in d, so the centre is the only minimum (f = 0). Off the
    well the Gaussian underflows and only the tilt's gradient 2εd remains.
    """
    d2 = (x - _WELL_CENTRE[0]) ** 2 + (y - _WELL_CENTRE[1]) ** 2
    return 1 - jnp.exp(-d2 / (2 * _WELL_WIDTH**2)) + _PLATEAU_TILT * d2


def _bilinear(x, y, params):
    return x * y


def _dirac_gan(x, y, params):
    """V(θ, ψ) = f(ψθ) − γ/2·ψ² with f(t) = −log(1 + e^(−t)), θ = x, ψ = y.

    The Dirac GAN: real data at 0, the generator puts all its mass at θ, the
    discriminator is D(x) = ψx; f(ψθ) is the generator's part of the GAN loss
    (the real part f(0) is a constant). −γ/2·ψ² is the R1 penalty
    γ/2·E[‖∇D‖²] of the maximising discriminator. ``logaddexp`` keeps f finite
    where e^(−t) overflows. Reference: Mescheder, Geiger & Nowozin 2018, "Which
    training methods for GANs do actually converge?", ICML (the Dirac-GAN).
    """
    return -jnp.logaddexp(0.0, -x * y) - 0.5 * params[0] * y**2


def _mirrored(x: float, y: float, value: float) -> tuple[Minimum, ...]:
    """The four minima (±x, ±y) of a surface symmetric in both axes."""
    return tuple(Minimum(sx * x, sy * y, value) for sx in (1, -1) for sy in (1, -1))


# Maximiser and minimiser of the 2π-periodic Shubert factor (14.508008 and −12.870885).
_SHUBERT_ARGMAX = -0.8003211004719731
_SHUBERT_ARGMIN = -1.425128428319761


def _shubert_minima() -> tuple[Minimum, ...]:
    """The 18 global minima in [−10, 10]²: one factor at its maximum, the other at its minimum.

    Each extremum of the factor recurs three times in [−10, 10] (period 2π), and
    the two roles can be swapped: 3 · 3 · 2 = 18.
    """
    tops = [_SHUBERT_ARGMAX + 2 * math.pi * k for k in (-1, 0, 1)]
    bottoms = [_SHUBERT_ARGMIN + 2 * math.pi * k for k in (-1, 0, 1)]
    pairs = [(t, b) for t in tops for b in bottoms] + [(b, t) for t in tops for b in bottoms]
    return tuple(Minimum(x, y, -186.73090883102378) for x, y in pairs)


def _square(half: float) -> tuple[tuple[float, float], tuple[float, float]]:
    return ((-half, half), (-half, half))


_SURFACE_LIST: tuple[Surface, ...] = (
    Surface(
        id="sphere",
        name="Sphere",
        formula=r"x^2 + y^2",
        value=_sphere,
        domain=_square(5.12),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(4.0, 3.0),
        log_scale=False,
        description="The convex baseline: every method converges; compare how fast.",
    ),
    Surface(
        id="rosenbrock",
        name="Rosenbrock",
        formula=r"(1 - x)^2 + 100\,(y - x^2)^2",
        value=_rosenbrock,
        domain=((-2.0, 2.0), (-1.0, 3.0)),
        minima=(Minimum(1.0, 1.0, 0.0),),
        start=(-1.2, 1.0),
        log_scale=True,
        description="A curved, flat-bottomed valley: easy to reach, slow to follow to (1, 1).",
    ),
    Surface(
        id="himmelblau",
        name="Himmelblau",
        formula=r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        value=_himmelblau,
        domain=_square(5.0),
        minima=(
            Minimum(3.0, 2.0, 0.0),
            Minimum(-2.805118086952745, 3.131312518250573, 0.0),
            Minimum(-3.779310253377747, -3.2831859912861696, 0.0),
            Minimum(3.5844283403304917, -1.8481265269644034, 0.0),
        ),
        start=(0.0, 0.0),
        log_scale=True,
        description="Four equal minima: the start and the optimizer decide which one wins.",
    ),
    Surface(
        id="rastrigin",
        name="Rastrigin",
        formula=r"20 + x^2 - 10\cos(2\pi x) + y^2 - 10\cos(2\pi y)",
        value=_rastrigin,
        domain=_square(5.12),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(3.3, -2.6),
        log_scale=False,
        description="A bowl under regular ripples: local minima everywhere trap plain descent.",
    ),
    Surface(
        id="ackley",
        name="Ackley",
        formula=(
            r"-20\,e^{-0.2\sqrt{0.5(x^2 + y^2)}} - e^{0.5(\cos 2\pi x + \cos 2\pi y)} + e + 20"
        ),
        value=_ackley,
        domain=_square(5.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(3.5, -2.8),
        log_scale=False,
        description="A rippled, nearly flat outer region around a sharp central funnel.",
        smooth_minima=False,
    ),
    Surface(
        id="beale",
        name="Beale",
        formula=r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
        value=_beale,
        domain=_square(4.5),
        minima=(Minimum(3.0, 0.5, 0.0),),
        start=(1.0, 1.4),
        log_scale=True,
        description="Steep walls and a flat valley: gradient sizes span orders of magnitude.",
    ),
    Surface(
        id="goldstein_price",
        name="Goldstein–Price",
        formula=(
            r"\left[1 + (x + y + 1)^2 (19 - 14x + 3x^2 - 14y + 6xy + 3y^2)\right]"
            r"\left[30 + (2x - 3y)^2 (18 - 32x + 12x^2 + 48y - 36xy + 27y^2)\right]"
        ),
        value=_goldstein_price,
        domain=_square(2.0),
        minima=(Minimum(0.0, -1.0, 3.0),),
        start=(-1.0, 1.0),
        log_scale=True,
        description="Several local minima, with values spanning six orders of magnitude.",
    ),
    Surface(
        id="booth",
        name="Booth",
        formula=r"(x + 2y - 7)^2 + (2x + y - 5)^2",
        value=_booth,
        domain=_square(10.0),
        minima=(Minimum(1.0, 3.0, 0.0),),
        start=(-8.0, -6.0),
        log_scale=True,
        description="A tilted quadratic bowl: a gentle warm-up.",
    ),
    Surface(
        id="matyas",
        name="Matyas",
        formula=r"0.26\,(x^2 + y^2) - 0.48\,xy",
        value=_matyas,
        domain=_square(10.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(8.0, -2.0),
        log_scale=True,
        description="A flat quadratic stretched along the diagonal (condition number 25).",
    ),
    Surface(
        id="bukin6",
        name="Bukin N.6",
        formula=r"100\sqrt{\lvert y - 0.01x^2 \rvert} + 0.01\,\lvert x + 10 \rvert",
        value=_bukin6,
        domain=((-15.0, -5.0), (-3.0, 3.0)),
        minima=(Minimum(-10.0, 1.0, 0.0),),
        start=(-7.0, -1.5),
        log_scale=False,
        description="A non-smooth ridge: gradients point across it, almost never along it.",
        smooth_minima=False,
    ),
    Surface(
        id="levi13",
        name="Lévi N.13",
        formula=(
            r"\sin^2(3\pi x) + (x - 1)^2\left[1 + \sin^2(3\pi y)\right]"
            r" + (y - 1)^2\left[1 + \sin^2(2\pi y)\right]"
        ),
        value=_levi13,
        domain=_square(10.0),
        minima=(Minimum(1.0, 1.0, 0.0),),
        start=(-4.0, 6.0),
        log_scale=True,
        description="A bowl with anisotropic ripples that trap small steps.",
    ),
    Surface(
        id="three_hump_camel",
        name="Three-hump camel",
        formula=r"2x^2 - 1.05x^4 + \frac{x^6}{6} + xy + y^2",
        value=_three_hump_camel,
        domain=_square(5.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(2.5, -2.0),
        log_scale=True,
        description="Two local minima flank the global one: the start decides the basin.",
    ),
    Surface(
        id="six_hump_camel",
        name="Six-hump camel",
        formula=r"\left(4 - 2.1x^2 + \frac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2",
        value=_six_hump_camel,
        domain=((-3.0, 3.0), (-2.0, 2.0)),
        minima=(
            Minimum(0.08984201310031806, -0.7126564030207396, -1.0316284534898774),
            Minimum(-0.08984201310031806, 0.7126564030207396, -1.0316284534898774),
        ),
        start=(-1.5, -1.0),
        log_scale=True,
        description="Two global and four local minima: watch momentum hop between basins.",
    ),
    Surface(
        id="easom",
        name="Easom",
        formula=r"-\cos x \cos y\, e^{-\left[(x - \pi)^2 + (y - \pi)^2\right]}",
        value=_easom,
        domain=_square(100.0),
        minima=(Minimum(math.pi, math.pi, -1.0),),
        start=(2.0, 4.3),
        log_scale=False,
        description="Flat almost everywhere but for one small well: far away, no gradient.",
    ),
    Surface(
        id="cross_in_tray",
        name="Cross-in-tray",
        formula=(
            r"-0.0001\left(\left\lvert \sin x \sin y\,"
            r"e^{\left\lvert 100 - \sqrt{x^2 + y^2}/\pi \right\rvert} \right\rvert + 1\right)^{0.1}"
        ),
        value=_cross_in_tray,
        domain=_square(10.0),
        minima=_mirrored(1.3494066171539107, 1.3494066171539107, -2.062611870822738),
        start=(-6.0, 4.5),
        log_scale=False,
        description="A lattice of wells between sharp cross-shaped ridges; four are global.",
    ),
    Surface(
        id="eggholder",
        name="Eggholder",
        formula=(
            r"-(y + 47)\sin\sqrt{\left\lvert \tfrac{x}{2} + y + 47 \right\rvert}"
            r" - x\sin\sqrt{\lvert x - (y + 47) \rvert}"
        ),
        value=_eggholder,
        domain=_square(512.0),
        minima=(Minimum(512.0, 404.2318051137578, -959.6406627208507),),
        start=(300.0, -200.0),
        log_scale=False,
        description="A rugged landscape whose global minimum sits on the boundary.",
        smooth_minima=False,
    ),
    Surface(
        id="holder_table",
        name="Hölder table",
        formula=(
            r"-\left\lvert \sin x \cos y\,"
            r"e^{\left\lvert 1 - \sqrt{x^2 + y^2}/\pi \right\rvert} \right\rvert"
        ),
        value=_holder_table,
        domain=_square(10.0),
        minima=_mirrored(8.055023475736563, 9.664590019241272, -19.208502567886732),
        start=(3.0, 4.0),
        log_scale=False,
        description="Many shallow wells and four deep ones near the corners.",
    ),
    Surface(
        id="mccormick",
        name="McCormick",
        formula=r"\sin(x + y) + (x - y)^2 - 1.5x + 2.5y + 1",
        value=_mccormick,
        domain=((-1.5, 4.0), (-3.0, 4.0)),
        minima=(Minimum(0.5 - math.pi / 3, -0.5 - math.pi / 3, -math.sqrt(3) / 2 - math.pi / 3),),
        start=(-1.0, 3.0),
        log_scale=False,
        description="A smooth tilted valley with a single minimum.",
    ),
    Surface(
        id="schaffer2",
        name="Schaffer N.2",
        formula=r"0.5 + \frac{\sin^2(x^2 - y^2) - 0.5}{\left[1 + 0.001(x^2 + y^2)\right]^2}",
        value=_schaffer2,
        domain=_square(100.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(5.0, 3.0),
        log_scale=False,
        description="Hyperbolic ripples of rising frequency around a central minimum.",
    ),
    Surface(
        id="schaffer4",
        name="Schaffer N.4",
        formula=(
            r"0.5 + \frac{\cos^2(\sin\lvert x^2 - y^2 \rvert) - 0.5}"
            r"{\left[1 + 0.001(x^2 + y^2)\right]^2}"
        ),
        value=_schaffer4,
        domain=_square(100.0),
        minima=(
            Minimum(0.0, 1.2531318314637332, 0.29257863203598056),
            Minimum(0.0, -1.2531318314637332, 0.29257863203598056),
            Minimum(1.2531318314637332, 0.0, 0.29257863203598056),
            Minimum(-1.2531318314637332, 0.0, 0.29257863203598056),
        ),
        start=(10.0, -7.0),
        log_scale=False,
        description="Ripples of rising frequency; the four minima sit on the axes near the centre.",
    ),
    Surface(
        id="drop_wave",
        name="Drop-wave",
        formula=r"-\frac{1 + \cos\left(12\sqrt{x^2 + y^2}\right)}{0.5(x^2 + y^2) + 2}",
        value=_drop_wave,
        domain=_square(5.12),
        minima=(Minimum(0.0, 0.0, -1.0),),
        start=(2.0, -1.5),
        log_scale=False,
        description="Concentric rings of local minima around one central well.",
    ),
    Surface(
        id="styblinski_tang",
        name="Styblinski–Tang",
        formula=r"\tfrac{1}{2}\left[(x^4 - 16x^2 + 5x) + (y^4 - 16y^2 + 5y)\right]",
        value=_styblinski_tang,
        domain=_square(5.0),
        minima=(Minimum(-2.9035340277711774, -2.9035340277711774, -78.33233140754284),),
        start=(0.5, 4.5),
        log_scale=False,
        description="Separable: per coordinate one local and one global minimum.",
    ),
    Surface(
        id="griewank",
        name="Griewank",
        formula=r"\frac{x^2 + y^2}{4000} - \cos x \cos\frac{y}{\sqrt{2}} + 1",
        value=_griewank,
        domain=_square(600.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(400.0, -300.0),
        log_scale=False,
        description="A wide bowl seen from afar, a dense grid of local minima close up.",
    ),
    Surface(
        id="schwefel",
        name="Schwefel",
        formula=r"837.9658 - x\sin\sqrt{\lvert x \rvert} - y\sin\sqrt{\lvert y \rvert}",
        value=_schwefel,
        domain=_square(500.0),
        minima=(Minimum(420.968746359982, 420.968746359982, 2.5455132458773733e-05),),
        start=(-300.0, 200.0),
        log_scale=False,
        description="Deceptive: the best minimum lies near a corner, far from the next best.",
    ),
    Surface(
        id="branin",
        name="Branin",
        formula=(
            r"\left(y - \frac{5.1}{4\pi^2}x^2 + \frac{5}{\pi}x - 6\right)^2"
            r" + 10\left(1 - \frac{1}{8\pi}\right)\cos x + 10"
        ),
        value=_branin,
        domain=((-5.0, 10.0), (0.0, 15.0)),
        minima=(
            Minimum(-math.pi, 12.275, 5 / (4 * math.pi)),
            Minimum(math.pi, 2.275, 5 / (4 * math.pi)),
            Minimum(3 * math.pi, 2.475, 5 / (4 * math.pi)),
        ),
        start=(2.0, 12.0),
        log_scale=True,
        description="A curved valley holding three equal minima.",
    ),
    Surface(
        id="shubert",
        name="Shubert",
        formula=(
            r"\left[\sum_{i=1}^{5} i\cos\left((i + 1)x + i\right)\right]"
            r"\left[\sum_{i=1}^{5} i\cos\left((i + 1)y + i\right)\right]"
        ),
        value=_shubert,
        domain=_square(10.0),
        minima=_shubert_minima(),
        start=(0.5, -0.5),
        log_scale=False,
        description="Eighteen global minima among hundreds of local ones.",
    ),
    Surface(
        id="dixon_price",
        name="Dixon–Price",
        formula=r"(x - 1)^2 + 2\,(2y^2 - x)^2",
        value=_dixon_price,
        domain=_square(10.0),
        minima=(
            Minimum(1.0, 1 / math.sqrt(2), 0.0),
            Minimum(1.0, -1 / math.sqrt(2), 0.0),
        ),
        start=(-5.0, 0.5),
        log_scale=True,
        description="A curved valley with two mirror-image minima.",
    ),
    Surface(
        id="trid",
        name="Trid",
        formula=r"(x - 1)^2 + (y - 1)^2 - xy",
        value=_trid,
        domain=_square(4.0),
        minima=(Minimum(2.0, 2.0, -2.0),),
        start=(-3.5, 3.0),
        log_scale=False,
        description="A convex quadratic whose xy coupling tilts the bowl off the axes.",
    ),
    Surface(
        id="ill_conditioned",
        name="Ill-conditioned bowl",
        formula=r"\tfrac{1}{2}\left(x^2 + \kappa y^2\right)",
        value=_ill_conditioned,
        domain=((-3.0, 3.0), (-2.0, 2.0)),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(-2.5, 1.5),
        log_scale=True,
        description="Curvatures differ by κ: gradient descent zig-zags; momentum's home ground.",
        params=(
            SurfaceParam(
                name="kappa",
                default=10.0,
                min=1.0,
                max=1000.0,
                scale="log",
                description="Condition number κ: the ratio of the two curvatures.",
            ),
        ),
    ),
    Surface(
        id="saddle",
        name="Saddle",
        formula=r"x^2 - y^2",
        value=_saddle,
        domain=_square(2.0),
        minima=(),
        start=(1.5, 0.01),
        log_scale=False,
        description="A saddle point: descent slows near it and escapes only along y.",
    ),
    Surface(
        id="monkey_saddle",
        name="Monkey saddle",
        formula=r"x^3 - 3xy^2",
        value=_monkey_saddle,
        domain=_square(2.0),
        minima=(),
        start=(1.5, 0.1),
        log_scale=False,
        description="A degenerate saddle: the gradient vanishes quadratically, so steps crawl.",
    ),
    Surface(
        id="plateau",
        name="Plateau",
        formula=(
            r"1 - e^{-\frac{(x - 1.5)^2 + (y - 1)^2}{2 \cdot 0.3^2}}"
            r" + 0.002\left[(x - 1.5)^2 + (y - 1)^2\right]"
        ),
        value=_plateau,
        domain=_square(4.0),
        minima=(Minimum(*_WELL_CENTRE, 0.0),),
        start=(-3.0, -3.0),
        log_scale=False,
        description="A plateau with a narrow well: tiny gradients make plain descent creep.",
    ),
    Surface(
        id="bilinear",
        name="Bilinear game",
        formula=r"xy",
        value=_bilinear,
        domain=_square(2.0),
        minima=(Minimum(0.0, 0.0, 0.0),),
        start=(1.5, 1.0),
        log_scale=False,
        description=(
            "The min-max game min_x max_y xy: gradient descent-ascent spirals away from"
            " the equilibrium (0, 0), as in GAN training."
        ),
        kind="game",
        axes=("minimising player x", "maximising player y"),
    ),
    Surface(
        id="dirac_gan",
        name="Dirac GAN",
        formula=r"-\log\left(1 + e^{-\psi\theta}\right) - \tfrac{\gamma}{2}\psi^2",
        value=_dirac_gan,
        domain=_square(2.0),
        minima=(Minimum(0.0, 0.0, -math.log(2.0)),),
        start=(1.0, 1.0),
        log_scale=False,
        description=(
            "The smallest GAN: a generator at θ against a linear discriminator ψ."
            " Simultaneous descent-ascent spirals out, alternating steps cycle;"
            " an R1 penalty γ > 0 lets both converge to the equilibrium (0, 0) for small steps."
        ),
        params=(
            SurfaceParam(
                name="gamma",
                default=0.0,
                min=0.0,
                max=10.0,
                scale="linear",
                description="R1 penalty γ on the discriminator: V − γ/2·ψ².",
            ),
        ),
        kind="game",
        axes=("generator θ", "discriminator ψ"),
    ),
)

SURFACES: Mapping[str, Surface] = MappingProxyType({s.id: s for s in _SURFACE_LIST})


def get_surface(surface_id: str) -> Surface:
    """The registered surface with this id; KeyError naming the valid ids otherwise."""
    try:
        return SURFACES[surface_id]
    except KeyError:
        valid = ", ".join(SURFACES)
        raise KeyError(f"unknown surface {surface_id!r}; valid ids: {valid}") from None
