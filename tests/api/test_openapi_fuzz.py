"""Requests generated from the OpenAPI schema never get a 5xx, and reach the computations.

The schema names every surface and optimizer and each optimizer's
hyperparameters with their ranges (thalweg/openapi.py), so generated requests
are often valid: a share of them must be computed, not only refused. A larger
run (10,000 cases) is benchmarks/fuzz_api.py.
"""

from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from thalweg.app import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
# An export computes ~100 trajectories and three landscapes (~1.5 s), and a GAN or
# autoencoder run compiles a trainer per architecture (~1-5 s): fewer examples.
EXPORT = settings(FUZZ, max_examples=5)
SLOW = ["/api/export", "/api/gan/run", "/api/autoencoder/run"]


@schema.exclude(path=SLOW).parametrize()
@FUZZ
def test_no_server_errors(case):
    response = case.call(timeout=120)
    assert response.status_code < 500, response.text


@schema.include(path=SLOW).parametrize()
@EXPORT
def test_no_server_errors_exporting_or_training_a_gan(case):
    response = case.call(timeout=120)
    assert response.status_code < 500, response.text


def test_generated_trajectory_requests_reach_the_engine():
    statuses: Counter[int] = Counter()

    @given(schema["/api/trajectories"]["POST"].as_strategy())
    @settings(FUZZ, max_examples=60)
    def call(case):
        statuses[case.call(timeout=120).status_code] += 1

    call()
    assert set(statuses) <= {200, 422}, statuses
    assert statuses[200] >= 0.3 * statuses.total(), statuses
