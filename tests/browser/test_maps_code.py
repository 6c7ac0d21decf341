"""The Maps view's "Code" button: its stability map or basin map as a script (GET /api/code)."""

from __future__ import annotations

import urllib.request

import pytest
from test_maps import open_maps

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
