"""The race canvas (js/plots/race-canvas.js): aligned with the Plotly axes, the
step readout on hover, and the paths in the PNG and SVG exports."""

import re

import pytest

pytestmark = pytest.mark.browser

QUERY = "steps=200&runs=gd:lr=0.002;adam:lr=0.1;momentum:lr=0.001"

# Run `index`'s path point `k` (k < 0: from the end) in page pixels, through the
# overlay's Plotly axes (not view.js, which the canvas uses: the two must agree).
POINT = """([index, step]) => {
  const path = document.getElementById('race-layer').race.paths()[index];
  const k = step < 0 ? path.x.length + step : step;
  const gd = document.getElementById('overlay');
  const { xaxis: xa, yaxis: ya } = gd._fullLayout;
  const box = gd.getBoundingClientRect();
  return {
    name: path.name, color: path.color, n: path.x.length,
    px: xa._offset + xa.c2p(path.x[k]), py: ya._offset + ya.c2p(path.y[k]),
    left: box.left, top: box.top,
  };
}"""


def hex_rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def test_the_canvas_covers_the_figure_and_paints_on_the_plotly_axes(app):
    app.open(QUERY)
    page = app.page
    size = page.evaluate(
        """() => {
          const c = document.getElementById('race-layer');
          const full = document.getElementById('overlay')._fullLayout;
          return { css: [c.clientWidth, c.clientHeight], store: [c.width, c.height],
                   figure: [full.width, full.height], dpr: devicePixelRatio };
        }"""
    )
    assert size["css"] == size["figure"]
    assert size["store"] == [round(v * size["dpr"]) for v in size["figure"]]
    # The run's colour sits exactly where Plotly's axes put the last point (its
    # current-step marker's fill), and nothing is painted far off every path.
    point = page.evaluate(POINT, [1, -1])
    pixel = page.evaluate(
        """([x, y]) => {
          const c = document.getElementById('race-layer');
          const s = c.width / c.clientWidth;
          const ctx = c.getContext('2d');
          return [...ctx.getImageData(Math.round(x * s), Math.round(y * s), 1, 1).data];
        }""",
        [point["px"], point["py"]],
    )
    r, g, b = hex_rgb(point["color"])
    assert pixel[3] == 255 and max(abs(pixel[0] - r), abs(pixel[1] - g), abs(pixel[2] - b)) <= 8
    corner = page.evaluate(
        "() => [...document.getElementById('race-layer')"
        ".getContext('2d').getImageData(1, 1, 1, 1).data]"
    )
    assert corner[3] == 0, "the canvas is transparent off the paths"


@pytest.mark.parametrize(("lang", "word"), [("en", "step"), ("de", "Schritt")])
def test_hovering_a_path_point_shows_its_run_and_step(app, lang, word):
    app.open(f"steps=200&runs=momentum:lr=0.001&lang={lang}")
    page = app.page
    label = page.locator("#overlay .race-hover")
    point = page.evaluate(POINT, [0, 40])
    page.mouse.move(point["left"] + point["px"], point["top"] + point["py"])
    page.wait_for_function("!document.querySelector('#overlay .race-hover').hidden")
    lines = label.inner_text().splitlines()
    assert lines[0] == point["name"]
    step = int(re.fullmatch(rf"{word} (\d+)", lines[1], re.IGNORECASE).group(1))
    shown = page.evaluate(POINT, [0, step])
    # The readout is the path point nearest the pointer (the mouse lands on whole pixels).
    assert abs(shown["px"] - point["px"]) <= 1 and abs(shown["py"] - point["py"]) <= 1
    assert re.fullmatch(r"\(.+, .+\)", lines[2]), lines[2]
    assert ("," in lines[2].split(", ")[0]) == (lang == "de"), "the page's decimal mark"
    page.mouse.move(point["left"] + 2, point["top"] + 2)
    page.wait_for_function("document.querySelector('#overlay .race-hover').hidden")


def test_the_svg_export_draws_each_path_as_a_polyline(app):
    app.open(QUERY)
    page = app.page
    svg = page.evaluate(
        "async () => (await (await import('/js/export.js')).svgBlob({ theme: 'light' })).text()"
    )
    paths = app.paths()
    colors = page.evaluate(
        "() => document.getElementById('race-layer').race.paths().map((p) => p.color)"
    )
    for path, color in zip(paths, colors, strict=True):
        lines = re.findall(rf'<polyline points="([^"]+)" fill="none" stroke="{color}"', svg)
        assert lines, f"no polyline in {color}"
        assert max(len(line.split(" ")) for line in lines) == len(path["x"])
    assert svg.count("<svg") >= 3, "contour, race and overlay"


def test_the_png_export_shows_the_paths(app):
    app.open(QUERY)
    page = app.page
    point = page.evaluate(POINT, [0, -1])
    # The composed picture (scale 2, caption above): the run's colour at its
    # current-step marker, found in the column where Plotly puts it.
    found = page.evaluate(
        """async ([x, y, color]) => {
          const blob = await (await import('/js/export.js')).pngBlob({ theme: 'light', scale: 2 });
          const img = await createImageBitmap(blob);
          const c = new OffscreenCanvas(img.width, img.height);
          const ctx = c.getContext('2d');
          ctx.drawImage(img, 0, 0);
          const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
          const column = ctx.getImageData(Math.round(2 * x), 0, 1, img.height).data;
          for (let row = 0; row < img.height; row++) {
            const p = column.subarray(4 * row, 4 * row + 3);
            if (want.every((v, i) => Math.abs(v - p[i]) <= 8)) return true;
          }
          return false;
        }""",
        [point["px"], point["py"], point["color"]],
    )
    assert found, "the run's marker colour is in the PNG"
