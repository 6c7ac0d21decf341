"""Sixteen runs (config.py max_runs) told apart: paths, curves, legend share one style each."""

import pytest

pytestmark = pytest.mark.browser

SIXTEEN = ";".join(
    [
        "gd:lr=0.002",
        "momentum:lr=0.001",
        "nesterov:lr=0.001",
        "adagrad:lr=0.5",
        "rmsprop:lr=0.01",
        "adadelta:lr=1",
        "adam:lr=0.1",
        "adamw:lr=0.05",
        "adamax:lr=0.1",
        "nadam:lr=0.05",
        "amsgrad:lr=0.1",
        "radam:lr=0.01",
        "lion:lr=0.01",
        "ftrl:lr=0.5",
        "newton:lr=1",
        "armijo:lr=1",
    ]
)

STYLES = """(id) => (id === 'race-layer'
  ? document.getElementById(id).race.paths()
  : document.getElementById(id).data.filter((t) => t.name && t.line)
      .map((t) => ({ name: t.name, color: t.line.color, dash: t.line.dash || 'solid' })))
  .map((p) => ({ name: p.name, color: p.color, dash: p.dash || 'solid' }))"""

LEGEND = """() => [...document.querySelectorAll('#legend .chip')].map((chip) => {
  const r = chip.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  const swatch = getComputedStyle(chip.querySelector('.chip-swatch'));
  return {
    name: chip.querySelector('.chip-name').textContent,
    color: chip.dataset.color, dash: chip.dataset.dash,
    border: swatch.borderTopStyle, swatchColor: swatch.borderTopColor,
    visible: r.width > 0 && r.top >= 0 && r.bottom <= innerHeight && chip.contains(top),
  };
})"""

CSS_DASH = {"solid": "solid", "dash": "dashed", "dot": "dotted"}


def rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_sixteen_runs_have_distinct_styles_and_all_show_in_the_legend(app, lang):
    app.page.set_viewport_size({"width": 1280, "height": 720})
    app.open(f"steps=500&lang={lang}&runs={SIXTEEN}")
    page = app.page

    paths = page.evaluate(STYLES, "race-layer")
    assert len(paths) == 16
    pairs = {(p["color"], p["dash"]) for p in paths}
    assert len(pairs) == 16, f"two runs share (colour, dash): {paths}"
    assert len({p["color"] for p in paths}) == 8, "the palette has eight colours"

    curves = page.evaluate(STYLES, "curves")
    by_name = {p["name"]: (p["color"], p["dash"]) for p in paths}
    assert len(curves) == 32, "loss and gradient norm per run"
    for curve in curves:
        assert (curve["color"], curve["dash"]) == by_name[curve["name"]]

    legend = page.evaluate(LEGEND)
    assert len(legend) == 16
    hidden = [chip["name"] for chip in legend if not chip["visible"]]
    assert hidden == [], f"legend entries not visible: {hidden}"
    for chip in legend:
        assert (chip["color"], chip["dash"]) == by_name[chip["name"]]
        assert chip["border"] == CSS_DASH[chip["dash"]]
        assert chip["swatchColor"] == rgb(chip["color"])
    assert page.recorder.page_errors == []
