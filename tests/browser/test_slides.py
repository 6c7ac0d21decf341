"""Slide-first layouts (css/slides.css): the embed page in an iframe of slide size
and the main page in projector mode, at five frame sizes and in both languages.

At every size the plot takes at least 60% of the frame, nothing reaches past the
frame, no text is cut or wrapped where it must stay on one line, no two pieces of
chrome (or tick labels, axis titles, colour-bar labels, the link back) overlap,
the legend lies inside the plot area, and the page logs no error. Projector mode
at 1280×720 writes no text smaller than 18 px. Set THALWEG_SCREENSHOTS=dir to keep
a screenshot of every case there (else they go to pytest's tmp_path).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import static_server, wait_ready, wait_until

pytestmark = pytest.mark.browser

SIZES = [(800, 450), (960, 540), (1280, 720), (1920, 1080), (1024, 768)]
EMBED = (
    "surface=ill_conditioned&runs=gd:lr=0.02;momentum:lr=0.02&steps=300"
    "&controls=play,step,scrubber,speed,lr,legend,title,curves"
)
PROJECTOR = "surface=ill_conditioned&steps=300&projector=1"
# The embed without and with projector mode; the main page in projector mode.
# (name, page, query, runs the legend must show)
CASES = [
    ("embed-en", "embed", f"{EMBED}&lang=en", 2),
    ("embed-de-projector", "embed", f"{EMBED}&lang=de&projector=1", 2),
    ("projector-en", "main", f"{PROJECTOR}&lang=en", 4),
    ("projector-de", "main", f"{PROJECTOR}&lang=de", 4),
]
TWO_RUNS = "runs=gd:lr=0.02;momentum:lr=0.02&steps=300"
ISSUE_CASES = [
    (
        "few-controls",
        "embed",
        f"surface=ill_conditioned&{TWO_RUNS}&lang=de&projector=1&controls=lr,legend,play",
        2,
    ),
    ("game-title", "embed", "surface=bilinear&steps=300&lang=de&controls=title,legend,play", 4),
    (
        "view-3d",
        "embed",
        f"surface=rosenbrock&{TWO_RUNS}&mode=3d&lang=de&controls=title,legend,play",
        2,
    ),
    ("projector-game", "main", "surface=bilinear&steps=300&projector=1&lang=de", 4),
]
MIN_FRACTION = 0.6
MIN_PROJECTOR_TEXT_PX = 18

PARENT = """<!doctype html><meta charset="utf-8"><title>slide</title>
<link rel="icon" href="data:,">
<style>html, body {{ margin: 0; overflow: hidden; }} iframe {{ border: 0; display: block; }}</style>
<iframe src="{src}" width="{width}" height="{height}"></iframe>"""

# Everything the layout promises, measured in the document that shows the scene.
MEASURE = (Path(__file__).parent / "slide_measure.js").read_text(encoding="utf-8")


TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def framed(frame) -> bool:
    return "/embed?" in frame.url


def shots_dir(tmp_path: Path) -> Path:
    path = Path(os.environ.get("THALWEG_SCREENSHOTS") or tmp_path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_scenes(browser, server, tmp_path, width, height, cases) -> tuple[dict, Path]:
    """Open each (name, page, query, runs) in one page of this size; what each breaks."""
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    problems: dict[str, dict] = {}
    shots = shots_dir(tmp_path)
    www = tmp_path / "www"
    www.mkdir(exist_ok=True)
    try:
        with static_server(www) as parent_url:
            for name, page, query, runs in cases:
                errors.clear()
                if page == "embed":
                    src = f"{server.url}/embed?{query}"
                    parent = PARENT.format(src=src, width=width, height=height)
                    (www / f"slide-{name}.html").write_text(parent)
                    tab.goto(f"{parent_url}/slide-{name}.html")
                    wait_until(tab, lambda: any(map(framed, tab.frames)), message="the frame")
                    doc = next(filter(framed, tab.frames))
                else:
                    tab.goto(f"{server.url}/?{query}")
                    doc = tab.main_frame
                wait_ready(doc)
                # Let the curves' resize redraw (debounced) and the fonts settle.
                tab.wait_for_timeout(400)
                doc.evaluate(TWO_FRAMES)
                projector = "projector" in name and width == 1280
                m = doc.evaluate(MEASURE, MIN_PROJECTOR_TEXT_PX if projector else 0)
                tab.screenshot(path=str(shots / f"{width}x{height}-{name}.png"))
                found = {
                    key: m[key]
                    for key in ("outside", "clipped", "wrapped", "overlaps", "small")
                    if m[key]
                }
                if m["fraction"] < MIN_FRACTION:
                    found["fraction"] = round(m["fraction"], 3)
                sw, sh, vw, vh = m["scroll"]
                if sw > vw or sh > vh:
                    found["scroll"] = m["scroll"]
                if runs and m["legend"] < runs:
                    found["legend entries shown"] = m["legend"]
                if errors:
                    found["errors"] = list(errors)
                if found:
                    problems[name] = found
    finally:
        context.close()
    return problems, shots


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_slide_layouts(browser, app_server, tmp_path, width, height):
    problems, shots = check_scenes(browser, app_server, tmp_path, width, height, CASES)
    assert problems == {}, f"{width}×{height}: {problems} (screenshots in {shots})"


def test_the_issues_slides_at_800x450(browser, app_server, tmp_path):
    """The scenes issue 10 found cramped: few controls, a game with a title, the 3D view."""
    problems, shots = check_scenes(browser, app_server, tmp_path, 800, 450, ISSUE_CASES)
    assert problems == {}, f"{problems} (screenshots in {shots})"


def test_projector_toggles_swap_in_the_curves_and_open_the_settings(browser, app_server):
    context = browser.new_context(viewport={"width": 800, "height": 450})
    tab = context.new_page()
    try:
        tab.goto(f"{app_server.url}/?{PROJECTOR}&lang=de")
        wait_ready(tab)
        assert not tab.locator(".curves-box").is_visible(), "a small frame: the plot alone"
        assert not tab.locator(".sidebar").is_visible(), "projector mode: the settings folded away"
        tab.click("#btn-curves")
        wait_until(tab, lambda: tab.locator("#curves .main-svg").count() > 0, message="curves")
        wait_until(
            tab,
            lambda: tab.evaluate("document.getElementById('curves')._fullLayout.height") > 250,
            message="the curves drawn at the plot's size",
        )
        assert tab.get_attribute("#btn-curves", "aria-pressed") == "true"
        tab.click("#btn-curves")
        assert not tab.locator(".curves-box").is_visible()
        tab.click("#btn-panel")
        assert tab.locator(".sidebar").is_visible()
        assert tab.locator("#surface-select").is_visible()
        tab.click("#btn-panel")
        assert not tab.locator(".sidebar").is_visible()
    finally:
        context.close()
