"""The Dirac GAN against Mescheder, Geiger & Nowozin 2018 ("Which training methods for
GANs do actually converge?", ICML): its gradients, the behaviours the paper shows
and the linearised rates it states (eigenvalues of the Jacobian at the equilibrium).

V(θ, ψ) = f(ψθ) − γ/2·ψ², f(t) = −log(1 + e^(−t)), f'(0) = 1/2; θ = x minimises, ψ = y
maximises. The gradient vector field of the game is v = (−∂V/∂θ, ∂V/∂ψ).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.surfaces import SURFACES
from thalweg.compute.trajectory import POINT, Objective, steps_taken_at

DIRAC = SURFACES["dirac_gan"]
OBJECTIVE = Objective(DIRAC.id, DIRAC.value)
F_PRIME_0 = 0.5  # f'(t) = 1/(1 + e^t)
ETA = 0.2  # the setting measured in shared/MEASURED.md (start (1, 1), 1,000 steps)
STEPS = 1000


def _radii(run, optimizer, gamma, steps=STEPS, start=DIRAC.start, lr=ETA):
    """‖w_k‖ for k = 0..steps."""
    _, records, status, stop = run(
        OBJECTIVE, optimizer, steps, params=(gamma,), starts=(start,), domain=DIRAC.domain, lr=lr
    )
    assert steps_taken_at(int(status[0]), int(stop[0])) == steps
    return np.linalg.norm(records[0, : steps + 1, POINT], axis=1)


def _field(gamma: float):
    """The game's vector field v(w) = (−∂V/∂θ, +∂V/∂ψ) at w = (θ, ψ)."""
    params = jnp.asarray([gamma])

    def v(w):
        g_theta, g_psi = jax.grad(DIRAC.value, argnums=(0, 1))(w[0], w[1], params)
        return jnp.stack([-g_theta, g_psi])

    return v


# --- the value and both players' gradients --------------------------------------


def test_value_is_the_papers_f_minus_the_r1_penalty():
    for theta, psi, gamma in [(0.0, 0.0, 0.0), (1.0, 1.0, 0.0), (-3.0, 250.0, 2.0)]:
        t = psi * theta
        f = -np.log1p(np.exp(-t)) if t > -700 else t  # e^(−t) overflows: f(t) = t to round-off
        expected = f - gamma / 2 * psi**2
        value = float(DIRAC.value(jnp.float64(theta), jnp.float64(psi), jnp.asarray([gamma])))
        assert value == pytest.approx(expected, rel=1e-14, abs=1e-14)
    assert DIRAC.minima[0].value == pytest.approx(-np.log(2), rel=1e-15)


@pytest.mark.parametrize("gamma", [0.0, 1.5])
def test_both_players_gradients_match_closed_form_and_central_differences(gamma):
    rng = np.random.default_rng(12)
    params = jnp.asarray([gamma])
    grad = jax.grad(DIRAC.value, argnums=(0, 1))
    h = 1e-5
    for theta, psi in rng.uniform(-2, 2, size=(20, 2)):
        g_theta, g_psi = (float(g) for g in grad(jnp.float64(theta), jnp.float64(psi), params))
        sigma = 1 / (1 + np.exp(psi * theta))  # f'(ψθ)
        assert g_theta == pytest.approx(psi * sigma, rel=1e-12, abs=1e-15)  # generator
        assert g_psi == pytest.approx(theta * sigma - gamma * psi, rel=1e-12, abs=1e-15)

        def value(a, b):
            return float(DIRAC.value(jnp.float64(a), jnp.float64(b), params))

        fd_theta = (value(theta + h, psi) - value(theta - h, psi)) / (2 * h)
        fd_psi = (value(theta, psi + h) - value(theta, psi - h)) / (2 * h)
        assert g_theta == pytest.approx(fd_theta, rel=1e-8, abs=1e-9)
        assert g_psi == pytest.approx(fd_psi, rel=1e-8, abs=1e-9)


# --- the four behaviours (start (1, 1), η = 0.2, 1,000 steps) ----------------------


def test_simultaneous_gda_spirals_out(run):
    radii = _radii(run, "gda", 0.0)
    assert radii[-1] > 2 * radii[0]  # measured 2.56×
    assert np.all(np.diff(radii) > 0)  # every step moves outwards


def test_alternating_gda_cycles_in_a_band(run):
    radii = _radii(run, "alternating_gda", 0.0)
    band = radii / radii[0]
    assert band.min() > 0.95 and band.max() < 1.1  # measured 0.994-1.053
    # It goes round: ψ changes sign (the iterate circles the equilibrium) more than once.
    _, records, *_ = run(
        OBJECTIVE, "alternating_gda", STEPS, params=(0.0,), starts=(DIRAC.start,), lr=ETA
    )
    psi = records[0, : STEPS + 1, 1]
    assert np.count_nonzero(np.diff(np.sign(psi))) >= 4


def test_optimistic_gda_converges(run):
    radii = _radii(run, "optimistic_gda", 0.0)
    assert radii[-1] < 0.02 * radii[0]  # measured 0.0065×


@pytest.mark.parametrize("optimizer", ["gda", "alternating_gda"])
def test_r1_penalty_makes_descent_ascent_converge(run, optimizer):
    radii = _radii(run, optimizer, 1.0)
    assert radii[-1] < 1e-12 * radii[0]  # measured 1.8e-44 (gda), 2.1e-33 (alternating)


# --- the linearised rates ------------------------------------------------------------


def _jacobian(gamma: float) -> np.ndarray:
    return np.asarray(jax.jacfwd(_field(gamma))(jnp.zeros(2)))


@pytest.mark.parametrize("gamma", [0.0, 0.5, 1.0, 3.0])
def test_jacobian_eigenvalues_at_the_equilibrium(gamma):
    """γ = 0: ±i·f'(0) (no damping); γ > 0: (−γ ± √(γ² − 4f'(0)²))/2, as the paper states."""
    eigenvalues = np.sort_complex(np.linalg.eigvals(_jacobian(gamma)))
    root = np.sqrt(complex(gamma**2 - 4 * F_PRIME_0**2))
    expected = np.sort_complex(np.array([(-gamma - root) / 2, (-gamma + root) / 2]))
    np.testing.assert_allclose(eigenvalues, expected, atol=1e-7)  # γ = 1: a double root


def test_simultaneous_gda_grows_by_the_spectral_radius_per_step(run):
    """Near the equilibrium each step multiplies ‖w‖ by ρ(I + ηJ) = √(1 + η²f'(0)²) > 1."""
    rho = np.sqrt(1 + ETA**2 * F_PRIME_0**2)
    assert np.max(np.abs(np.linalg.eigvals(np.eye(2) + ETA * _jacobian(0.0)))) == pytest.approx(
        rho, rel=1e-12
    )
    steps = 200
    radii = _radii(run, "gda", 0.0, steps=steps, start=(1e-4, 1e-4))
    growth = radii[1:] / radii[:-1]
    np.testing.assert_allclose(growth, rho, rtol=1e-6)  # nonlinear terms: O(‖w‖²)
    assert (radii[-1] / radii[0]) ** (1 / steps) == pytest.approx(rho, rel=1e-6)


@pytest.mark.parametrize("gamma", [0.5, 3.0])
def test_penalised_gda_contracts_at_the_linearised_rate(run, gamma):
    """With γ > 0, ‖w_k‖ shrinks like ρ(I + ηJ)^k, ρ = max |1 + ηλ| over the eigenvalues λ."""
    root = np.sqrt(complex(gamma**2 - 4 * F_PRIME_0**2))
    rho = max(abs(1 + ETA * (-gamma + s * root) / 2) for s in (1, -1))
    assert rho < 1
    steps = 400
    radii = _radii(run, "gda", gamma, steps=steps, start=(1e-4, 1e-4))
    # Over many steps the rate is ρ; a non-normal J only adds a bounded factor.
    rate = (radii[steps] / radii[steps // 2]) ** (1 / (steps - steps // 2))
    assert rate == pytest.approx(rho, rel=0.01)


def test_alternating_gda_step_preserves_area_so_it_neither_spirals_out_nor_in():
    """Its linearised step matrix has determinant 1 and |trace| < 2: eigenvalues on the unit circle.

    ψ' = ψ + η f'(0) θ, θ' = θ − η f'(0) ψ' (Gidel et al. 2019 for bilinear games).
    """
    from thalweg.compute.optimizers import OPTIMIZERS, build

    tx = build(OPTIMIZERS["alternating_gda"], {"lr": jnp.float64(ETA)})
    params = jnp.asarray([0.0])

    def f(w):
        return DIRAC.value(w[0], w[1], params)

    def step(w):
        updates, _ = tx.update(jax.grad(f)(w), tx.init(w), w, value_fn=f)
        return w + updates

    matrix = np.asarray(jax.jacfwd(step)(jnp.zeros(2)))
    a = ETA * F_PRIME_0
    np.testing.assert_allclose(matrix, [[1 - a**2, -a], [a, 1]], atol=1e-12)
    assert np.linalg.det(matrix) == pytest.approx(1, abs=1e-12)
    np.testing.assert_allclose(np.abs(np.linalg.eigvals(matrix)), 1, atol=1e-12)


def test_alternating_gda_answers_the_new_discriminator(run):
    """One step by hand: ψ moves first, θ descends with the gradient at the new ψ."""
    theta, psi = 1.0, 1.0
    sigma = 1 / (1 + np.exp(psi * theta))
    psi_new = psi + ETA * theta * sigma
    theta_new = theta - ETA * psi_new / (1 + np.exp(psi_new * theta))
    _, records, *_ = run(
        OBJECTIVE, "alternating_gda", 1, params=(0.0,), starts=((theta, psi),), lr=ETA
    )
    np.testing.assert_allclose(records[0, 1, POINT], [theta_new, psi_new], rtol=1e-14)
    # Simultaneous GDA would have used the old ψ: the two differ.
    assert abs(theta_new - (theta - ETA * psi * sigma)) > 1e-4  # 6.9e-4, far above 1e-14
