"""Gradient-check scenes as code: the JAX script prints the view's answer.

The torch and Keras scripts are run outside the suite (torch is no dependency):
tests/reference/check_code_scripts.py, its output in code_scripts_check.txt.
"""

import numpy as np
import pytest
from thalweg.services import gradient_check
from thalweg.services.calculus_export import check_request
from thalweg.services.code.views import script
from thalweg.services.errors import UnprocessableError

EPS = np.finfo(np.float64).eps
SCENES = {
    "polynomial": "surface=beale&start=1,1.5&delta=1e-5",
    "transcendental": "surface=ackley&start=0.5,0.5",
    "typed": "surface=custom&f=sin(x)*exp(y)%2Blog(1%2Bx^2)&start=0.3,-0.7",
    "overflowing": "surface=custom&f=exp(x)%2By&start=709,0&domain=700,710,-1,1",
}


def floats(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)  # null -> nan


@pytest.mark.parametrize("name", SCENES)
def test_the_jax_script_prints_the_views_answer(run_script, name):
    printed = run_script(script(f"view=check&{SCENES[name]}", "jax"))
    want = gradient_check.compute(check_request(SCENES[name]))
    assert printed.keys() == want.keys()
    for key in ("point", "deltas"):
        np.testing.assert_array_equal(printed[key], want[key])
    np.testing.assert_allclose(printed["value"], want["value"], rtol=4 * EPS)
    np.testing.assert_allclose(printed["analytic"], want["analytic"], rtol=4 * EPS)
    # f's values may differ in the last bits (XLA vectorises exp and cos in Thalweg's vmap);
    # a difference quotient divides that by δ: at most a few ε·|f(w ± δe_i)|/δ, the
    # round-off floor the check itself shows, and |f(w ± δe_i)| ≤ |f(w)| + δ|g|.
    deltas = floats(want["deltas"])[:, None]
    scale = np.hypot(*want["analytic"])
    for kind in ("forward", "central"):
        got, expected = floats(printed[kind]), floats(want[kind])
        # The same nulls: orjson writes Thalweg's ±inf and nan as null, the script too.
        np.testing.assert_array_equal(np.isfinite(got), np.isfinite(expected))
        with np.errstate(over="ignore"):  # ε·|f|/δ may overflow: no bound there
            floor = 8 * EPS * (abs(want["value"]) / deltas + np.abs(expected))
        finite = np.isfinite(expected)
        assert np.all(np.abs(got - expected)[finite] <= floor[finite]), kind
        errors, expected_errors = floats(printed[f"{kind}_error"]), floats(want[f"{kind}_error"])
        np.testing.assert_array_equal(np.isfinite(errors), np.isfinite(expected_errors))
        bound = floor.max(axis=1) / scale + 4 * EPS
        finite = np.isfinite(expected_errors)
        assert np.all(np.abs(errors - expected_errors)[finite] <= bound[finite]), kind


def test_the_overflowing_scene_prints_nulls_not_nan(run_script):
    printed = run_script(script(f"view=check&{SCENES['overflowing']}", "jax"))  # strict JSON
    assert None in printed["forward_error"]


@pytest.mark.parametrize("framework", ["torch", "keras"])
def test_torch_and_keras_scripts_compile_and_use_their_autodiff(framework):
    text = script(f"view=check&{SCENES['typed']}", framework)
    compile(text, "check.py", "exec")
    assert "POINT = (0.3, -0.7)" in text and "DELTAS = np.logspace(-14, 0, 57)" in text
    assert {"torch": "value.backward()", "keras": "jax.value_and_grad(loss)"}[framework] in text
    assert "optax" not in text


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("surface=nowhere", "unknown surface 'nowhere'"),
        ("surface=custom&f=sin(x", r"'\(' was never closed \(column 4\)"),
        ("surface=custom&f=open(x)", "unknown function 'open'"),
        ("surface=rosenbrock&start=1e9,0", "point.0: Input should be less than or equal to"),
        ("surface=rosenbrock&sp=a:1", "unknown surface parameter 'a'"),
    ],
)
def test_bad_links_are_unprocessable_with_what_is_wrong(link, message):
    with pytest.raises(UnprocessableError, match=message):
        script(f"view=check&{link}", "jax")
