"""The page loads cleanly and draws: contour, paths, German labels, the 3D surface."""

import pytest

pytestmark = pytest.mark.browser


def test_page_loads_without_console_errors_or_foreign_requests(app):
    app.open()
    recorder = app.page.recorder
    assert recorder.console_errors == []
    assert recorder.page_errors == []
    assert any("/api/stream" in url for url in recorder.requests), "the WebSocket was not opened"
    assert recorder.off_loopback() == [], "requests left loopback"


def test_contour_and_default_paths_are_drawn(app):
    app.open()
    contour = app.page.evaluate(
        """() => {
          const t = document.getElementById('landscape').data[0];
          return { type: t.type, rows: t.z.length, cols: t.z[0].length };
        }"""
    )
    assert contour == {"type": "contour", "rows": 200, "cols": 200}
    paths = app.paths()
    assert len(paths) == 4, "the default scene races four optimizers"
    for path in paths:
        assert len(path["x"]) > 10
        assert (path["x"][0], path["y"][0]) == pytest.approx((-1.2, 1.0)), "Rosenbrock's start"
    ends = {(round(p["x"][-1], 2), round(p["y"][-1], 2)) for p in paths}
    assert len(ends) == 4, "the default runs should end in different places"


def test_layers_share_size_and_axes(app):
    """The overlay must sit exactly on the contour: same size, margins and ranges."""
    app.open()
    frames = app.page.evaluate(
        """() => ['landscape', 'overlay'].map((id) => {
          const full = document.getElementById(id)._fullLayout;
          return [full.width, full.height, full.xaxis.range, full.yaxis.range,
                  full.xaxis._offset, full.xaxis._length, full.yaxis._offset, full.yaxis._length];
        })"""
    )
    assert frames[0] == frames[1]


def test_global_minimum_is_starred(app):
    app.open()
    stars = app.page.evaluate(
        """() => document.getElementById('landscape').data
             .filter((t) => t.marker && t.marker.symbol === 'star').map((t) => [t.x, t.y])"""
    )
    assert stars == [[[1.0], [1.0]]]


def test_curves_label_whole_decades_only(app):
    """Both log axes of the curves (loss and ‖∇f‖, whose values are typed arrays) carry
    ticks at powers of ten only: Plotly's own 2 and 5 between decades collide (as they
    did on ‖∇f‖'s 1.7 … 200 in this scene)."""
    app.open("steps=200")
    ticks = app.page.evaluate(
        """() => ['yaxis', 'yaxis2'].map((a) => {
          const axis = document.getElementById('curves')._fullLayout[a];
          return [axis.type, axis._vals.map((v) => v.x)];
        })"""
    )
    for kind, values in ticks:
        assert kind == "log" and len(values) >= 2
        assert values == [round(v) for v in values], values  # log10 of the ticks: whole


def test_german_ui_shows_german_labels(app):
    app.open("steps=500&lang=de")
    page = app.page
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("#surface-section .panel-title").text_content() == "Fläche"
    assert page.locator("#optimizer-section .panel-title").text_content() == "Optimierer"
    assert page.locator("#btn-play").get_attribute("title") == "Abspielen"
    assert "Gradientenabstieg" in page.locator(".run-card").first.text_content()
    assert "maximale Schritte" in page.locator(".run-status").first.text_content()
    page.wait_for_function(
        "document.getElementById('curves').textContent.split('Schritt').length >= 3"
    )


def test_language_switch_relabels_without_reload(app):
    app.open()
    page = app.page
    assert page.locator("#surface-section .panel-title").text_content() == "Surface"
    page.click(".lang-btn[data-lang='de']")
    page.wait_for_function("document.documentElement.lang === 'de'")
    assert page.locator("#surface-section .panel-title").text_content() == "Fläche"
    page.wait_for_function("location.search.includes('lang=de')")
    assert len(app.paths()) == 4


def test_3d_view_renders_a_surface(app):
    app.open()
    page = app.page
    page.click("#mode-3d")
    page.wait_for_function(
        """() => { const gd = document.getElementById('surface3d');
                   return gd.data && gd.data[0].type === 'surface' && gd._fullLayout.scene; }""",
        timeout=30_000,
    )
    lifted = page.evaluate(
        """() => document.getElementById('surface3d').data
             .filter((t) => t.type === 'scatter3d' && t.name).length"""
    )
    assert lifted == 4, "every path is lifted onto the surface"
    # WebGL really drew something: the rendered image has many distinct colours.
    colours = page.evaluate(
        """async () => {
          const gd = document.getElementById('surface3d');
          const url = await Plotly.toImage(gd, { format: 'png', width: 400, height: 300 });
          const img = new Image();
          await new Promise((r) => { img.onload = r; img.src = url; });
          const canvas = document.createElement('canvas');
          canvas.width = 400; canvas.height = 300;
          const ctx = canvas.getContext('2d');
          ctx.drawImage(img, 0, 0);
          const data = ctx.getImageData(0, 0, 400, 300).data;
          const seen = new Set();
          for (let i = 0; i < data.length; i += 4 * 7) {
            seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
          }
          return seen.size;
        }"""
    )
    assert colours > 50
    assert page.is_hidden("#overlay")
    page.wait_for_function("location.search.includes('mode=3d')")
    assert page.recorder.page_errors == []
