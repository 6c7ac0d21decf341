"""The Maps view: stability and basin maps on the shell, both languages, embedded on a slide."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from support import static_server, wait_ready, wait_until

pytestmark = pytest.mark.browser

# A small stability map (32²): GD on the bowl, η × weight decay; theory η = 2/(κ + λ_wd).
SMALL = "n=32&opt=gd&x=lr:0.02:1:log&y=weight_decay:0:1:linear"
PARENT = """<!doctype html><meta charset="utf-8"><title>slide</title><link rel="icon" href="data:,">
<style>html, body {{ margin: 0; overflow: hidden; }} iframe {{ border: 0; display: block; }}</style>
<iframe src="{src}" width="{width}" height="{height}"></iframe>"""


def open_maps(page, server, query: str = "") -> None:
    page.goto(f"{server.url}/maps.html?{query}")
    wait_ready(page)
    wait_until(page, lambda: page.evaluate("Boolean(document.getElementById('maps-plot').data)"))


def traces(page) -> list[dict]:
    return page.evaluate(
        """() => document.getElementById('maps-plot').data.map((t) => ({
             type: t.type, name: t.name, x: t.x, y: t.y,
             z: t.z && t.type === 'heatmap' ? t.z : null }))"""
    )


def test_stability_map_shows_the_theorys_edge_between_converged_and_diverged(page, app_server):
    open_maps(page, app_server, SMALL)
    drawn = traces(page)
    heat, diverged, edge = drawn[0], drawn[1], drawn[2]
    assert heat["type"] == "heatmap" and len(heat["x"]) == 32 and len(heat["y"]) == 32
    assert edge["name"].endswith("2/λmax")
    for j, wd in enumerate(heat["y"]):
        bound = 2 / (10 + wd)  # κ = 10
        for i, lr in enumerate(heat["x"]):
            if lr < bound / 1.15:
                assert heat["z"][j][i] is not None and diverged["z"][j][i] is None, (lr, wd)
            elif lr > bound * 1.15:
                assert diverged["z"][j][i] == 1, (lr, wd)
    # the drawn edge is the theory's at each weight decay
    for lr, wd in zip(edge["x"], edge["y"], strict=True):
        assert lr == pytest.approx(2 / (10 + wd), rel=1e-9)
    note = page.inner_text("#maps-note")
    assert "2/λmax" in note and "λmax = 10" in note
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


def test_heavy_ball_map_marks_polyaks_optimum(page, app_server):
    open_maps(page, app_server, "n=24")
    optimum = next(t for t in traces(page) if t["name"] == "Polyak's optimum")
    big, small = 10**0.5, 1.0  # λmax = κ = 10, λmin = 1
    assert optimum["x"][0] == pytest.approx(4 / (big + small) ** 2)
    assert optimum["y"][0] == pytest.approx(((big - small) / (big + small)) ** 2)


def test_clicking_a_cell_links_to_the_race_with_that_run(page, app_server):
    open_maps(page, app_server, SMALL)
    box = page.locator("#maps-plot .nsewdrag").first.bounding_box()
    # Inside cell 8 of 32 on both axes, away from its edges (a click at exactly a
    # quarter lands on the border of cells 7 and 8, and sub-pixel layout picks one).
    at = 0.262
    page.mouse.click(box["x"] + box["width"] * at, box["y"] + box["height"] * (1 - at))
    link = page.locator("#maps-race-link")
    link.wait_for()
    query = parse_qs(urlsplit(link.get_attribute("href")).query)
    assert query["surface"] == ["ill_conditioned"] and query["steps"] == ["200"]
    run = query["runs"][0]
    assert run.startswith("gd:")
    hp = dict(item.split("=") for item in run.split(":", 1)[1].split(","))
    heat = traces(page)[0]
    k = 8
    assert float(hp["lr"]) == pytest.approx(heat["x"][k], rel=2e-3)
    assert float(hp["weight_decay"]) == pytest.approx(heat["y"][k], rel=2e-3, abs=1e-3)
    race = page.context.new_page()
    race.goto(f"{app_server.url}/{link.get_attribute('href')[2:]}")
    wait_ready(race)
    assert race.evaluate("document.querySelectorAll('.run-card').length") == 1
    assert race.input_value(".run-card .param[data-param='lr'] .param-number") == hp["lr"]


def test_basins_of_himmelblau_in_german(page, app_server):
    open_maps(page, app_server, "map=basins&res=64&lang=de")
    drawn = page.evaluate(
        """() => document.getElementById('maps-plot').data
             .map((t) => ({type: t.type, name: t.name}))"""
    )
    assert drawn[0]["type"] == "image"
    stars = [t["name"] for t in drawn if t["type"] == "scatter" and t["name"].startswith("Minimum")]
    assert len(stars) == 4
    assert page.inner_text("#maps-kind-basins") == "Einzugsgebiete"
    assert "Jeder Bildpunkt ist ein Start" in page.inner_text("#maps-note")
    assert page.title().startswith("Thalweg · Einzugsgebiete")
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


def test_switching_the_optimizer_recomputes_and_keeps_it_in_the_url(page, app_server):
    open_maps(page, app_server, "map=basins&res=48")
    page.select_option("#maps-optimizer", "momentum")
    wait_until(page, lambda: "bopt=momentum" in page.url, message="bopt in the URL")
    wait_until(page, lambda: page.evaluate("document.body.dataset.busy") == "0")
    assert "Momentum" in page.inner_text("#maps-note")


@pytest.mark.parametrize("query", ["", "map=basins&lang=de"])
def test_embedded_on_an_800x450_projector_slide(browser, app_server, tmp_path, query):
    context = browser.new_context(viewport={"width": 800, "height": 450})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    src = f"{app_server.url}/embed?view=maps&projector=1&{query}"
    (tmp_path / "slide.html").write_text(PARENT.format(src=src, width=800, height=450))
    try:
        with static_server(tmp_path) as parent:
            tab.goto(f"{parent}/slide.html")
            wait_until(tab, lambda: any("/embed?" in f.url for f in tab.frames), message="frame")
            frame = next(f for f in tab.frames if "/embed?" in f.url)
            wait_ready(frame)
            wait_until(
                tab,
                lambda: frame.evaluate("Boolean(document.getElementById('maps-plot')._fullLayout)"),
            )
            m = frame.evaluate(
                """() => {
                  const r = document.getElementById('maps-plot').getBoundingClientRect();
                  const d = document.documentElement;
                  return { fraction: (r.width * r.height) / (innerWidth * innerHeight),
                           scroll: [d.scrollWidth, d.scrollHeight, innerWidth, innerHeight],
                           inside: r.right <= innerWidth + 0.5 && r.bottom <= innerHeight + 0.5 };
                }"""
            )
    finally:
        context.close()
    assert m["fraction"] >= 0.6, m
    sw, sh, vw, vh = m["scroll"]
    assert sw <= vw and sh <= vh and m["inside"], m
    assert errors == []


def test_german_strings_are_complete(page, app_server):
    open_maps(page, app_server, "n=8")
    tables = page.evaluate(
        "import('/js/views/maps/strings.js').then((m) => ({en: m.EN, de: m.DE}))"
    )
    en, de = tables["en"], tables["de"]
    assert set(en) == set(de)
    # formulas read the same in both languages; every sentence is translated
    same = {k for k in en if en[k] == de[k]}
    assert same == {"maps.colorbar.loss", "maps.colorbar.lossPlain", "maps.axisLog"}
