"""Property-based requests generated from the OpenAPI schema never get a 5xx."""

import schemathesis
from hypothesis import HealthCheck, settings
from thalweg.app import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
# An export computes ~100 trajectories and three landscapes (~1.5 s), and a GAN run
# compiles a trainer per architecture (~1-3 s): fewer examples.
EXPORT = settings(FUZZ, max_examples=5)
SLOW = ["/api/export", "/api/gan/run"]


@schema.exclude(path=SLOW).parametrize()
@FUZZ
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, response.text


@schema.include(path=SLOW).parametrize()
@EXPORT
def test_no_server_errors_exporting_or_training_a_gan(case):
    response = case.call()
    assert response.status_code < 500, response.text
