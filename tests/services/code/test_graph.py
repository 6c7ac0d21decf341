"""Computation-graph scenes as code: the JAX script prints every node's value and adjoint.

The torch and Keras scripts are run outside the suite (torch is no dependency):
tests/reference/check_code_scripts.py, its output in code_scripts_check.txt.
"""

import numpy as np
import pytest
from thalweg.services import graph
from thalweg.services.calculus_export import graph_request
from thalweg.services.code.views import script
from thalweg.services.errors import UnprocessableError

EPS = np.finfo(np.float64).eps
SCENES = {
    "default": "",  # the view's Rosenbrock at its start: x appears twice
    "functions": "f=softplus(x)%2Brelu(y)%2Blog10(x%2B5)%2Blog2(y%2B3)%2Bcbrt(x*y%2B1)"
    "&start=0.5,0.2",
    "binary": "f=hypot(x,y)*atan2(y,x)-sigmoid(x)/pi%2Bx^-2&start=1.2,-0.4",
    "not_finite": "f=log(x)%2By^2&start=-1,2",  # log(−1): a null value and adjoint
    "without_y": "f=sin(x)*exp(x)&start=0.3,0",  # ∂f/∂y = 0: no y node at all
}


def floats(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)  # null -> nan


@pytest.mark.parametrize("name", SCENES)
def test_the_jax_script_prints_the_views_nodes(run_script, name):
    printed = run_script(script(f"view=graph&{SCENES[name]}", "jax"))
    want = graph.compute(graph_request(SCENES[name]))
    assert printed["point"] == want["point"]
    assert [n["label"] for n in printed["nodes"]] == [n["label"] for n in want["nodes"]]
    for key in ("value", "adjoint"):
        got = floats([n[key] for n in printed["nodes"]])
        expected = floats([n[key] for n in want["nodes"]])
        # The same operations in the same order; only a composite one's (log2,
        # hypot …) pullback may round its product differently from ∂f/∂p · ∂p/∂c.
        np.testing.assert_allclose(got, expected, rtol=8 * EPS, atol=0, equal_nan=True)
    np.testing.assert_allclose(printed["gradient"], want["gradient"], rtol=8 * EPS, equal_nan=True)


def test_the_default_graph_sums_the_two_paths_of_x(run_script):
    printed = run_script(script("view=graph", "jax"))
    x_nodes = [n["adjoint"] for n in printed["nodes"] if n["label"] == "x"]
    assert len(x_nodes) == 2
    np.testing.assert_allclose(sum(x_nodes), printed["gradient"][0], rtol=8 * EPS)


@pytest.mark.parametrize("framework", ["torch", "keras"])
def test_torch_and_keras_scripts_compile_and_use_their_autodiff(framework):
    text = script(f"view=graph&{SCENES['binary']}", framework)
    compile(text, "graph.py", "exec")
    assert "POINT = (1.2, -0.4)" in text
    marks = {
        "torch": ("node.retain_grad()", "n0 = x.clone()  # x"),
        "keras": ("keras.ops.arctan2(",),
    }
    assert all(mark in text for mark in marks[framework])
    if framework == "keras":  # it computes atan2 in float32, and says so
        assert "in float32 even for float64 inputs" in text


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("f=sin(x", r"'\(' was never closed \(column 4\)"),
        ("f=open(x)", "unknown function 'open'"),
        ("f=x&start=2e6,0", "point.0: Input should be less than or equal to"),
        ("f=" + "%2B".join(["x"] * 40), "the computation graph has 79 nodes; at most 60"),
    ],
)
def test_bad_links_are_unprocessable_with_what_is_wrong(link, message):
    with pytest.raises(UnprocessableError, match=message):
        script(f"view=graph&{link}", "jax")
