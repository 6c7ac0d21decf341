"""thalweg.code: the script GET /api/code writes, and the REST API's refusals as ThalwegError."""

import pytest
import thalweg
from thalweg.services.code.views import script

LINK = "?surface=himmelblau&steps=40&runs=adam:lr=0.05;gd:lr=0.01"


@pytest.mark.parametrize("framework", ["torch", "jax", "keras"])
def test_code_is_the_services_script(framework):
    text = thalweg.code(LINK, framework)
    assert text == script(LINK, framework)
    assert f"--framework {framework}" in text


@pytest.mark.parametrize(
    ("link", "framework", "message"),
    [
        ("?runs=adam:lr=100", "jax", "lr=100.0 outside"),
        (LINK, "fortran", "unknown framework"),
    ],
)
def test_refusals_raise_thalweg_error(link, framework, message):
    with pytest.raises(thalweg.ThalwegError, match=message):
        thalweg.code(link, framework)
