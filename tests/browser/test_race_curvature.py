"""The race's local curvature (?curv=1): ellipses, λmax curve, slider marks vs /api/curvature."""

from __future__ import annotations

import json
import urllib.request

import numpy as np
import pytest
from support import wait_until

pytestmark = pytest.mark.browser

SCENE = "steps=500&t=40&curv=1"
ELLIPSES = """() => [...document.querySelectorAll('.curv-ellipse')].map((g) => ({
  run: Number(g.dataset.run),
  point: g.dataset.point.split(',').map(Number),
  eigenvalues: g.dataset.eigenvalues.split(',').map(Number),
  eigenvectors: g.dataset.eigenvectors.split(',').map(Number),
  // each drawn axis, from pixels back to data through the overlay's axes
  axes: [...g.querySelectorAll('.curv-axis')].map((line) => {
    const full = document.getElementById('overlay')._fullLayout;
    const [xa, ya] = [full.xaxis, full.yaxis];
    const at = (k) => [xa.p2c(Number(line.getAttribute('x' + k)) - xa._offset),
                       ya.p2c(Number(line.getAttribute('y' + k)) - ya._offset)];
    const [a, b] = [at(1), at(2)];
    return [b[0] - a[0], b[1] - a[1]];
  }),
}))"""


def _curvature(server, point) -> dict:
    body = json.dumps({"surface": "rosenbrock", "point": point}).encode()
    request = urllib.request.Request(
        f"{server.url}/api/curvature", body, {"content-type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def _ellipses(app, count: int) -> list[dict]:
    # A resize after the first paint (fonts, the toolbar) may send the scene again:
    # its curvature follows once no scene is in flight.
    app.settle()
    wait_until(
        app.page,
        lambda: app.page.evaluate("document.querySelectorAll('.curv-ellipse').length") == count,
        message=f"{count} curvature ellipses",
    )
    return app.page.evaluate(ELLIPSES)


def test_ellipse_axes_and_lambda_max_match_the_api_at_the_current_point(app):
    app.open(SCENE)
    ellipses = _ellipses(app, 4)
    paths = app.paths()
    for ellipse in ellipses:
        path = paths[ellipse["run"]]
        assert ellipse["point"] == pytest.approx([path["x"][40], path["y"][40]], rel=1e-6)
        truth = _curvature(app.server, ellipse["point"])
        assert ellipse["eigenvalues"] == pytest.approx(truth["eigenvalues"], rel=1e-4, abs=1e-4)
        vectors = np.reshape(ellipse["eigenvectors"], (2, 2))
        for i in range(2):
            q = np.asarray(truth["eigenvectors"][i])
            assert abs(vectors[i] @ q) == pytest.approx(1, abs=1e-5)  # the same axis, either sign
            drawn = np.asarray(ellipse["axes"][i])
            # the line drawn on screen lies along q_i (pixels rounded: 1e-2 rad)
            assert abs(drawn @ q) / np.linalg.norm(drawn) == pytest.approx(1, abs=1e-2)
        # the longer axis belongs to the smaller curvature: half-lengths ∝ 1/√|λ|
        lengths = [np.linalg.norm(a) for a in ellipse["axes"]]
        low, high = np.abs(ellipse["eigenvalues"])
        assert lengths[0] / lengths[1] == pytest.approx(np.sqrt(high / low), rel=0.05)
    assert app.page.recorder.console_errors == [] and app.page.recorder.page_errors == []


def test_lambda_max_curve_and_two_over_eta_lines(app):
    app.open(SCENE)
    ellipses = _ellipses(app, 4)
    traces = app.page.evaluate(
        """() => document.querySelector('.curv-curve').data
             .map((t) => ({x: t.x, y: t.y, name: t.name || null}))"""
    )
    curves = [t for t in traces if t["name"]]
    lines = [t for t in traces if not t["name"]]
    assert len(curves) == 4 and len(lines) == 1  # one gradient-descent run
    assert lines[0]["y"] == [pytest.approx(2 / 0.002)] * 2
    for ellipse in ellipses:
        assert curves[ellipse["run"]]["y"][40] == pytest.approx(ellipse["eigenvalues"][1], rel=1e-6)


def test_learning_rate_sliders_mark_two_over_lambda_max_here_and_at_the_minimum(app):
    app.open(SCENE)
    ellipses = {e["run"]: e for e in _ellipses(app, 4)}
    at_minimum = _curvature(app.server, [1.0, 1.0])["gd_stable_lr"]
    marks = app.page.evaluate(
        """() => [...document.querySelectorAll('.run-card')].map((card) => ({
             run: Number(card.dataset.runIndex),
             marks: [...card.querySelectorAll('.curv-mark')]
               .map((m) => [m.className, Number(m.dataset.value)]),
           }))"""
    )
    for card in marks:
        values = dict((cls.split("curv-mark-")[1], v) for cls, v in card["marks"])
        assert card["run"] in ellipses, (card, list(ellipses))
        here = 2 / ellipses[card["run"]]["eigenvalues"][1]
        # a mark is drawn only where it falls on the slider (η from 1e-5 up)
        assert values.get("here", here) == pytest.approx(here, rel=1e-6)
        assert values["min"] == pytest.approx(at_minimum, rel=1e-5)


def test_toggle_is_off_by_default_and_kept_in_the_url(app):
    app.open("steps=500&t=40")
    assert not app.page.is_checked("#toggle-curvature")
    assert app.page.evaluate("document.querySelectorAll('.curv-ellipse').length") == 0
    app.page.check("#toggle-curvature")
    _ellipses(app, 4)
    wait_until(app.page, lambda: "curv=1" in app.page.url, message="curv=1 in the URL")
    assert app.page.is_visible(".curv-curve")
    app.page.uncheck("#toggle-curvature")
    wait_until(app.page, lambda: "curv=" not in app.page.url, message="curv= gone from the URL")
    assert app.page.evaluate("document.querySelectorAll('.curv-ellipse, .curv-mark').length") == 0
    assert app.page.is_hidden(".curv-curve")


def test_a_new_learning_rate_brings_the_curvature_of_the_new_path(app):
    app.open(SCENE)
    before = _ellipses(app, 4)[0]["point"]
    scene = app.scene()
    app.page.fill(".run-card[data-run-index='0'] .param[data-param='lr'] .param-number", "0.0005")
    app.wait_new_scene(scene)
    wait_until(
        app.page,
        lambda: (
            app.page.evaluate(ELLIPSES)[0]["point"] != before
            if app.page.evaluate("document.querySelectorAll('.curv-ellipse').length") == 4
            else False
        ),
        message="the ellipse of the new path",
    )
    ellipse = app.page.evaluate(ELLIPSES)[0]
    assert ellipse["point"] == pytest.approx(
        [app.paths()[0]["x"][40], app.paths()[0]["y"][40]], rel=1e-6
    )


def test_german_labels(app):
    app.open(SCENE + "&lang=de")
    _ellipses(app, 4)
    assert app.page.inner_text("label.curv-toggle") == "Krümmung"
    assert "2/λmax" in app.page.inner_text(".curv-readout")


def test_curvature_strings_exist_in_both_languages(app):
    app.open("steps=10")
    tables = app.page.evaluate(
        "import('/js/curvature-strings.js').then((m) => m.CURVATURE_STRINGS)"
    )
    en, de = tables["en"], tables["de"]
    assert set(en) == set(de)
    assert {k for k in en if en[k] == de[k]} == {"curv.readout", "curv.curveTitle"}
