"""thalweg.Widget's Python–JS round trip in headless chromium.

A small page hosts the widget's ES module as anywidget does (``_css`` as a style, ``_esm``
imported from a blob: URL, ``render({model, el})``) with a stand-in for anywidget's model
(get/set/on/off/save_changes/send). ``save_changes`` hands the changed traits
to the kernel side, here the real ``Widget`` in this process, through
``set_state`` (what ipywidgets calls for a front end's update message); the traits
the kernel changes in answer go back to the page as a kernel's update would.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import thalweg

pytestmark = pytest.mark.browser

HOST = "http://127.0.0.1:9"  # never contacted: Playwright answers every request (route below)
PAGE = (Path(__file__).parent / "widget_host.html").read_text(encoding="utf-8")
SYNCED = ("runs", "scene", "landscape", "frames", "error", "lang")


def _kernel_side(widget):
    """The widget's traits as a kernel sends them, and a handler for the page's updates."""
    changed: dict = {}
    widget.observe(lambda change: changed.__setitem__(change["name"], None), names=list(SYNCED))

    def pending() -> dict:
        state = widget.get_state(key=list(changed))
        changed.clear()
        return state

    def update(state: dict) -> dict:
        widget.set_state(state)
        return pending()

    return update, pending


def _open(page, widget):
    update, pending = _kernel_side(widget)
    state = json.dumps(widget.get_state())
    page.route(f"{HOST}/", lambda route: route.fulfill(body=PAGE, content_type="text/html"))
    page.route(
        f"{HOST}/state.json",
        lambda route: route.fulfill(body=state, content_type="application/json"),
    )
    page.expose_function("toKernel", update)
    page.goto(f"{HOST}/")
    page.wait_for_function("document.getElementById('out').dataset.thalwegReady === 'yes'")
    return pending


def _drawn_paths(page) -> dict[str, list]:
    """The paths on the race canvas: name -> [[x, y], …]."""
    return page.evaluate(
        """() => Object.fromEntries(document.querySelector('.tw-overlay .race-layer').race.paths()
            .map((p) => [p.name, Array.from(p.x, (x, i) => [x, p.y[i]])]))"""
    )


def _wait_drawn(page, name: str, points: int) -> None:
    """Until the overlay draws a path ``name`` of ``points`` points."""
    page.wait_for_function(
        """([name, points]) => {
            const layer = document.querySelector('.tw-overlay .race-layer');
            return Boolean(layer) && layer.race.paths()
                .some((p) => p.name === name && p.x.length === points);
        }""",
        arg=[name, points],
    )


def test_widget_draws_the_kernels_race_and_slider_moves_round_trip(page):
    adam = {"optimizer": "adam", "hyperparameters": {"lr": 0.05}}
    widget = thalweg.Widget("rosenbrock", ["gd", adam], steps=200)
    pending = _open(page, widget)

    race = thalweg.race("rosenbrock", ["gd", adam], steps=200)
    drawn = _drawn_paths(page)
    assert list(drawn) == ["Gradient descent η=0.001", "Adam η=0.05"]
    for path, run in zip(drawn.values(), race.runs, strict=True):
        np.testing.assert_array_equal(np.asarray(path, np.float32), run.points)
    assert page.locator(".tw-layer:not(.tw-overlay) .contour").count() == 1
    layers = (".tw-layer:not(.tw-overlay)", ".tw-overlay")
    boxes = [page.locator(f"{layer} .nsewdrag").bounding_box() for layer in layers]
    assert boxes[0] == boxes[1]  # the paths' plot area lies exactly over the contour's

    # A slider move in the page: the kernel recomputes, the page draws its answer.
    slider = page.locator('.tw-run[data-run="1"] .param-slider')
    slider.evaluate("s => { s.value = Math.log10(0.2); s.dispatchEvent(new Event('input')); }")
    faster = thalweg.race("rosenbrock", ["gd", {**adam, "hyperparameters": {"lr": 0.2}}], steps=200)
    expected = faster.runs[1].points
    _wait_drawn(page, "Adam η=0.2", len(expected))
    assert widget.runs[1]["hyperparameters"]["lr"] == 0.2
    np.testing.assert_array_equal(
        np.asarray(_drawn_paths(page)["Adam η=0.2"], np.float32), expected
    )
    assert page.evaluate("window.model.sent") == 1

    # Python sets a run: the kernel's update moves the page's slider and redraws.
    widget.set_run(0, lr=0.0005)
    page.evaluate("(state) => window.model.fromKernel(state)", pending())
    number = page.locator('.tw-run[data-run="0"] .param-number')
    assert float(number.input_value()) == 5e-4
    slider = page.locator('.tw-run[data-run="0"] .param-slider')
    assert float(slider.input_value()) == pytest.approx(np.log10(5e-4), abs=0.01)
    slow = thalweg.race(
        "rosenbrock", [{"optimizer": "gd", "hyperparameters": {"lr": 5e-4}}], steps=200
    )
    name = "Gradient descent η=5e−4"  # the page's number format, with a true minus
    _wait_drawn(page, name, len(slow.runs[0].points))
    np.testing.assert_array_equal(
        np.asarray(_drawn_paths(page)[name], np.float32), slow.runs[0].points
    )
    status = page.locator('.tw-run[data-run="0"] .tw-status')
    assert status.get_attribute("data-status") == slow.runs[0].status
    assert page.locator('.tw-run[data-run="0"] .tw-run-name').inner_text() == name

    assert page.recorder.page_errors == []
    assert page.recorder.console_errors == []
    assert page.recorder.off_loopback() == []


def test_widget_shows_the_kernels_refusal(page):
    widget = thalweg.Widget("rosenbrock", ["gd"], steps=50)
    _open(page, widget)
    number = page.locator('.tw-run[data-run="0"] .param-number')
    number.fill("50")
    number.dispatch_event("change")
    alert = page.locator(".tw-error")
    alert.wait_for(state="visible")
    assert "lr" in alert.inner_text() and "outside" in alert.inner_text()
    assert widget.error == alert.inner_text()
