"""The Maps view's scripts (``thalweg code`` of a stability or basin map): the JAX script
runs and prints the grids Thalweg's API answers; links are read as maps/state.js writes them."""

import numpy as np
import orjson
import pytest
from thalweg.schemas_curvature import BasinsRequest, StabilityRequest
from thalweg.services.code.views import script
from thalweg.services.curvature import basins, stability
from thalweg.services.errors import UnprocessableError
from thalweg.services.maps_query import request_of

SCENES = {
    # the view's own default (heavy ball, η × β on the bowl) at 16²: all three statuses
    "heavy ball": "n=16",
    # a line search: the script passes f(w), ∇f(w) and f to optax, as the engine does
    "armijo": "n=6&surface=himmelblau&opt=armijo&x=lr:0.1:2:log&y=c1:0.0001:0.5:log",
    # Rastrigin: one catalog minimum, the others found by clustering end points
    "rastrigin basins": "map=basins&res=24&bsurface=rastrigin&bopt=momentum"
    "&bhp=lr:0.002,momentum:0.9&steps=300",
    "camel basins": "map=basins&res=20&bsurface=six_hump_camel&bopt=adam&bhp=lr:0.05",
}


def api_answer(query: str) -> dict:
    """What POST /api/stability or /api/basins answers for the page of ``query``."""
    request = request_of(query)
    service = stability if isinstance(request, StabilityRequest) else basins
    return orjson.loads(orjson.dumps(service.compute(request), option=orjson.OPT_SERIALIZE_NUMPY))


@pytest.mark.parametrize("name", SCENES)
def test_jax_script_prints_thalwegs_map(run_script, name):
    query = SCENES[name]
    printed, expected = run_script(script(f"view=maps&{query}", "jax")), api_answer(query)
    assert printed.keys() == expected.keys()
    np.testing.assert_array_equal(printed["x"], expected["x"])
    np.testing.assert_array_equal(printed["y"], expected["y"])
    assert printed["steps_taken"] == expected["steps_taken"]
    if "status" in expected:
        assert printed["status"] == expected["status"]
        if name == "heavy ball":
            assert {s for row in printed["status"] for s in row} == {
                "converged",
                "diverged",
                "max_steps",
            }
        mine = np.asarray(printed["final_loss"], dtype=float)  # None (diverged) -> nan
        # The API sends float32 losses in their shortest decimals (within one float32 ulp,
        # 2⁻²³ relative); the script's are float64.
        np.testing.assert_allclose(mine, np.asarray(expected["final_loss"], float), rtol=2**-23)
    else:
        assert printed["minimum"] == expected["minimum"]
        assert printed["known_minima"] == expected["known_minima"]
        np.testing.assert_allclose(printed["minima"], expected["minima"], rtol=1e-12)
        if name == "rastrigin basins":
            assert len(printed["minima"]) > printed["known_minima"]  # found ones too


def test_the_link_is_read_as_the_page_reads_it():
    default = request_of("")
    assert isinstance(default, StabilityRequest)
    assert (default.surface, default.optimizer, default.x.name, default.y.name) == (
        "ill_conditioned",
        "momentum",
        "lr",
        "momentum",
    )
    assert default.x.count == default.y.count == 128 and default.x.scale == "log"
    # unknown, game or unpriced choices and malformed values fall back to the defaults
    fallback = request_of("surface=nowhere&opt=lbfgs&x=lr:1:0.1:log&y=momentum:0:1:cubic&n=999")
    assert (fallback.surface, fallback.optimizer, fallback.x.min, fallback.x.count) == (
        "ill_conditioned",
        "momentum",
        0.01,
        128,
    )
    assert request_of("surface=dirac_gan").surface == "ill_conditioned"
    kept = request_of("sp=kappa:50&hp=dampening:0.1&x=lr:0.001:0.5:log&tol=1e-9&steps=50")
    assert kept.surface_params == {"kappa": 50.0} and kept.hyperparameters == {"dampening": 0.1}
    assert (kept.x.min, kept.x.max, kept.tolerance, kept.steps) == (0.001, 0.5, 1e-9, 50)
    # each map keeps its own surface, optimizer and hyperparameters (state.js sceneOf)
    basin = request_of("map=basins&res=32&bsurface=rastrigin&bopt=adam&bhp=lr:0.1&opt=gd")
    assert isinstance(basin, BasinsRequest)
    assert (basin.surface, basin.optimizer, basin.hyperparameters, basin.resolution) == (
        "rastrigin",
        "adam",
        {"lr": 0.1},
        32,
    )


@pytest.mark.parametrize(
    ("link", "framework", "message"),
    [
        ("view=maps&hp=dampening:5", "jax", r"dampening=5\.0 outside"),
        ("view=maps&opt=rmsprop&y=centered:0:1:linear", "torch", "cannot be a map axis"),
        ("view=maps&x=momentum:0:0.5:linear", "jax", "x and y must be different"),
        ("view=maps&opt=lion&x=lr:0.001:0.1:log&y=beta1:0:0.9:linear", "torch", "no counterpart"),
        ("view=maps&map=basins&bopt=ftrl&bhp=lr:0.1", "jax", "optax has no counterpart of 'ftrl'"),
    ],
)
def test_maps_without_a_script_are_unprocessable_with_the_reason(link, framework, message):
    with pytest.raises(UnprocessableError, match=message):
        script(link, framework)


def test_the_varied_hyperparameters_are_the_optimizers_arguments():
    link = "view=maps&n=8&opt=adam&x=lr:0.001:0.1:log&y=beta2:0.5:0.999:linear"
    torch_script = script(link, "torch")
    assert "def optimizer(params, lr, beta2):" in torch_script
    assert "torch.optim.Adam(params, lr=lr, betas=(0.9, beta2)" in torch_script
    assert "optax.adam(lr, b1=0.9, b2=beta2" in script(link, "jax")
    keras_script = script(link, "keras")
    assert "keras.optimizers.Adam(learning_rate=lr, beta_1=0.9, beta_2=beta2" in keras_script
    assert "COUNT = None" in keras_script  # 8 per axis: the view's grid as it is
    assert "COUNT = 16" in script("view=maps", "keras")  # 128²: Keras runs a smaller grid
    for framework in ("torch", "jax", "keras"):
        compile(script(link, framework), "map.py", "exec")
        compile(script("view=maps&map=basins", framework), "map.py", "exec")
