"""The computation graph of a typed f: shown for typed surfaces only, forward
values and backward adjoints on the nodes, ∂f/∂x summed over the x nodes."""

import math

import pytest

pytestmark = pytest.mark.browser

SCENE = "surface=custom&f=x*y%20%2B%20sin(x)&start=1,2&steps=50"
NUMBERS = (
    "() => [...document.querySelectorAll('.graph-node .graph-number')].map((t) => t.textContent)"
)
LABELS = (
    "() => [...document.querySelectorAll('.graph-node .graph-label')].map((t) => t.textContent)"
)


def test_forward_and_backward_passes_on_a_typed_surface(app):
    app.open(SCENE)
    page = app.page
    assert page.is_visible("#graph-section")
    page.click("#graph-section summary")
    page.wait_for_selector(".graph-chart")
    assert page.evaluate(LABELS) == ["x", "y", "×", "x", "sin", "+"]
    root = page.evaluate(NUMBERS)[-1]
    assert float(root) == pytest.approx(2 + math.sin(1), abs=1e-2)  # f(1, 2), 3 digits shown
    assert "f = 2.84147" in page.text_content(".graph-summary")

    page.click(".graph-pass [data-pass='backward']")
    adjoints = page.evaluate(NUMBERS)
    assert adjoints[-1] == "1"  # ∂f/∂f
    assert adjoints[0] == "2" and adjoints[1] == "1"  # ∂f/∂x through xy is y, ∂f/∂y is x
    assert page.locator(".graph-local").count() == 5  # one local derivative per edge
    summary = page.text_content(".graph-summary")
    assert "∂f/∂x = 2.5403: the sum over its 2 node(s); JAX: 2.5403" in summary.replace(
        "\u2212", "-"
    )
    assert app.page.recorder.console_errors == []


def test_the_graph_is_for_typed_surfaces_only_and_speaks_german(app):
    app.open("surface=rosenbrock")
    assert app.page.is_hidden("#graph-section")
    app.open(SCENE + "&lang=de")
    page = app.page
    assert page.text_content("#graph-section summary") == "Rechengraph"
    page.click("#graph-section summary")
    page.click(".graph-pass [data-pass='backward']")
    assert "die Summe über seine 2 Knoten" in page.text_content(".graph-summary")
