"""The Generative view's "Code" button, on both tabs: the GAN's training script, then
the autoencoder's, as GET /api/code serves them for the page's own link."""

from __future__ import annotations

import urllib.parse
import urllib.request

import pytest
from support import wait_ready

pytestmark = pytest.mark.browser

SCENE = "steps=60&bs=16&n=100&aesteps=50"
HAS = "(text) => document.getElementById('code-text').textContent.includes(text)"


def _served(app_server, page, framework: str) -> str:
    """The script for the page's current link, as the shell asks for it."""
    query = urllib.parse.urlsplit(page.url).query
    url = f"{app_server.url}/api/code?view=generative&{query}&framework={framework}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def _unlinked(text: str) -> str:
    """The script less its docstring's link line (the page orders its query its own way)."""
    return "\n".join(line for line in text.splitlines() if "/generative.html?" not in line)


def _script(page, includes: str) -> str:
    page.click("#btn-code")
    page.locator("#code-dialog").wait_for(state="visible")
    page.wait_for_function(HAS, arg=includes, timeout=60_000)
    return page.locator("#code-text").text_content()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_code_button_shows_each_tabs_training_script(strict_page, app_server, lang):
    page = strict_page
    page.goto(f"{app_server.url}/generative.html?{SCENE}&lang={lang}")
    wait_ready(page)
    button = page.locator("#btn-code")
    assert button.is_visible() and button.inner_text() == "Code"
    gan = _script(page, "class Generator(nn.Module)")
    assert "STEPS = 60" in gan and "BATCH = 16" in gan and "DRAWS = [" in gan
    page.click('#code-dialog .seg-btn[data-framework="jax"]')
    page.wait_for_function(HAS, arg="optax")
    shown = page.locator("#code-text").text_content()
    assert _unlinked(shown) == _unlinked(_served(app_server, page, "jax"))
    page.screenshot(path=f"/tmp/thalweg-generative-code-{lang}.png")
    page.click("#code-close")

    page.click('.gen-tabs .seg-btn[data-mode="ae"]')
    page.wait_for_function("() => new URL(location.href).searchParams.get('mode') === 'ae'")
    wait_ready(page)
    ae = _script(page, "class Autoencoder(nn.Module)")
    assert "STEPS = 50" in ae and "load_digits" in ae
    assert _unlinked(ae) == _unlinked(_served(app_server, page, "torch"))
