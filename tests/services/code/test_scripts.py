"""The JAX scripts of ``thalweg code`` run and reproduce Thalweg's trajectories."""

import math

import numpy as np
import pytest
from thalweg.compute.trajectory import POINT
from thalweg.services import trajectories
from thalweg.services.code.counterparts import counterpart
from thalweg.services.code.scripts import request_of
from thalweg.services.code.views import script
from thalweg.services.errors import UnprocessableError
from thalweg.services.scene_query import parse

# Every optimizer whose optax counterpart is Thalweg's own transformation.
RUNS = (
    "gd:lr=0.001;momentum:lr=0.0005;nesterov:lr=0.0005,weight_decay=0.01;"
    "rmsprop:lr=0.01,momentum=0.5,centered=1;adadelta:lr=1;adam:lr=0.05;"
    "adamw:lr=0.05,weight_decay=0.1;nadam:lr=0.02;radam:lr=0.05;lion:lr=0.01;"
    "armijo:lr=1;lbfgs;adagrad:lr=0.1;amsgrad:lr=0.05;ftrl;newton"
)
SCENES = {
    "rosenbrock": f"surface=rosenbrock&start=-1.5,2&steps=150&runs={RUNS}",
    "ill_conditioned": f"surface=ill_conditioned&sp=kappa:50&steps=120&runs={RUNS}",
}


def thalweg_points(link: str) -> dict[int, np.ndarray]:
    """Each run's float64 points w_0 … w_n, straight from the engine."""
    request = request_of(parse(link))
    start, problem, groups = trajectories.prepare(request, math.inf)  # the engine, unbudgeted
    out = {}
    for group in groups:
        records, status, stop = group.runner.run(group.batch, problem)
        for row, i in enumerate(group.indices):
            taken = trajectories.steps_taken(int(status[row]), int(stop[row]), start)
            out[i] = records[row, : taken + 1, POINT]
    return out


@pytest.mark.parametrize("name", SCENES)
def test_jax_script_reproduces_thalwegs_paths(run_script, name):
    link = SCENES[name]
    printed = run_script(script(link, "jax"))["runs"]
    request = request_of(parse(link))
    expected = thalweg_points(link)
    exact = [
        i
        for i, run in enumerate(request.runs)
        if (c := counterpart("jax", run.optimizer, run.filled())) is not None and c.exact
    ]
    assert len(exact) == 12  # every optimizer with an optax counterpart but adagrad and amsgrad
    by_name = {}
    for run in printed:
        by_name.setdefault(run["optimizer"], []).append(np.asarray(run["points"]))
    for i in exact:
        optimizer = request.runs[i].optimizer
        points = by_name[optimizer].pop(0)
        assert points.shape == expected[i].shape, optimizer
        np.testing.assert_allclose(points, expected[i], rtol=1e-9, atol=1e-12, err_msg=optimizer)
    assert {r["optimizer"] for r in printed} >= {"adagrad", "amsgrad"}  # run, noted as different
    assert "ftrl" not in by_name and "newton" not in by_name  # optax has neither: left out


def test_the_script_says_where_a_framework_differs_or_lacks_the_optimizer():
    link = "surface=rosenbrock&runs=nadam:lr=0.01;ftrl;gd:lr=0.001,noise=0.5"
    torch_script = script(link, "torch")
    assert "torch's NAdam decays μ_t" in torch_script
    assert "# ftrl: torch.optim has none; left out." in torch_script
    assert "gradient noise σ = 0.5; this script does not" in torch_script
    keras_script = script(link, "keras")
    assert "keras.optimizers.Ftrl(learning_rate=0.001" in keras_script
    compile(torch_script, "torch.py", "exec")
    compile(keras_script, "keras.py", "exec")


def test_bad_scenes_and_frameworks_are_unprocessable():
    with pytest.raises(UnprocessableError, match=r"lr=50\.0 outside"):
        script("surface=rosenbrock&runs=adam:lr=50", "jax")
    with pytest.raises(UnprocessableError, match="unknown framework 'tensorflow'"):
        script("surface=rosenbrock", "tensorflow")
