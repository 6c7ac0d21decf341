"""The offline file: opened from file:// with every network request blocked, its
sliders and player still work; the Share dialog makes one; and Python reads
scene links exactly as the page does (services/scene_query.py vs state.js)."""

import json
import urllib.request
from dataclasses import asdict
from pathlib import Path

import pytest
from support import wait_ready, wait_until
from thalweg.services.scene_query import parse

pytestmark = pytest.mark.browser

# The README's target: a 4-run scene with 32 positions per learning-rate slider.
DEFAULT_SCENE = "steps=500"
MAX_BYTES = 6_000_000
PATHS = "document.getElementById('race-layer').race.paths().map((p) => [p.x, p.y])"


def exported(server, query: str, folder: Path) -> Path:
    with urllib.request.urlopen(f"{server.url}/api/export?{query}", timeout=120) as response:
        data = response.read()
    path = folder / "scene.html"
    path.write_bytes(data)
    return path


def test_the_offline_file_plays_and_its_sliders_work_with_no_network(offline, app_server, tmp_path):
    path = exported(app_server, DEFAULT_SCENE, tmp_path)
    assert path.stat().st_size <= MAX_BYTES
    offline.goto(path.as_uri())
    wait_ready(offline)
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    assert offline.locator("#landscape .contourlayer path").count() > 10, "contours drawn"
    before = offline.evaluate(PATHS)
    assert len(before) == 4 and all(len(x) > 100 for x, _ in before)

    slider = offline.locator(".embed-controls input[type=range]").first
    assert (slider.get_attribute("min"), slider.get_attribute("max")) == ("0", "31")
    slider.fill("31")  # the largest precomputed rate of gradient descent
    wait_until(offline, lambda: offline.evaluate(PATHS)[0] != before[0], message="a new GD path")
    after = offline.evaluate(PATHS)
    assert after[1:] == before[1:], "the other runs keep their paths"
    assert "0.2" in offline.locator(".embed-controls .param-number").first.input_value()

    offline.click("#btn-rewind")
    offline.click("#btn-play")
    wait_until(
        offline, lambda: int(offline.get_attribute("body", "data-step")) > 20, message="play"
    )
    offline.keyboard.press(" ")
    assert offline.errors == []
    offline.screenshot(path="/tmp/thalweg-offline.png")


def test_the_offline_file_keeps_its_scene_fixed(offline, app_server, tmp_path):
    """Clicking the plot does not move the start: that scene was not computed."""
    offline.goto(exported(app_server, "steps=50&positions=2", tmp_path).as_uri())
    wait_ready(offline)
    before = offline.evaluate(PATHS)
    box = offline.locator("#overlay").bounding_box()
    offline.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.7)
    offline.wait_for_timeout(500)
    assert offline.evaluate(PATHS) == before
    assert offline.errors == []


def test_the_share_dialog_downloads_the_offline_file(page, app_server):
    page.goto(f"{app_server.url}/?surface=himmelblau&steps=80&runs=adam:lr=0.05")
    wait_ready(page)
    page.click("#btn-share")
    with page.expect_download(timeout=120_000) as info:
        page.click("#export-offline")
    download = info.value
    assert download.suggested_filename == "thalweg-scene.html"
    html = Path(download.path()).read_text(encoding="utf-8")
    assert 'id="thalweg-offline"' in html and "surface=himmelblau" in html
    assert page.recorder.page_errors == []


LINKS = [
    "",
    "surface=himmelblau&steps=300&tol=0.001&start=1.5,-2",
    "surface=ill_conditioned&sp=kappa:20&runs=adam:lr=0.05,beta1=0.8~fast%20Adam;gd",
    "surface=custom&f=x%5E2%20%2B%203*y&domain=-1,2,-3,4&view=-1,1,-2,2",
    "runs=adam%3Alr%3D0.3%3Bgd&steps=0&tol=-1&start=1,nan",
    "runs=;a-b:lr=1&sp=kappa:&steps=1.5",
    "surface=rosenbrock&runs=momentum:lr=0.001,momentum=0.95,nesterov=1&start=+1,2",
]


def test_python_reads_scene_links_as_the_page_does(page, app_server):
    page.goto(f"{app_server.url}/?steps=10")
    wait_ready(page)
    in_page = page.evaluate(
        """(links) => import('/js/state.js').then((m) => links.map((l) => {
             const s = m.parse(l);
             return {surface: s.surface, expression: s.expression, domain: s.domain,
                     surface_params: s.surfaceParams, start: s.start, steps: s.steps,
                     tolerance: s.tolerance, view: s.view,
                     runs: s.runs.map((r) => ({optimizer: r.optimizer,
                                               hyperparameters: r.hp, label: r.label}))};
           }))""",
        LINKS,
    )
    for link, expected in zip(LINKS, in_page, strict=True):
        scene = asdict(parse(link))
        # JSON has lists where Python has tuples
        assert json.loads(json.dumps(scene)) == expected, link
