"""A downloaded PNG carries the surface's name above the figure and the legend below it."""

import pytest

pytestmark = pytest.mark.browser

RUN_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]  # the default four runs (palette.js)

# The PNG the Share dialog downloads, decoded again: its size, the figure's, the
# dark (text) pixels in the band above the figure, and the colours below it.
READ_PNG = """async (colors) => {
  const { pngBlob } = await import('/js/export.js');
  const img = await createImageBitmap(await pngBlob({ theme: 'light', scale: 1 }));
  const canvas = document.createElement('canvas');
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const figure = document.getElementById('landscape')._fullLayout;
  const head = 34; // export-caption.js: 34 px for the title at scale 1
  const band = (y0, y1) => ctx.getImageData(0, y0, img.width, y1 - y0).data;
  const dark = (data) => {
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 240) n++;
    return n;
  };
  const has = (data, hex) => {
    const [r, g, b] = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    for (let i = 0; i < data.length; i += 4) {
      const off = Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b);
      if (off < 24) return true;
    }
    return false;
  };
  const below = band(head + figure.height, img.height);
  return {
    size: [img.width, img.height], figure: [figure.width, figure.height],
    titleInk: dark(band(0, head)),
    legendColors: colors.map((c) => has(below, c)),
    legendInk: dark(below),
  };
}"""


def test_a_downloaded_png_carries_the_title_and_the_legend(app):
    app.open("surface=rosenbrock&steps=300&lang=de")
    png = app.page.evaluate(READ_PNG, RUN_COLORS)
    width, height = png["size"]
    assert width == png["figure"][0]
    assert height > png["figure"][1] + 34 + 20, "a band for the title and one for the legend"
    assert png["titleInk"] > 150, "the surface's name is written above the figure"
    assert png["legendColors"] == [True] * 4, "every run's line appears in the legend"
    assert png["legendInk"] > 300, "with its name and value"
    assert app.page.recorder.page_errors == []
