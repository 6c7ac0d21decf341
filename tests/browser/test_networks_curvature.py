"""The Networks view's curvature panel: sharpness against 2/η, spectrum, the explanation."""

from __future__ import annotations

import pytest
from test_networks import open_view, runs, traces, wait_trained

pytestmark = pytest.mark.browser

# Full-batch GD under ½·MSE at η = 0.2 on 100 moons (the service test's edge-of-stability run).
EDGE = "data=moons&n=100&test=0&loss=half_mse&opt=gd&hp=lr:0.2&bs=all&steps=300&curv=1&every=20"


def test_sharpness_is_drawn_against_two_over_eta(page, app_server):
    open_view(page, app_server, EDGE)
    assert page.is_visible("#nw-curvature")
    sharpness = traces(page, "plot-sharpness")
    curve, line = sharpness
    assert curve["x"] == list(range(0, 301, 20)) and all(v > 0 for v in curve["y"])
    assert line["y"] == [pytest.approx(10.0), pytest.approx(10.0)]  # 2/η
    assert curve["y"][-1] > curve["y"][0]  # progressive sharpening
    spectrum = traces(page, "plot-spectrum")
    assert spectrum[0]["n"] == 201 and spectrum[1]["n"] == 5  # density, top-5
    assert max(spectrum[1]["x"]) == pytest.approx(curve["y"][-1], rel=1e-2)
    assert "edge of stability" in page.inner_text("#nw-curvature-note")
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


def test_panel_hides_without_curvature_and_speaks_german(page, app_server):
    open_view(page, app_server, EDGE + "&lang=de")
    assert "Rand der Stabilität" in page.inner_text("#nw-curvature-note")
    before = runs(page)
    page.click("#nw-curvature-toggle")
    wait_trained(page, before)
    assert page.is_hidden("#nw-curvature")
    assert "curv=" not in page.url
