"""Property-based requests generated from the OpenAPI schema never get a 5xx."""

import schemathesis
from hypothesis import HealthCheck, settings
from thalweg.app import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    response = case.call()
    assert response.status_code < 500, response.text
