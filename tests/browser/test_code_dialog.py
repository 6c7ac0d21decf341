"""The race page's "Code" button: the scene as torch, JAX and Keras scripts (GET /api/code)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from support import wait_ready

pytestmark = pytest.mark.browser

SCENE = "surface=himmelblau&steps=60&runs=adam:lr=0.05;momentum:lr=0.002"


def _served(app_server, query: str, framework: str) -> str:
    url = f"{app_server.url}/api/code?{query}&framework={framework}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _open(page, app_server, query: str):
    page.goto(f"{app_server.url}/?{query}")
    wait_ready(page)
    page.click("#btn-code")
    dialog = page.locator("#code-dialog")
    dialog.wait_for(state="visible")
    return dialog


def test_the_code_dialog_shows_copies_and_downloads_each_frameworks_script(page, app_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    dialog = _open(page, app_server, SCENE)
    query = dialog.get_attribute("data-query")
    assert "himmelblau" in query
    code = page.locator("#code-text")
    page.wait_for_function("document.getElementById('code-text').textContent.length > 0")
    assert code.text_content() == _served(app_server, query, "torch")
    assert "torch.optim.Adam(params, lr=0.05" in code.text_content()
    assert page.locator('#code-dialog .seg-btn[aria-pressed="true"]').inner_text() == "PyTorch"

    page.click('#code-dialog .seg-btn[data-framework="jax"]')
    page.wait_for_function("document.getElementById('code-text').textContent.includes('optax')")
    jax = _served(app_server, query, "jax")
    assert code.text_content() == jax
    with page.expect_download() as info:
        page.click("#code-download")
    assert info.value.suggested_filename == "thalweg_jax.py"
    assert Path(info.value.path()).read_text(encoding="utf-8") == jax
    page.click("#code-copy")
    page.locator("#code-status").get_by_text("copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == jax

    page.click('#code-dialog .seg-btn[data-framework="keras"]')
    page.wait_for_function("document.getElementById('code-text').textContent.includes('keras')")
    assert code.text_content() == _served(app_server, query, "keras")
    page.screenshot(path="/tmp/thalweg-code.png")
    page.click("#code-close")
    assert not dialog.is_visible()
    assert page.recorder.page_errors == []


def test_the_code_dialog_speaks_german_and_says_why_a_scene_has_no_script(page, app_server):
    dialog = _open(page, app_server, "lang=de&surface=rosenbrock&steps=50&runs=gd:lr=0.001")
    assert page.locator("#btn-code").inner_text() == "Code"
    assert page.locator("#btn-code").get_attribute("title").startswith("Diese Szene als Skript")
    assert page.locator("#code-title").inner_text() == "Diese Szene als Code"
    assert page.locator("#code-copy").inner_text() == "Kopieren"
    assert page.locator("#code-download").inner_text() == ".py herunterladen"
    page.wait_for_function("document.getElementById('code-text').textContent.length > 0")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/thalweg-code-de-phone.png")
    page.click("#code-close")

    # A scene the server refuses: the dialog says so instead of showing a script.
    def refuse(route):
        route.fulfill(status=422, json={"detail": "runs.0: lr=100.0 outside [1e-06, 10]"})

    page.route("**/api/code?*", refuse)
    page.click("#btn-code")
    status = page.locator("#code-status")
    status.get_by_text("Kein Skript").wait_for()
    assert "outside" in status.inner_text()
    assert page.locator("#code-text").text_content() == ""
    assert dialog.locator("#code-download").is_disabled()


def test_a_shell_view_with_code_gets_the_same_button_with_its_own_training_script(page, app_server):
    page.goto(f"{app_server.url}/networks.html?data=circles&steps=40&hidden=8&lang=de")
    wait_ready(page)
    page.click("#btn-code")
    page.locator("#code-dialog").wait_for(state="visible")
    query = page.get_attribute("#code-dialog", "data-query")
    assert query.startswith("view=networks&") and "data=circles" in query
    page.wait_for_function("document.getElementById('code-text').textContent.length > 0")
    script = page.locator("#code-text").text_content()
    assert script == _served(app_server, query, "torch")
    assert "nn.Module" in script and "train_loss" in script
    assert page.locator("#code-title").inner_text() == "Diese Szene als Code"
    assert page.recorder.page_errors == []


@pytest.mark.parametrize("page_path", ["check.html", "graph.html", "maps.html", "generative.html"])
def test_every_view_has_the_code_button(page, app_server, page_path):
    """Each view in the header has a script writer (services/code/views.py), so a Code button."""
    page.goto(f"{app_server.url}/{page_path}")
    wait_ready(page)
    page.locator("#btn-code").click()
    page.locator("#code-text").filter(has_text="import").wait_for()
    assert "thalweg" in page.locator("#code-text").inner_text().lower()
