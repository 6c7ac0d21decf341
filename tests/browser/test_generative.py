"""The Generative view in a real browser: the GAN lab streams and draws its
snapshots, both languages are complete, the 800×450 projector embed keeps the
plots at ≥ 60% of the frame without overflow, custom points are drawn by
clicking, and the autoencoder tab draws its codes and images."""

from __future__ import annotations

import re

import pytest
from support import wait_ready, wait_until

pytestmark = pytest.mark.browser

TABLES = "import('/js/views/generative/strings.js').then((m) => ({ en: m.EN, de: m.DE }))"
# Formulas and symbols, and words German borrows as they are.
SAME_IN_BOTH = {
    "generative.tab.gan", "generative.tab.ae", "generative.titleAe", "generative.loss.wasserstein",
    "generative.generator", "generative.discriminator", "generative.dLoss", "generative.gLoss",
    "generative.heatProbability", "generative.ae.section.model", "generative.section.training",
    "generative.pause",
}  # fmt: skip
GAN = "steps=300&every=50"
# What the plane's canvas drew: counts of real and generated points, heat map rows, ...
PLANE = "({...document.querySelector('#gen-plane canvas').dataset})"
FRAME = """() => {
  const r = document.getElementById('plot-stack').getBoundingClientRect();
  return { fraction: (r.width * r.height) / (innerWidth * innerHeight),
           scroll: [document.documentElement.scrollWidth, innerWidth,
                    document.documentElement.scrollHeight, innerHeight],
           bottom: r.bottom };
}"""


def _snapshots(page) -> int:
    value = page.evaluate("document.querySelector('[data-snapshots]')?.dataset.snapshots")
    return int(value or 0)


def _trained(page, url: str, snapshots: int = 2) -> None:
    page.goto(url)
    wait_ready(page)
    wait_until(page, lambda: _snapshots(page) >= snapshots, 60, "snapshots")
    wait_ready(page)


def _plane(page) -> dict:
    return {k: int(v) for k, v in page.evaluate(PLANE).items() if v != ""}


def test_every_key_in_both_languages(strict_page, app_server):
    strict_page.goto(f"{app_server.url}/generative.html?{GAN}")
    tables = strict_page.evaluate(TABLES)
    en, de = tables["en"], tables["de"]
    assert set(en) == set(de)
    for key in en:
        assert key.startswith("generative."), key
        assert en[key].strip() and de[key].strip(), key
        assert set(re.findall(r"\{\w+\}", de[key])) == set(re.findall(r"\{\w+\}", en[key])), key
        if key not in SAME_IN_BOTH:
            assert de[key] != en[key], f"{key}: German equals English ({en[key]!r})"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_gan_lab_streams_and_draws_snapshots(strict_page, app_server, lang):
    page = strict_page
    _trained(page, f"{app_server.url}/generative.html?{GAN}&lang={lang}", snapshots=7)
    plane = _plane(page)
    assert plane["real"] == plane["fake"] == plane["push"] == 300
    assert plane["heat"] == 30 and plane["field"] == 15 * 15 and plane["manifold"] == 15 * 15
    assert plane["step"] == 300
    status = page.inner_text("#gen-status")
    assert ("300 iterations" if lang == "en" else "300 Iterationen") in status
    # The scrubber goes back to the first snapshot: iteration 0.
    page.locator("#gen-scrubber").evaluate(
        "(el) => { el.value = '0'; el.dispatchEvent(new Event('input')); }"
    )
    assert page.inner_text("#gen-step") == (
        "iteration 0 · 0/8 modes" if lang == "en" else "Iteration 0 · 0/8 Moden"
    )
    assert _plane(page)["step"] == 0
    if lang == "de":
        text = page.inner_text("body")
        for english in ("Real data", "Generator and discriminator", "Who trains", "Losses"):
            assert english not in text
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


def test_embed_800x450_projector_keeps_the_plots_large(browser, app_server):
    context = browser.new_context(viewport={"width": 800, "height": 450})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for mode in ("", "&mode=ae"):
            url = f"{app_server.url}/embed?view=generative&{GAN}&projector=1&lang=de{mode}"
            _trained(page, url)
            frame = page.evaluate(FRAME)
            assert frame["fraction"] >= 0.6, frame
            width, inner_w, height, inner_h = frame["scroll"]
            assert width <= inner_w and height <= inner_h, frame
            assert frame["bottom"] <= 450.5
        assert errors == []
    finally:
        context.close()


def test_custom_points_are_drawn_by_clicking(page, app_server):
    page.goto(f"{app_server.url}/generative.html?data=custom&steps=100")
    wait_ready(page)
    box = page.locator("#gen-plane canvas").bounding_box()
    for dx, dy in ((0.3, 0.3), (0.7, 0.6), (0.5, 0.8)):
        page.mouse.click(box["x"] + dx * box["width"], box["y"] + dy * box["height"])
    assert page.inner_text("#gen-point-count") == "3 points"
    assert "pts=" in page.url
    wait_until(page, lambda: _snapshots(page) >= 2, 60, "a run on the drawn points")
    plane = _plane(page)
    assert plane["real"] == 3 and plane["fake"] == 3


def test_autoencoder_tab_draws_codes_and_images(page, app_server):
    _trained(page, f"{app_server.url}/generative.html?mode=ae&aesteps=200")
    assert page.get_attribute("#ae-latent canvas", "data-points") == "1797"
    assert page.inner_text("#ae-latent .ae-digit-key").split() == [str(d) for d in range(10)]
    size = page.evaluate(
        "(() => { const c = document.getElementById('ae-decoded-canvas');"
        " return [c.width, c.height]; })()"
    )
    assert size == [89, 89]  # 10 × 10 images of 8 px, 1 px apart
    inked = page.evaluate("""(() => {
      const c = document.getElementById('ae-recon-canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let dark = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark += 1;
      return dark; })()""")
    assert inked > 50  # digits, not a blank canvas
    assert page.recorder.console_errors == [] and page.recorder.page_errors == []


def test_a_link_shows_the_snapshot_it_names(page, app_server):
    _trained(page, f"{app_server.url}/generative.html?steps=200&at=100")
    wait_until(page, lambda: _plane(page).get("step") == 100, 30, "the linked snapshot")
    assert page.inner_text("#gen-step").startswith("iteration 100")
    page.locator("#gen-scrubber").evaluate(
        "(el) => { el.value = '1'; el.dispatchEvent(new Event('input'));"
        " el.dispatchEvent(new Event('change')); }"
    )
    assert "at=50" in page.url and _plane(page)["step"] == 50


RETRAIN_PAUSE_MS = 700  # views/generative/gan.js RETRAIN_MS, and a margin


def test_csv_upload_is_validated(page, app_server):
    page.goto(f"{app_server.url}/generative.html?data=custom&steps=50&lang=de")
    wait_ready(page)
    good = {"name": "p.csv", "mimeType": "text/csv", "buffer": b"x,y\n0,1\n1.5,-2\n-3,0.25\n"}
    page.set_input_files("#gen-csv", good)  # the file is read asynchronously
    page.wait_for_function("document.getElementById('gen-point-count').textContent === '3 Punkte'")
    assert "pts=0:1,1.5:-2,-3:0.25" in page.url
    # The new points retrain after a pause (a new run clears the banner): let it start.
    page.wait_for_timeout(RETRAIN_PAUSE_MS)
    page.wait_for_selector("body[data-busy='0']", state="attached")
    bad = {"name": "q.csv", "mimeType": "text/csv", "buffer": b"0,1\n2,nan\n"}
    page.set_input_files("#gen-csv", bad)
    page.wait_for_function("document.getElementById('banner').textContent !== ''")
    assert page.inner_text("#banner") == "CSV-Zeile 2: erwartet zwei Zahlen „x,y“ innerhalb ±100."
    far = {"name": "r.csv", "mimeType": "text/csv", "buffer": b"0,1\n200,0\n"}
    page.evaluate("document.getElementById('banner').textContent = ''")
    page.set_input_files("#gen-csv", far)
    page.wait_for_function("document.getElementById('banner').textContent !== ''")
    assert "CSV-Zeile 2" in page.inner_text("#banner")
    assert page.inner_text("#gen-point-count") == "3 Punkte"  # the good points stay
