"""The shell's views (docs/shell.md) presented: the networks view, the gradient check,
the computation graph, the maps and the generative view embedded in a slide's iframe
in projector mode, at 800×450, 960×540, 1024×768, 1280×720 and 1920×1080, in English
and German; on a 390×844 phone; and the shell's German.

In a slide each view's figures take at least 60% of the frame, nothing reaches past
the frame or is cut (view_measure.js), and the page logs no error. Set
THALWEG_SCREENSHOTS=dir to keep the screenshots there (else pytest's tmp_path).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from support import static_server, wait_ready, wait_until

pytestmark = pytest.mark.browser

SIZES = [(800, 450), (960, 540), (1024, 768), (1280, 720), (1920, 1080)]  # the slide sizes
# (view, its query, the CSS selector of its figures)
VIEWS = [
    ("networks", "steps=200", ".nw-plot"),
    ("check", "surface=rosenbrock", ".check-chart-box"),
    ("graph", "pass=backward", ".graph-scroll"),
    ("maps", "n=32", ".maps-plot"),
    ("generative", "steps=300", ".gen-plot"),
]
MIN_FRACTION = 0.6
MEASURE = (Path(__file__).parent / "view_measure.js").read_text(encoding="utf-8")
PARENT = """<!doctype html><meta charset="utf-8"><title>slide</title>
<link rel="icon" href="data:,">
<style>html, body {{ margin: 0; overflow: hidden; }} iframe {{ border: 0; display: block; }}</style>
<iframe src="{src}" width="{width}" height="{height}"></iframe>"""
TWO_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def shots_dir(tmp_path: Path) -> Path:
    path = Path(os.environ.get("THALWEG_SCREENSHOTS") or tmp_path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def framed(frame) -> bool:
    return "/embed?" in frame.url


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_views_fill_a_slide_in_projector_mode(browser, app_server, tmp_path, width, height):
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
            for view, query, figures in VIEWS:
                for lang in ("en", "de"):
                    name = f"{view}-{lang}"
                    errors.clear()
                    src = f"{app_server.url}/embed?view={view}&{query}&lang={lang}&projector=1"
                    (www / f"{name}.html").write_text(
                        PARENT.format(src=src, width=width, height=height)
                    )
                    tab.goto(f"{parent_url}/{name}.html")
                    wait_until(tab, lambda: any(map(framed, tab.frames)), message="the frame")
                    doc = next(filter(framed, tab.frames))
                    wait_ready(doc)
                    tab.wait_for_timeout(400)  # the figures' resize redraws
                    doc.evaluate(TWO_FRAMES)
                    m = doc.evaluate(MEASURE, figures)
                    tab.screenshot(path=str(shots / f"view-{width}x{height}-{name}.png"))
                    found = {k: m[k] for k in ("outside", "clipped", "overlaps") if m[k]}
                    if m["fraction"] < MIN_FRACTION:
                        found["fraction"] = round(m["fraction"], 3)
                    sw, sh, vw, vh = m["scroll"]
                    if sw > vw or sh > vh:
                        found["scroll"] = m["scroll"]
                    if errors:
                        found["errors"] = list(errors)
                    if found:
                        problems[name] = found
    finally:
        context.close()
    assert problems == {}, f"{width}×{height}: {problems} (screenshots in {shots})"


@pytest.mark.parametrize("view", [v for v, _, _ in VIEWS])
def test_views_fit_a_phone_in_german(browser, app_server, tmp_path, view):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto(f"{app_server.url}/{view}.html?lang=de")
        wait_ready(tab)
        tab.wait_for_timeout(300)
        tab.screenshot(
            path=str(shots_dir(tmp_path) / f"view-390x844-{view}-de.png"), full_page=True
        )
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        # the figures come first, the settings after them
        first = tab.evaluate(
            "() => [document.getElementById('view-root'), document.getElementById('view-sidebar')]"
            ".map((el) => el.getBoundingClientRect().top)"
        )
        assert first[0] < first[1]
        assert errors == []
    finally:
        context.close()


def test_the_header_links_every_view_in_both_languages(page, app_server):
    page.goto(f"{app_server.url}/check.html?lang=de")
    wait_ready(page)
    names = page.evaluate(
        "[...document.querySelectorAll('.shell-nav-link')].map((a) => a.textContent)"
    )
    assert names == [
        "Wettlauf", "Netze", "Gradientenprüfung", "Rechengraph", "Karten", "Generativ", "Lektionen",
    ]  # fmt: skip
    assert page.get_attribute("#nav-check", "aria-current") == "page"
    page.click("#nav-graph")
    wait_ready(page)
    assert page.url.startswith(f"{app_server.url}/graph.html")
    page.click(".lang-btn[data-lang='en']")
    wait_ready(page)
    assert "lang=en" in page.url
    assert page.text_content("#nav-race") == "Race"


def test_the_share_dialog_gives_a_views_links_and_snippet(page, app_server):
    page.goto(f"{app_server.url}/networks.html?steps=100&lang=de")
    wait_ready(page)
    page.click("#btn-theme")
    assert "theme=dark" in page.url and page.evaluate(
        "document.body.classList.contains('theme-dark')"
    )
    page.click("#btn-share")
    page_link = page.input_value("#share-page")
    embed = page.input_value("#share-embed")
    assert re.fullmatch(
        rf"{app_server.url}/networks\.html\?steps=100&lang=de&theme=dark", page_link
    )
    assert embed.startswith(f"{app_server.url}/embed?view=networks&steps=100&lang=de&theme=dark")
    page.check("#share-control-status")
    embed = page.input_value("#share-embed")
    assert embed.endswith("controls=play,scrubber,status")
    assert f'src="{embed.replace("&", "&amp;")}"' in page.input_value("#share-snippet")
    assert page.locator("#export-offline").is_visible()
    # the embed link opens the same view, embedded, with the controls it names
    page.goto(embed)
    wait_ready(page)
    assert page.evaluate("document.body.classList.contains('is-embed')")
    assert page.locator("#nw-status").is_visible() and not page.locator(".topbar").count()


def test_german_strings_are_complete_and_translated(page, app_server):
    page.goto(f"{app_server.url}/check.html")
    wait_ready(page)
    for module in (
        "shell/strings.js",
        "check/strings.js",
        "graph/strings.js",
        "networks/strings.js",
    ):
        tables = page.evaluate(f"import('/js/{module}').then((m) => ({{en: m.EN, de: m.DE}}))")
        en, de = tables["en"], tables["de"]
        # catalog:<English> keys translate the server's texts: German only
        assert set(en) == {k for k in de if not k.startswith("catalog:")}, module
        same = {k for k in en if en[k] == de[k]}
        # names and formulas read the same in both (networks' own list is test_i18n_networks')
        if module != "networks/strings.js":
            assert same == set(), f"{module}: not translated: {sorted(same)}"
        for key in (k for k in en if k.startswith(("networks.control", "nw.step", "nw.scrub"))):
            assert en[key] != de[key], key
    names = page.evaluate("import('/js/shell/views.js').then((m) => m.navStrings())")
    assert set(names["en"]) == set(names["de"]) and len(names["en"]) >= 5
    assert all(names["en"][k] != names["de"][k] for k in names["en"]), names


def test_a_views_png_holds_its_figures(page, app_server, tmp_path):
    page.goto(f"{app_server.url}/networks.html?steps=100")
    wait_ready(page)
    page.click("#btn-share")
    with page.expect_download() as download:
        page.click("#export-png")
    path = tmp_path / "view.png"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    figures = page.evaluate(
        "[...document.querySelectorAll('.nw-plot')].filter((p) => p.offsetParent)"
        ".map((p) => p.getBoundingClientRect())"
        ".reduce((b, r) => [Math.min(b[0], r.left), Math.max(b[1], r.right)], [1e9, 0])"
    )
    assert width == pytest.approx(2 * (figures[1] - figures[0]), abs=4), "all figures, at 2×"
    assert height > width / 3


def test_keys_step_the_gradient_check_and_the_graph(page, app_server):
    page.goto(f"{app_server.url}/check.html")
    wait_ready(page)
    before = page.input_value("#check-delta")
    page.locator(".check-hint").click()  # focus on no control
    page.keyboard.press("ArrowRight")
    assert int(page.input_value("#check-delta")) == int(before) + 1
    assert "delta=" in page.url
    page.keyboard.press("Home")
    assert page.input_value("#check-delta") == before
    page.goto(f"{app_server.url}/graph.html")
    wait_ready(page)
    page.locator(".graph-hint").click()
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("[data-pass='backward']", "aria-pressed") == "true"
    assert "pass=backward" in page.url
    page.keyboard.press("Home")
    assert page.get_attribute("[data-pass='forward']", "aria-pressed") == "true"
