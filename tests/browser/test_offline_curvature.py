"""The offline file of a curv=1 scene, opened from file:// with every request aborted,
draws the curvature layer from the answers it holds (services/offline_curvature.py)."""

import json
import shutil
import urllib.request

import numpy as np
import pytest
from support import wait_ready, wait_until
from test_export import PATHS, exported
from thalweg.config import frontend_dir, get_settings
from thalweg.services.export import export_html

pytestmark = pytest.mark.browser

SCENE = "steps=300&t=40&curv=1&positions=4"
GAME = "surface=bilinear&runs=gda:lr=0.1;alternating_gda:lr=0.3&steps=200&t=40&curv=1&positions=2"
COUNT = "document.querySelectorAll('.curv-ellipse, .curv-flow').length"
ELLIPSES = """() => [...document.querySelectorAll('.curv-ellipse')].map((g) => ({
  run: Number(g.dataset.run),
  point: g.dataset.point.split(',').map(Number),
  eigenvalues: g.dataset.eigenvalues.split(',').map(Number),
}))"""
CURVE = """() => document.querySelector('.curv-curve').data
  .filter((t) => t.name).map((t) => t.y)"""


def _curvature(server, point) -> dict:
    body = json.dumps({"surface": "rosenbrock", "point": point}).encode()
    request = urllib.request.Request(
        f"{server.url}/api/curvature", body, {"content-type": "application/json"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def _open(offline, server, query, folder, count):
    path = exported(server, query, folder)
    offline.goto(path.as_uri())
    wait_ready(offline)
    # A resize after the first paint may send the scene again: its curvature follows
    # once no scene is in flight (as conftest.App.settle waits).
    for _ in range(3):
        offline.wait_for_function("document.body.dataset.busy === '0'", timeout=30_000)
        offline.wait_for_timeout(150)
    wait_until(offline, lambda: offline.evaluate(COUNT) == count, message=f"{count} glyphs")
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    return path


def test_the_offline_file_shows_the_ellipses_and_the_lambda_max_curve(
    offline, app_server, tmp_path
):
    _open(offline, app_server, SCENE, tmp_path, 4)
    ellipses = offline.evaluate(ELLIPSES)
    paths = offline.evaluate(PATHS)
    curves = offline.evaluate(CURVE)
    assert offline.is_visible(".curv-curve") and len(curves) == 4
    for ellipse in ellipses:
        xs, ys = paths[ellipse["run"]]
        assert ellipse["point"] == pytest.approx([xs[40], ys[40]], rel=1e-6)
        truth = _curvature(app_server, ellipse["point"])  # the server, asked by the test
        assert ellipse["eigenvalues"] == pytest.approx(truth["eigenvalues"], rel=1e-4, abs=1e-4)
        assert curves[ellipse["run"]][40] == pytest.approx(ellipse["eigenvalues"][1], rel=1e-6)
    assert offline.errors == []


def test_a_new_slider_position_brings_its_paths_curvature(offline, app_server, tmp_path):
    _open(offline, app_server, SCENE, tmp_path, 4)
    before = offline.evaluate(ELLIPSES)[0]["point"]
    offline.locator(".embed-controls input[type=range]").first.fill("3")
    wait_until(
        offline,
        lambda: offline.evaluate(COUNT) == 4 and offline.evaluate(ELLIPSES)[0]["point"] != before,
        message="the ellipse of the new gradient-descent path",
    )
    xs, ys = offline.evaluate(PATHS)[0]
    k = min(40, len(xs) - 1)  # a path that stopped earlier is drawn at its end
    assert offline.evaluate(ELLIPSES)[0]["point"] == pytest.approx([xs[k], ys[k]], rel=1e-6)
    assert offline.errors == []


def test_the_offline_file_of_a_game_shows_its_flow_and_step_radius(offline, app_server, tmp_path):
    _open(offline, app_server, GAME, tmp_path, 2)
    kinds = offline.evaluate(
        "[...document.querySelectorAll('.curv-flow')].map((g) => g.dataset.jacobian)"
    )
    assert kinds == ["0,-1,1,0"] * 2
    curves = offline.evaluate(CURVE)
    # GDA grows by √(1 + η²) on V = xy, alternating GDA keeps its radius
    np.testing.assert_allclose(curves[0], np.sqrt(1 + 0.1**2), rtol=1e-6)
    np.testing.assert_allclose(curves[1], 1.0, atol=1e-6)
    assert offline.errors == []


def test_a_lesson_scene_with_curv_draws_the_layer_from_the_lesson_file(offline, tmp_path):
    """No lesson has curv=1 today: a copy of the frontend with one such scene is exported."""
    frontend = tmp_path / "frontend"
    shutil.copytree(frontend_dir(get_settings()), frontend)
    catalog = frontend / "js/lessons/lessons.json"
    lessons = json.loads(catalog.read_text(encoding="utf-8"))
    lesson = next(x for x in lessons["lessons"] if x["id"] == "learning-rate")
    link = lesson["scenes"][0]["link"].replace("&autoplay=1", "") + "&curv=1&t=40"
    lesson["scenes"][0]["link"] = link
    catalog.write_text(json.dumps(lessons, ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "lesson.html"
    path.write_text(export_html("http://h/lessons?lesson=learning-rate&lang=en", frontend))
    offline.goto(path.as_uri())
    offline.wait_for_selector("body[data-ready='1']")
    frame = offline.query_selector("#scene-frame").content_frame()
    wait_until(
        offline,
        lambda: frame.evaluate("document.querySelectorAll('.curv-ellipse').length") == 2,
        message="the scene's two ellipses",
    )
    frame.click("text=Curves")  # the lesson's embed shows its curves on demand
    wait_until(
        offline,
        lambda: frame.evaluate("document.querySelector('.curv-curve').data?.length") == 4,
        message="λmax of both runs and their 2/η lines",
    )
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    assert offline.errors == []
