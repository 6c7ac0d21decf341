"""Surface registry: gradients, literature minima, domains, vectorisation.

Every test is parametrized over ``SURFACES``, so a surface is checked the moment
it is registered. Expected minima come from shared/TEST_FUNCTIONS.md, copied
into ``LITERATURE`` below rather than read back from the registry.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.surfaces import SURFACES, Surface, get_surface

ALL_SURFACES = pytest.mark.parametrize("surface", list(SURFACES.values()), ids=list(SURFACES))
# Surfaces to minimise: their listed minima are minima. A game's are equilibria.
MINIMISED = [s for s in SURFACES.values() if s.kind == "minimise"]
GAMES = [s for s in SURFACES.values() if s.kind == "game"]

# id -> (f*, tolerance on f*, minimiser coordinates, tolerance on each coordinate).
# Tolerances are one unit in the last printed digit (some sources truncate rather
# than round); EXACT marks closed-form values. A count instead of coordinates: the
# source gives only the number of minima (Shubert); f* None: no finite minimum.
EXACT = 1e-9
SQRT_HALF = 1 / math.sqrt(2)
LITERATURE: dict[str, tuple[float | None, float, list[tuple[float, float]] | int, float]] = {
    "sphere": (0.0, EXACT, [(0, 0)], EXACT),
    "rosenbrock": (0.0, EXACT, [(1, 1)], EXACT),
    "himmelblau": (
        0.0,
        EXACT,
        [(3, 2), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)],
        1e-6,
    ),
    "rastrigin": (0.0, EXACT, [(0, 0)], EXACT),
    "ackley": (0.0, EXACT, [(0, 0)], EXACT),
    "beale": (0.0, EXACT, [(3, 0.5)], EXACT),
    "goldstein_price": (3.0, EXACT, [(0, -1)], EXACT),
    "booth": (0.0, EXACT, [(1, 3)], EXACT),
    "matyas": (0.0, EXACT, [(0, 0)], EXACT),
    "bukin6": (0.0, EXACT, [(-10, 1)], EXACT),
    "levi13": (0.0, EXACT, [(1, 1)], EXACT),
    "three_hump_camel": (0.0, EXACT, [(0, 0)], EXACT),
    "six_hump_camel": (-1.031628, 1e-6, [(0.0898, -0.7126), (-0.0898, 0.7126)], 1e-4),
    "easom": (-1.0, EXACT, [(math.pi, math.pi)], EXACT),
    "cross_in_tray": (
        -2.06261,
        1e-5,
        [(1.34941, 1.34941), (-1.34941, 1.34941), (1.34941, -1.34941), (-1.34941, -1.34941)],
        1e-5,
    ),
    "eggholder": (-959.6407, 1e-4, [(512, 404.2319)], 1e-4),
    "holder_table": (
        -19.2085,
        1e-4,
        [(8.05502, 9.66459), (-8.05502, 9.66459), (8.05502, -9.66459), (-8.05502, -9.66459)],
        1e-5,
    ),
    "mccormick": (
        -math.sqrt(3) / 2 - math.pi / 3,
        EXACT,
        [(0.5 - math.pi / 3, -0.5 - math.pi / 3)],
        EXACT,
    ),
    "schaffer2": (0.0, EXACT, [(0, 0)], EXACT),
    "schaffer4": (
        0.292579,
        1e-6,
        [(0, 1.25313), (0, -1.25313), (1.25313, 0), (-1.25313, 0)],
        1e-5,
    ),
    "drop_wave": (-1.0, EXACT, [(0, 0)], EXACT),
    "styblinski_tang": (-78.33233, 1e-5, [(-2.903534, -2.903534)], 1e-6),
    "griewank": (0.0, EXACT, [(0, 0)], EXACT),
    # "≈ 0": with the published constant 837.9658 the minimum is 2.5e-5.
    "schwefel": (0.0, 1e-4, [(420.9687, 420.9687)], 1e-4),
    "branin": (0.397887, 1e-6, [(-math.pi, 12.275), (math.pi, 2.275), (9.42478, 2.475)], 1e-5),
    "shubert": (-186.7309, 1e-4, 18, 0.0),
    "dixon_price": (0.0, EXACT, [(1, SQRT_HALF), (1, -SQRT_HALF)], EXACT),
    "trid": (-2.0, EXACT, [(2, 2)], EXACT),
    # Teaching surfaces: minima by construction.
    "ill_conditioned": (0.0, EXACT, [(0, 0)], EXACT),
    "saddle": (None, 0.0, [], 0.0),
    "monkey_saddle": (None, 0.0, [], 0.0),
    "plateau": (0.0, EXACT, [(1.5, 1.0)], EXACT),
    # Games: their equilibria (min over x, max over y), by construction.
    "bilinear": (0.0, EXACT, [(0, 0)], EXACT),
    "dirac_gan": (-math.log(2), EXACT, [(0, 0)], EXACT),  # f(0) = −log 2
}

# Zero sets of every |·| and √· argument: the only places a value function may
# fail to be differentiable. The finite-difference check samples its points at
# least KINK_MARGIN · (domain span) away from them (distance ≈ |g| / ‖∇g‖);
# nothing else is excluded.
KINK_MARGIN = 1e-3
_hypot = jnp.hypot
KINKS: dict[str, list[Callable[[jax.Array, jax.Array], jax.Array]]] = {
    "ackley": [_hypot],
    "bukin6": [lambda x, y: y - 0.01 * x**2, lambda x, y: x + 10],
    "cross_in_tray": [
        lambda x, y: jnp.sin(x),
        lambda x, y: jnp.sin(y),
        lambda x, y: 100 - _hypot(x, y) / math.pi,
        _hypot,
    ],
    "eggholder": [lambda x, y: x / 2 + y + 47, lambda x, y: x - (y + 47)],
    "holder_table": [
        lambda x, y: jnp.sin(x),
        lambda x, y: jnp.cos(y),
        lambda x, y: 1 - _hypot(x, y) / math.pi,
        _hypot,
    ],
    "schaffer4": [lambda x, y: x**2 - y**2],
    "drop_wave": [_hypot],
    "schwefel": [lambda x, y: x, lambda x, y: y],
}

N_GRADIENT_POINTS = 20
# Fourth-order central differences with an absolute step: the fastest ripples
# (Schaffer's, wavelength ~0.03 at |x| ≈ 100), not the domain size, bound h.
FD_STEP = 1e-5
STENCIL = {-2: 1 / 12, -1: -2 / 3, 1: 2 / 3, 2: -1 / 12}
GRADIENT_RTOL = 1e-8
ROUNDOFF = 100 * np.finfo(float).eps
GRID = 201  # odd: symmetric domains put a node on the origin
BATCH = 64


@pytest.fixture(autouse=True)
def _strict_rank_promotion():
    with jax.numpy_rank_promotion("raise"):
        yield


def _f(surface: Surface, x: float, y: float, params: jax.Array | None = None) -> float:
    params = surface.default_params() if params is None else params
    return float(surface.value(jnp.float64(x), jnp.float64(y), params))


def _padded(points: np.ndarray) -> tuple[jax.Array, jax.Array]:
    """xs, ys of the (n, 2) points, padded (with the first point) to a multiple of BATCH.

    Eager JAX compiles each primitive once per shape; a few shared shapes let all
    surfaces reuse those compilations, which keeps this module fast.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    padded = np.repeat(points[:1], BATCH * -(-len(points) // BATCH), axis=0)
    padded[: len(points)] = points
    return jnp.asarray(padded[:, 0]), jnp.asarray(padded[:, 1])


def _values(surface: Surface, points: np.ndarray, params: jax.Array | None = None) -> np.ndarray:
    """f at each of the (n, 2) points."""
    params = surface.default_params() if params is None else params
    return np.asarray(surface.value(*_padded(points), params))[: len(points)]


def _grads(surface: Surface, points: np.ndarray, params: jax.Array | None = None) -> np.ndarray:
    """∇f at each of the (n, 2) points, by jax.grad."""
    params = surface.default_params() if params is None else params
    grad = jax.vmap(jax.grad(surface.value, argnums=(0, 1)), in_axes=(0, 0, None))
    gx, gy = grad(*_padded(points), params)
    return np.column_stack([gx, gy])[: len(points)]


def _spans(surface: Surface) -> np.ndarray:
    (xlo, xhi), (ylo, yhi) = surface.domain
    return np.array([xhi - xlo, yhi - ylo])


def _grid(surface: Surface) -> np.ndarray:
    """(GRID², 2) nodes of a regular grid over the domain, boundary included."""
    (xlo, xhi), (ylo, yhi) = surface.domain
    xs, ys = np.meshgrid(np.linspace(xlo, xhi, GRID), np.linspace(ylo, yhi, GRID))
    return np.column_stack([xs.ravel(), ys.ravel()])


def _gradient_scale(surface: Surface) -> float:
    """Typical gradient size: the range of values over the domain per unit length."""
    values = _values(surface, _grid(surface))
    return float((values.max() - values.min()) / _spans(surface).max())


def _in_domain(surface: Surface, x: float, y: float) -> bool:
    (xlo, xhi), (ylo, yhi) = surface.domain
    return xlo <= x <= xhi and ylo <= y <= yhi


def _far_from_kinks(surface_id: str, points: np.ndarray, margin: float) -> np.ndarray:
    """Mask of the (n, 2) points whose distance |g| / ‖∇g‖ to every kink exceeds margin."""
    far = np.ones(len(points), dtype=bool)
    xs, ys = _padded(points)
    for g in KINKS.get(surface_id, []):
        gx, gy = jax.vmap(jax.grad(g, argnums=(0, 1)))(xs, ys)
        distance = np.abs(np.asarray(g(xs, ys))) / np.hypot(gx, gy)
        far &= distance[: len(points)] >= margin
    return far


def _sample_points(surface: Surface, n: int, seed: int) -> np.ndarray:
    """n points (n, 2) drawn uniformly from the domain, none near a kink."""
    return _sample_box(surface, surface.domain, n, seed)


def _sample_near(surface: Surface, centre: tuple[float, float], n: int, seed: int) -> np.ndarray:
    """n points in a window of 2 % of the domain around ``centre``, clipped to the domain."""
    (xlo, xhi), (ylo, yhi) = surface.domain
    hx, hy = 0.01 * _spans(surface)
    cx, cy = centre
    box = ((max(xlo, cx - hx), min(xhi, cx + hx)), (max(ylo, cy - hy), min(yhi, cy + hy)))
    return _sample_box(surface, box, n, seed)


Box = tuple[tuple[float, float], tuple[float, float]]


def _sample_box(surface: Surface, box: Box, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    (xlo, xhi), (ylo, yhi) = box
    margin = KINK_MARGIN * _spans(surface).max()
    points = np.empty((0, 2))
    while len(points) < n:
        candidates = np.column_stack([rng.uniform(xlo, xhi, 4 * n), rng.uniform(ylo, yhi, 4 * n)])
        points = np.concatenate(
            [points, candidates[_far_from_kinks(surface.id, candidates, margin)]]
        )
    return points[:n]


# --- registry -----------------------------------------------------------------


def test_x64_enabled():
    assert jnp.zeros(()).dtype == jnp.float64


def test_registry_is_read_only_and_ordered():
    with pytest.raises(TypeError):
        SURFACES["sphere"] = SURFACES["rosenbrock"]  # type: ignore[index]
    assert list(SURFACES)[:3] == ["sphere", "rosenbrock", "himmelblau"]
    assert list(SURFACES)[-6:] == [
        "ill_conditioned",
        "saddle",
        "monkey_saddle",
        "plateau",
        "bilinear",
        "dirac_gan",
    ]


def test_every_surface_has_a_literature_entry():
    assert set(SURFACES) == set(LITERATURE)


def test_get_surface():
    assert get_surface("rosenbrock") is SURFACES["rosenbrock"]
    with pytest.raises(KeyError, match="valid ids: sphere, rosenbrock"):
        get_surface("banana")


@ALL_SURFACES
def test_metadata(surface: Surface):
    assert surface.id.isidentifier() and surface.id == surface.id.lower()
    assert SURFACES[surface.id] is surface
    assert surface.name and surface.formula and surface.description
    (xlo, xhi), (ylo, yhi) = surface.domain
    assert xlo < xhi and ylo < yhi
    for p in surface.params:
        assert p.min <= p.default <= p.max
        assert p.scale in ("log", "linear")
        assert p.scale == "linear" or p.min > 0
    assert surface.default_params().shape == (len(surface.params),)
    assert surface.kind in ("minimise", "game")
    assert len(surface.axes) == 2 and all(surface.axes)


# --- (a) gradients --------------------------------------------------------------


@ALL_SURFACES
def test_gradient_matches_central_differences(surface: Surface):
    # Uniform points say little where the surface underflows to a constant (Easom),
    # so windows around the start and a minimum, where optimizers go, are added.
    centres = [surface.start, *[(m.x, m.y) for m in surface.minima[:1]]]
    points = np.concatenate(
        [_sample_points(surface, N_GRADIENT_POINTS, seed=20240611)]
        + [_sample_near(surface, c, N_GRADIENT_POINTS // 4, seed=i) for i, c in enumerate(centres)]
    )
    auto = _grads(surface, points)

    fd = np.empty_like(auto)
    magnitude = np.zeros(len(points))  # max |f| over the stencil, for the round-off bound
    for axis in range(2):
        step = np.zeros(2)
        step[axis] = FD_STEP
        values = [_values(surface, points + k * step) for k in STENCIL]
        fd[:, axis] = sum(w * v for w, v in zip(STENCIL.values(), values, strict=True)) / FD_STEP
        magnitude = np.maximum(magnitude, np.max(np.abs(values), axis=0))
    error = np.linalg.norm(auto - fd, axis=1)
    # Truncation error is O(h⁴) ≈ 1e-14 relative for the fastest ripples; round-off ~ε·|f|/h.
    allowed = GRADIENT_RTOL * np.linalg.norm(auto, axis=1) + ROUNDOFF * magnitude / FD_STEP
    worst = int(np.argmax(error - allowed))
    assert np.all(error <= allowed), (
        f"at {points[worst]}: jax {auto[worst]} vs finite differences {fd[worst]}"
    )


@ALL_SURFACES
def test_values_and_gradients_finite_on_grid(surface: Surface):
    """The grid hits kinks exactly (origins, axes): no NaN may come out of them."""
    grid = _grid(surface)
    assert np.all(np.isfinite(_values(surface, grid)))
    assert np.all(np.isfinite(_grads(surface, grid)))


# --- (b)-(e) minima ---------------------------------------------------------------


@ALL_SURFACES
def test_minima_match_literature(surface: Surface):
    expected_value, value_tol, expected_points, point_tol = LITERATURE[surface.id]
    if expected_value is None:
        assert surface.minima == ()
        return
    if isinstance(expected_points, int):
        assert len(surface.minima) == expected_points
    else:
        assert len(surface.minima) == len(expected_points)
        for ex, ey in expected_points:
            distances = [max(abs(m.x - ex), abs(m.y - ey)) for m in surface.minima]
            assert min(distances) <= point_tol, f"no listed minimum near ({ex}, {ey})"
    for m in surface.minima:
        computed = _f(surface, m.x, m.y)
        assert computed == pytest.approx(expected_value, abs=value_tol)
        assert m.value == pytest.approx(computed, rel=1e-12, abs=1e-12)


@ALL_SURFACES
def test_minima_are_distinct(surface: Surface):
    points = {(round(m.x, 6), round(m.y, 6)) for m in surface.minima}
    assert len(points) == len(surface.minima)


@pytest.mark.parametrize(
    "surface", [s for s in SURFACES.values() if s.smooth_minima], ids=lambda s: s.id
)
def test_gradient_vanishes_at_smooth_minima(surface: Surface):
    # Registry coordinates are refined to full precision, hence the tight bound.
    points = np.array([(m.x, m.y) for m in surface.minima]).reshape(-1, 2)
    norms = np.linalg.norm(_grads(surface, points), axis=1)
    assert np.all(norms <= 1e-6 * _gradient_scale(surface)), norms


@pytest.mark.parametrize("surface", MINIMISED, ids=lambda s: s.id)
def test_minima_are_local_minima(surface: Surface):
    """Also covers kinks and the boundary: a small circle (clipped to the domain) is not lower."""
    (xlo, xhi), (ylo, yhi) = surface.domain
    angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    radius = 1e-3 * _spans(surface).min()
    for m in surface.minima:
        xs = np.clip(m.x + radius * np.cos(angles), xlo, xhi)
        ys = np.clip(m.y + radius * np.sin(angles), ylo, yhi)
        ring = _values(surface, np.column_stack([xs, ys]))
        assert ring.min() >= m.value - 1e-12 * (1 + abs(m.value)), m


@ALL_SURFACES
def test_minima_and_start_in_domain(surface: Surface):
    for m in surface.minima:
        assert _in_domain(surface, m.x, m.y), m
    sx, sy = surface.start
    assert _in_domain(surface, sx, sy)
    margin = 1e-3 * _spans(surface).max()
    assert all(math.dist((sx, sy), (m.x, m.y)) > margin for m in surface.minima)
    start_grad = _grads(surface, np.array([surface.start]))
    assert np.all(np.isfinite(start_grad)) and np.linalg.norm(start_grad) > 0


@pytest.mark.parametrize("surface", [s for s in MINIMISED if s.minima], ids=lambda s: s.id)
def test_grid_search_finds_nothing_below_the_global_minimum(surface: Surface):
    best = min(m.value for m in surface.minima)
    assert all(m.value == pytest.approx(best, abs=1e-9) for m in surface.minima)
    values = _values(surface, _grid(surface))
    assert values.min() >= best - 1e-9 * (1 + abs(best))


@pytest.mark.parametrize("surface", GAMES, ids=lambda s: s.id)
def test_game_equilibria_are_equilibria(surface: Surface):
    """Neither player gains alone: f(x*, y) ≤ f(x*, y*) ≤ f(x, y*) along the grid's lines.

    The minimising player x cannot lower f, the maximising player y cannot raise it,
    anywhere in the domain, at the default parameters and at each parameter's ends.
    """
    (xlo, xhi), (ylo, yhi) = surface.domain
    line = np.linspace(0, 1, GRID)
    for params in _parameter_corners(surface):
        for m in surface.minima:
            assert _f(surface, m.x, m.y, params) == pytest.approx(m.value, abs=1e-12)
            moves_x = np.column_stack([xlo + (xhi - xlo) * line, np.full(GRID, m.y)])
            moves_y = np.column_stack([np.full(GRID, m.x), ylo + (yhi - ylo) * line])
            assert _values(surface, moves_x, params).min() >= m.value - 1e-12
            assert _values(surface, moves_y, params).max() <= m.value + 1e-12
            # ... and yet f goes lower elsewhere: an equilibrium of a game is a saddle of f.
            assert _values(surface, _grid(surface), params).min() < m.value


def _parameter_corners(surface: Surface) -> list[jax.Array]:
    """The defaults, and every parameter at its minimum and maximum."""
    ends = [[p.min, p.max] for p in surface.params]
    corners = [surface.default_params()]
    for i in range(len(ends)):
        for end in ends[i]:
            corners.append(surface.default_params().at[i].set(end))
    return corners


# --- (f) parameters ---------------------------------------------------------------


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1000.0])
def test_ill_conditioned_respects_kappa(kappa: float):
    surface = get_surface("ill_conditioned")
    params = jnp.array([kappa])
    assert _f(surface, 0.0, 1.0, params) == pytest.approx(kappa / 2)
    assert _f(surface, 2.0, 0.0, params) == pytest.approx(2.0)
    # ∇f = (x, κy): the Hessian is diag(1, κ).
    points = np.array([[0.3, -0.7], [-2.0, 1.5]])
    np.testing.assert_allclose(_grads(surface, points, params), points * [1.0, kappa])


def test_ill_conditioned_default_kappa():
    surface = get_surface("ill_conditioned")
    assert [p.name for p in surface.params] == ["kappa"]
    np.testing.assert_array_equal(surface.default_params(), [10.0])
    assert _f(surface, 0.0, 1.0) == pytest.approx(5.0)


# --- (g) vectorisation ------------------------------------------------------------


@ALL_SURFACES
def test_vectorised_equals_scalar(surface: Surface):
    params = surface.default_params()
    points = _sample_points(surface, 12, seed=7).reshape(3, 4, 2)
    xs, ys = jnp.asarray(points[..., 0]), jnp.asarray(points[..., 1])
    batched = np.asarray(surface.value(xs, ys, params))
    mapped = np.asarray(jax.jit(jax.vmap(surface.value, in_axes=(0, 0, None)))(xs, ys, params))
    scalar = np.array([[_f(surface, x, y) for x, y in row] for row in points])
    assert batched.shape == (3, 4)
    np.testing.assert_allclose(batched, scalar, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(mapped, scalar, rtol=1e-12, atol=1e-300)
