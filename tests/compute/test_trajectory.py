"""The trajectory engine: stop rules, recorded quantities, batching, no recompilation."""

import jax.numpy as jnp
import numpy as np
import pytest
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import (
    CHUNK,
    CONVERGED,
    DIVERGED,
    GRADIENT,
    LOSS,
    MAX_STEPS,
    MOMENT,
    POINT,
    UPDATE,
    Objective,
    RunBatch,
    get_runner,
    hyperparameter_columns,
    make_problem,
    steps_taken_at,
)

BOWL = Objective("test-bowl", lambda x, y, p: 0.5 * (x**2 + p[0] * y**2))
ROSENBROCK = Objective("test-rosenbrock", lambda x, y, p: (1 - x) ** 2 + 100 * (y - x**2) ** 2)


def test_gradient_descent_matches_the_closed_form_on_a_quadratic(run):
    # On ½(x² + κy²), GD multiplies x by (1 − η) and y by (1 − ηκ) each step.
    lr, kappa, steps = 0.1, 4.0, 30
    _, records, status, stop = run(BOWL, "gd", steps, params=(kappa,), starts=((1.0, 1.0),), lr=lr)
    k = np.arange(steps + 1)
    expected = np.stack([(1 - lr) ** k, (1 - lr * kappa) ** k], axis=1)
    np.testing.assert_allclose(records[0, : steps + 1, POINT], expected, rtol=1e-12)
    assert steps_taken_at(int(status[0]), int(stop[0])) == steps


def test_records_loss_gradient_update_and_momentum_consistently(run):
    _, records, *_ = run(ROSENBROCK, "momentum", 40, lr=1e-3, momentum=0.9)
    r = records[0, :41]
    x, y = r[:, 0], r[:, 1]
    np.testing.assert_allclose(r[:, LOSS], (1 - x) ** 2 + 100 * (y - x**2) ** 2, rtol=1e-12)
    grad = np.stack([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)], axis=1)
    np.testing.assert_allclose(r[:, GRADIENT], grad, rtol=1e-10)
    np.testing.assert_allclose(r[:-1, UPDATE], np.diff(r[:, POINT], axis=0), rtol=1e-10, atol=1e-14)
    # SGD momentum: the update is −η times the momentum buffer.
    np.testing.assert_allclose(r[:-1, UPDATE], -1e-3 * r[:-1, MOMENT], rtol=1e-10)


def test_converged_run_stops_at_the_first_small_gradient(run):
    _, records, status, stop = run(BOWL, "gd", 1000, tolerance=1e-6, params=(1.0,), lr=0.5)
    taken = steps_taken_at(int(status[0]), int(stop[0]))
    assert int(status[0]) == 1  # converged
    norms = np.linalg.norm(records[0, : taken + 1, GRADIENT], axis=1)
    assert norms[-1] < 1e-6 and np.all(norms[:-1] >= 1e-6)


def test_diverging_run_reports_the_step_and_keeps_only_finite_points(run):
    _, records, status, stop = run(ROSENBROCK, "gd", 500, lr=0.1)
    assert int(status[0]) == 2  # diverged
    taken = steps_taken_at(int(status[0]), int(stop[0]))
    assert 0 < taken < 50
    kept = records[0, : taken + 1]
    assert np.all(np.isfinite(kept[:, :5]))
    assert np.all(np.abs(kept[:, POINT]) < 1e3 * 4)


@pytest.mark.parametrize("steps", [CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7])
def test_chunk_boundaries_do_not_change_the_path(run, steps):
    _, records, status, stop = run(ROSENBROCK, "adam", steps, lr=0.01)
    _, reference, _, _ = run(ROSENBROCK, "adam", 4 * CHUNK, lr=0.01)
    assert steps_taken_at(int(status[0]), int(stop[0])) == steps
    # Points, losses, gradients of steps + 1 points; updates and moments of steps steps.
    np.testing.assert_array_equal(records[0, : steps + 1, :5], reference[0, : steps + 1, :5])
    np.testing.assert_array_equal(records[0, :steps, 5:], reference[0, :steps, 5:])


def test_batched_runs_equal_single_runs(run):
    starts = ((-1.5, 2.0), (0.5, -0.5), (1.5, 1.5))
    _, batched, _, _ = run(ROSENBROCK, "adam", 100, starts=starts, lr=0.02)
    for i, start in enumerate(starts):
        _, single, _, _ = run(ROSENBROCK, "adam", 100, starts=(start,), lr=0.02)
        np.testing.assert_allclose(batched[i, :101], single[0, :101], rtol=1e-12)


@pytest.mark.parametrize(
    ("objective", "optimizer", "steps", "options", "ends"),
    [
        (ROSENBROCK, "adam", 3 * CHUNK + 7, {"lr": 0.01}, MAX_STEPS),  # several chunks
        (BOWL, "gd", 1000, {"tolerance": 1e-6, "params": (1.0,), "lr": 0.5}, CONVERGED),
        (ROSENBROCK, "gd", 500, {"lr": 0.1}, DIVERGED),
        (ROSENBROCK, "rmsprop", 300, {"lr": 0.01, "noise": 0.3, "seed": 4}, MAX_STEPS),
    ],
)
def test_finish_ends_where_the_recorded_run_ends(
    run, finish, objective, optimizer, steps, options, ends
):
    starts = ((-1.5, 2.0), (0.5, -0.5), (1.2, 1.2))
    _, records, status, stop = run(objective, optimizer, steps, starts=starts, **options)
    losses, end_status, end_stop = finish(objective, optimizer, steps, starts=starts, **options)
    assert ends in status
    np.testing.assert_array_equal(end_status, status)
    np.testing.assert_array_equal(end_stop, stop)
    for i in range(len(starts)):
        if status[i] != DIVERGED:
            taken = steps_taken_at(int(status[i]), int(stop[i]))
            assert losses[i] == records[i, taken, LOSS]


def test_a_chunk_compiles_to_one_kernel(run):
    # Above XLA:CPU's small-loop threshold a scan pays ~0.7 µs of runtime
    # dispatch per step; thalweg.compute raises it so the loop is one kernel.
    runner, _, _, _ = run(ROSENBROCK, "adadelta", 10, starts=((0.0, 0.0),) * 16)
    args = (
        np.zeros((16, 2)),
        np.zeros((16, len(runner.dynamic))),
        np.zeros(16, np.uint32),
        make_problem(np.zeros(0), 10, 0.0, ((-2, 2), (-1, 3))).packed(),
    )
    compiled = runner.first_chunk.lower(*args, record=True).compile().as_text()
    assert 'xla_cpu_small_call="true"' in compiled


def test_noise_is_reproducible_by_seed_and_changes_the_path(run):
    a = run(BOWL, "gd", 50, params=(1.0,), lr=0.1, noise=0.5, seed=1)[1]
    b = run(BOWL, "gd", 50, params=(1.0,), lr=0.1, noise=0.5, seed=1)[1]
    c = run(BOWL, "gd", 50, params=(1.0,), lr=0.1, noise=0.5, seed=2)[1]
    clean = run(BOWL, "gd", 50, params=(1.0,), lr=0.1)[1]
    np.testing.assert_array_equal(a[0, :51], b[0, :51])
    assert not np.allclose(a[0, :51, POINT], c[0, :51, POINT])
    assert not np.allclose(a[0, :51, POINT], clean[0, :51, POINT])


def test_new_hyperparameters_starts_steps_and_seeds_never_recompile(run):
    fresh = Objective("test-recompile", ROSENBROCK.value)
    runner, *_ = run(fresh, "adam", 2000, lr=0.01)  # long enough to use both programs
    compiled = runner.chunk._cache_size(), runner.first_chunk._cache_size()
    run(fresh, "adam", 100, lr=0.2, beta1=0.5)
    run(fresh, "adam", 777, tolerance=1e-3, starts=((0.3, 0.1),), lr=0.05)
    run(fresh, "adam", 50, lr=0.05, seed=9, weight_decay=0.1)
    run(fresh, "adam", 10000, lr=1e-3)
    assert (runner.chunk._cache_size(), runner.first_chunk._cache_size()) == compiled == (1, 1)


def test_final_carries_of_several_chunks_compile_one_scan_program():
    """Without records, init then chunk: the first chunk's scan is not compiled too."""
    spec = OPTIMIZERS["momentum"]
    fresh = Objective("test-final-programs", ROSENBROCK.value)
    runner = get_runner(fresh, spec, spec.family(spec.defaults())[1], False, 16)
    columns = hyperparameter_columns(spec, [spec.defaults()] * 3)
    batch = RunBatch(np.zeros((3, 2)), columns, np.zeros(3, np.uint32))
    problem = make_problem(np.zeros(0), 40, 0.0, ((-2, 2), (-1, 3)))
    assert runner.programs_to_compile(3, 40, record=False) == {("chunk", 4, False)}
    carry = runner.final(batch, problem)
    programs = runner.first_chunk, runner.init, runner.chunk
    assert tuple(p._cache_size() for p in programs) == (0, 1, 1)
    assert runner.programs_to_compile(3, 40, record=False) == set()
    records, status, stop = runner.run(batch, problem)  # the recorded path agrees
    np.testing.assert_array_equal(carry.status, status)
    np.testing.assert_array_equal(carry.stop, stop)
    np.testing.assert_array_equal(carry.loss, records[:, 40, LOSS])


def test_run_counts_are_padded_to_powers_of_two(run):
    three = ((1.0, 0.0), (0.0, 1.0), (0.5, 0.5))
    runner, records, *_ = run(ROSENBROCK, "rmsprop", 5, starts=three, lr=0.05)
    assert records.shape[0] == 3
    before = runner.first_chunk._cache_size()
    run(ROSENBROCK, "rmsprop", 5, starts=(*three, (0.2, 0.2)), lr=0.05)
    assert runner.first_chunk._cache_size() == before  # 3 and 4 runs share the 4-run program


def test_surface_parameters_enter_as_arrays(run):
    fresh = Objective("test-surface-parameters", BOWL.value)
    runner, first, *_ = run(fresh, "gd", 20, params=(1.0,), lr=0.1)
    _, second, *_ = run(fresh, "gd", 20, params=(50.0,), lr=0.01)
    assert not np.allclose(first[0, :21, POINT], second[0, :21, POINT])
    assert runner.first_chunk._cache_size() == 1


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_optimizer_runs_finite_and_descends_on_a_bowl(run, optimizer):
    spec = OPTIMIZERS[optimizer]
    defaults = spec.defaults()
    hyper = {"lr": 0.05} if "lr" in defaults and optimizer not in ("newton", "armijo") else {}
    if optimizer == "adadelta":
        hyper = {"lr": 1.0}
    _, records, status, stop = run(
        BOWL, optimizer, 300, params=(3.0,), starts=((1.5, -1.0),), **hyper
    )
    taken = steps_taken_at(int(status[0]), int(stop[0]))
    losses = records[0, : taken + 1, LOSS]
    assert np.all(np.isfinite(records[0, : taken + 1, :5]))
    if spec.game:
        return  # min–max dynamics: ascent in y is the point, not a descent
    assert losses[-1] < 0.5 * losses[0], f"{optimizer}: {losses[0]} -> {losses[-1]}"


def test_gradient_descent_ascent_spirals_out_and_optimism_converges_on_the_bilinear_game(run):
    bilinear = Objective("test-bilinear", lambda x, y, p: x * y)
    _, plain, *_ = run(bilinear, "gda", 300, starts=((1.0, 1.0),), lr=0.1)
    _, optimistic, *_ = run(bilinear, "optimistic_gda", 300, starts=((1.0, 1.0),), lr=0.1)
    radius = lambda r: np.linalg.norm(r[0, 300, POINT])  # noqa: E731
    assert radius(plain) > 2 * np.sqrt(2)
    assert radius(optimistic) < 0.5 * np.sqrt(2)


def test_newton_solves_a_quadratic_in_one_step(run):
    _, records, status, _ = run(BOWL, "newton", 5, tolerance=1e-9, params=(7.0,), damping=1e-8)
    np.testing.assert_allclose(records[0, 1, POINT], [0.0, 0.0], atol=1e-6)
    assert int(status[0]) == 1


def test_armijo_steps_satisfy_sufficient_decrease(run):
    c1 = 1e-4
    _, records, status, stop = run(ROSENBROCK, "armijo", 50, c1=c1)
    taken = steps_taken_at(int(status[0]), int(stop[0]))
    r = records[0, : taken + 1]
    for k in range(taken):
        g = r[k, GRADIENT]
        alpha = np.linalg.norm(r[k, UPDATE]) / np.linalg.norm(g)
        assert r[k + 1, LOSS] <= r[k, LOSS] - c1 * alpha * g @ g + 1e-12


def test_first_moment_is_zero_for_optimizers_without_one(run):
    _, records, *_ = run(ROSENBROCK, "gd", 10, lr=1e-3)
    assert np.all(records[0, :10, MOMENT] == 0)
    assert jnp.float64 == records.dtype


@pytest.mark.parametrize("length", [64, CHUNK])
def test_final_carry_keeps_the_stop_point_whatever_the_chunk_length(run, length):
    """Grids run shorter chunks; a run's end (w_stop) must not depend on it.

    On ½(x² + y²) with η = 0.01 a start r away converges once 0.99^k·r < 10⁻⁶:
    r = 0.5 at k ≈ 1306 (converged), r = 1000 only after 1500 (max_steps); a
    start outside the divergence box (4000 here) diverges at once.
    """
    starts = ((0.5, 0.0), (0.0, 0.4), (1000.0, 0.0), (5000.0, 0.0))
    options = {"starts": starts, "tolerance": 1e-6, "params": (1.0,), "lr": 0.01}
    _, records, status, stop = run(BOWL, "gd", 1500, **options)
    spec = OPTIMIZERS["gd"]
    values = {**spec.defaults(), "lr": 0.01}
    runner = get_runner(BOWL, spec, (), False, length)
    batch = RunBatch(
        np.asarray(starts),
        hyperparameter_columns(spec, [values] * len(starts)),
        np.zeros(len(starts), np.uint32),
    )
    problem = make_problem(np.ones(1), 1500, 1e-6, ((-2, 2), (-1, 3)))
    final = runner.final(batch, problem)
    assert status.tolist() == [CONVERGED, CONVERGED, MAX_STEPS, DIVERGED]
    np.testing.assert_array_equal(final.status, status)
    np.testing.assert_array_equal(final.stop, stop)
    for i in range(3):
        taken = steps_taken_at(int(status[i]), int(stop[i]))
        np.testing.assert_array_equal(final.end[i], records[i, taken, POINT])
        assert final.loss[i] == records[i, taken, LOSS]
