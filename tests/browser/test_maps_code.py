"""The Maps view's "Code" button: its stability map or basin map as a script (GET /api/code)."""

from __future__ import annotations

import urllib.request

import pytest
from test_maps import open_maps
from thalweg.schemas_curvature import BasinsRequest, StabilityRequest
from thalweg.services.maps_query import request_of

pytestmark = pytest.mark.browser


def _served(app_server, query: str, framework: str) -> str:
    url = f"{app_server.url}/api/code?{query}&framework={framework}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def _script(page) -> str:
    page.wait_for_function("document.getElementById('code-text').textContent.length > 0")
    return page.locator("#code-text").text_content()


@pytest.mark.parametrize(
    ("query", "kind", "torch_code", "jax_code"),
    [
        (
            "n=8&opt=gd&x=lr:0.02:1:log&y=weight_decay:0:1:linear",
            "stability map",
            "step.add_param_group(",
            "jax.vmap(run)",
        ),
        ("map=basins&res=12&lang=de", "basin map", "torch.tensor(starts", "def label_ends("),
    ],
)
def test_the_code_button_writes_the_map_shown(page, app_server, query, kind, torch_code, jax_code):
    open_maps(page, app_server, query)
    page.click("#btn-code")
    dialog = page.locator("#code-dialog")
    dialog.wait_for(state="visible")
    sent = dialog.get_attribute("data-query")
    assert sent.startswith("view=maps&")
    torch = _script(page)
    assert torch == _served(app_server, sent, "torch")
    assert f"Thalweg's {kind} of" in torch and torch_code in torch
    page.click('#code-dialog .seg-btn[data-framework="jax"]')
    page.wait_for_function("document.getElementById('code-text').textContent.includes('optax')")
    jax = _script(page)
    assert jax == _served(app_server, sent, "jax") and jax_code in jax
    if "lang=de" in query:
        assert page.locator("#code-title").inner_text() == "Diese Szene als Code"
        page.screenshot(path="/tmp/thalweg-maps-code-de.png")
    else:
        page.screenshot(path="/tmp/thalweg-maps-code.png")
    page.click("#code-close")
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


@pytest.mark.parametrize(
    "query",
    [
        "n=6&surface=himmelblau&sp=&opt=adam&hp=eps:1e-6&x=lr:0.001:0.3:log&y=beta2:0.5:0.99:linear"
        "&steps=90&tol=1e-9",
        "map=basins&res=10&bsurface=rastrigin&bopt=lbfgs&bhp=lr:0.02&x=lr:2:1:log&n=3",
    ],
)
def test_the_server_reads_a_maps_link_as_the_page_does(page, app_server, query):
    """services/maps_query.py builds the very request the page sends for the same link
    (an unknown optimizer, a bad axis or an out-of-range count fall back alike)."""
    maps = ("/api/stability", "/api/basins")
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith(maps)) as sent:
        page.goto(f"{app_server.url}/maps.html?{query}")
    body = sent.value.post_data_json
    server = request_of(query)
    model = BasinsRequest if sent.value.url.endswith("/api/basins") else StabilityRequest
    assert isinstance(server, model)
    assert model.model_validate(body) == server
