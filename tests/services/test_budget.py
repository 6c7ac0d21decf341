"""The work budget: every optimizer priced, compiled programs free, refusals that name the limit."""

from __future__ import annotations

import itertools
import math

import pytest
from thalweg.compute.optimizers import OPTIMIZERS
from thalweg.compute.trajectory import CHUNK
from thalweg.schemas import TrajectoryRequest
from thalweg.services import budget, trajectories
from thalweg.services.errors import UnprocessableError

_fresh = itertools.count()


def request(optimizers, steps=100, expression=None):
    surface = (
        {"expression": expression, "domain": {"x": [-2, 2], "y": [-2, 2]}}
        if expression
        else "rosenbrock"
    )
    return TrajectoryRequest.model_validate(
        {"surface": surface, "steps": steps, "runs": [{"optimizer": o} for o in optimizers]}
    )


def unseen(terms_of: str = "x^2 + 3*y^2") -> str:
    return f"{terms_of} + {next(_fresh)}"  # a new objective: nothing compiled for it


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_optimizer_of_the_catalog_has_a_price(optimizer):
    cost = budget.OPTIMIZER_COSTS[optimizer]
    assert cost.compile_seconds > 0 and cost.step_microseconds > 0


def test_only_programs_not_yet_compiled_are_charged():
    fresh = request(["adam", "gd"], expression=unseen())
    before = trajectories.estimate(fresh)
    assert before.programs == 2 and before.compile_seconds > 0
    trajectories.compute(fresh)
    after = trajectories.estimate(fresh)
    assert after.programs == 0 and after.compile_seconds == 0
    assert after.run_seconds == before.run_seconds > 0


def test_runs_past_the_first_chunk_need_the_second_program():
    expression = unseen()
    assert trajectories.estimate(request(["adam"], CHUNK - 1, expression)).programs == 1
    assert trajectories.estimate(request(["adam"], CHUNK, expression)).programs == 2


def test_larger_expressions_cost_more():
    small = trajectories.estimate(request(["adam"], 1000, unseen("x")))
    large_text = "+".join(f"sin(x*{k})*cos(y)" for k in range(1, 14))
    large = trajectories.estimate(request(["adam"], 1000, unseen(large_text)))
    assert large.seconds > 2 * small.seconds
    assert budget.size_factor(None) == budget.size_factor(budget.REFERENCE_TERMS) == 1.0


def test_an_estimate_shared_by_several_requests_charges_a_program_once():
    expression = unseen()
    charged: set = set()
    first = trajectories.estimate(request(["adam"] * 3, 100, expression), charged)
    second = trajectories.estimate(request(["adam"] * 4, 100, expression), charged)
    assert (first.programs, second.programs) == (1, 0)  # 3 and 4 runs share the 4-run program


def test_a_refusal_names_the_limit_and_the_estimate():
    estimate = budget.Estimate(compile_seconds=2.5, run_seconds=0.6, programs=5, run_steps=10**6)
    budget.enforce(estimate, limit=3.5)
    with pytest.raises(UnprocessableError) as refused:
        budget.enforce(estimate, limit=2.0)
    payload = refused.value.payload()
    assert payload["code"] == "work_budget"
    assert payload["params"] == {"seconds": 3.1, "limit": 2.0}
    assert "5 programs" in payload["detail"] and "1,000,000 run-steps" in payload["detail"]


def test_compute_refuses_over_budget_and_the_engine_can_be_asked_without_one():
    expensive = request(["lbfgs"] * 16, 10_000, unseen())
    with pytest.raises(UnprocessableError, match="work budget"):
        trajectories.compute(expensive)
    assert trajectories.estimate(expensive).seconds > 2
    cheap = request(["gd"], 5, unseen())
    assert trajectories.compute(cheap, limit=math.inf)["runs"][0]["steps_taken"] <= 5
