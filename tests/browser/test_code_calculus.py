"""The gradient-check and computation-graph views' "Code" button: the shell's dialog shows
the view's script (GET /api/code?view=<id>&…), in English and German."""

from __future__ import annotations

import urllib.request

import pytest
from support import wait_ready

pytestmark = pytest.mark.browser

VIEWS = {
    "check": ("surface=beale&start=1,1.5", "DELTAS = np.logspace(-14, 0, 57)"),
    "graph": ("f=sin(x)*y%5E2&start=0.5,2", "node.retain_grad()"),
}


def _served(app_server, query: str, framework: str) -> str:
    url = f"{app_server.url}/api/code?{query}&framework={framework}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


@pytest.mark.parametrize("view", VIEWS)
def test_the_code_button_shows_the_views_script(page, app_server, view):
    query, mark = VIEWS[view]
    page.goto(f"{app_server.url}/{view}.html?{query}")
    wait_ready(page)
    page.click("#btn-code")
    page.locator("#code-dialog").wait_for(state="visible")
    scene = page.get_attribute("#code-dialog", "data-query")
    assert scene.startswith(f"view={view}&")
    page.wait_for_function("document.getElementById('code-text').textContent.length > 0")
    text = page.locator("#code-text").text_content()
    assert text == _served(app_server, scene, "torch") and mark in text
    page.click('#code-dialog .seg-btn[data-framework="jax"]')
    page.wait_for_function(
        "document.getElementById('code-text').textContent.includes('jax.config')"
    )
    assert page.locator("#code-text").text_content() == _served(app_server, scene, "jax")
    assert "prints its results as JSON" in page.locator("#code-dialog .hint").inner_text()
    page.screenshot(path=f"/tmp/thalweg-code-{view}.png")
    assert page.recorder.page_errors == []


def test_the_code_dialog_of_the_graph_speaks_german(page, app_server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_server.url}/graph.html?lang=de")
    wait_ready(page)
    assert page.locator("#btn-code").inner_text() == "Code"
    page.click("#btn-code")
    page.wait_for_function("document.getElementById('code-text').textContent.length > 0")
    assert page.locator("#code-title").inner_text() == "Diese Szene als Code"
    hint = page.locator("#code-dialog .hint").inner_text()
    assert "als JSON aus" in hint and "Wettlauf" not in hint
    page.screenshot(path="/tmp/thalweg-code-graph-de-phone.png")
