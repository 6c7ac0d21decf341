"""The landscape frame's arrow field: −∇f to minimise, the descent–ascent field for games."""

import numpy as np
import pytest
from thalweg.compute.surfaces import SURFACES
from thalweg.schemas import LandscapeRequest
from thalweg.services import landscape


def _arrows(surface: str, **extra) -> dict:
    request = LandscapeRequest(surface=surface, resolution=2, arrows=4, **extra)
    return {k: np.asarray(v, np.float64) for k, v in landscape.compute(request)["arrows"].items()}


@pytest.mark.parametrize("gamma", [0.0, 2.0])
def test_a_games_field_is_descent_in_x_and_ascent_in_y(gamma):
    """Dirac GAN: v = (−∂V/∂θ, +∂V/∂ψ) = (−ψ f'(ψθ), θ f'(ψθ) − γψ), f'(t) = 1/(1 + e^t)."""
    a = _arrows("dirac_gan", surface_params={"gamma": gamma})
    theta, psi = a["x"], a["y"]
    slope = 1 / (1 + np.exp(psi * theta))
    np.testing.assert_allclose(a["u"], -psi * slope, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(a["v"], theta * slope - gamma * psi, rtol=1e-6, atol=1e-7)


def test_bilinear_field_rotates_and_a_minimised_surface_keeps_minus_the_gradient():
    a = _arrows("bilinear")  # f = xy: (−y, +x), a rotation about the equilibrium
    np.testing.assert_allclose(a["u"], -a["y"], rtol=1e-6)
    np.testing.assert_allclose(a["v"], a["x"], rtol=1e-6)
    assert SURFACES["sphere"].kind == "minimise"
    s = _arrows("sphere")  # f = x² + y²: −∇f = (−2x, −2y)
    np.testing.assert_allclose(s["v"], -2 * s["y"], rtol=1e-6)


def _typed(expression: str, domain: dict) -> dict:
    surface = {"expression": expression, "domain": domain}
    return landscape.compute(LandscapeRequest(surface=surface, resolution=40, arrows=2))


@pytest.mark.parametrize(
    ("expression", "domain", "log"),
    [
        ("(1 - x)**2 + 100*(y - x**2)**2", {"x": [-2, 2], "y": [-1, 3]}, True),  # Rosenbrock
        ("exp(x + y)", {"x": [-3, 3], "y": [-3, 3]}, True),
        ("x**2 + y**2", {"x": [-3, 3], "y": [-3, 3]}, False),
        ("sin(x)*cos(y)", {"x": [-3, 3], "y": [-3, 3]}, False),
        ("0*x + 2", {"x": [-1, 1], "y": [-1, 1]}, False),  # constant: no range at all
    ],
)
def test_a_typed_formula_gets_a_log_colour_scale_when_its_values_span_decades(
    expression, domain, log
):
    assert _typed(expression, domain)["log_scale"] is log


def test_the_rule_matches_the_catalogs_flags_where_a_median_is_decisive():
    """Rosenbrock (median at 0.06 of the range) and the sphere (0.32) as the catalog has them."""
    for surface in ("rosenbrock", "sphere"):
        grid = landscape.compute(LandscapeRequest(surface=surface, resolution=120, arrows=2))
        z = np.asarray(grid["z"], np.float64)
        assert landscape.spans_decades(z[np.isfinite(z)]) is SURFACES[surface].log_scale
