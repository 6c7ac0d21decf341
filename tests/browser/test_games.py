"""A game surface speaks of its players and its value V, not of x, y and a loss f."""

import pytest

pytestmark = pytest.mark.browser

DIRAC = "surface=dirac_gan&runs=gda:lr=0.2;alternating_gda:lr=0.2&steps=400&field=1"

LABELS = r"""() => {
  const full = (id) => document.getElementById(id)._fullLayout;
  const curves = full('curves');
  const landscape = full('landscape');
  const traces = document.getElementById('landscape').data;
  const stars = traces.find((t) => t.marker && t.marker.symbol === 'star');
  return {
    x: landscape.xaxis.title.text,
    y: landscape.yaxis.title.text,
    colorbar: traces[0].colorbar.title.text,
    curves: curves.annotations.map((a) => a.text.replace(/<\/?b>/g, '')),
    lossAxis: curves.yaxis.type,
    equilibrium: stars ? [stars.name, stars.x, stars.y] : null,
    chips: [...document.querySelectorAll('#legend .chip-value')].map((el) => el.textContent),
    field: document.getElementById('toggle-field').closest('label').textContent.trim(),
    keys: [...document.querySelectorAll('#legend .key-item')].map((el) => el.textContent.trim()),
  };
}"""


def _labels(app, query: str) -> dict:
    """What the page says once the scene is drawn and every legend chip shows its value."""
    app.open(query)
    app.settle()
    app.page.wait_for_function(
        "[...document.querySelectorAll('#legend .chip-value')].every((el) => el.textContent)"
    )
    return app.page.evaluate(LABELS)


def test_dirac_gan_in_german_names_the_players_and_the_value(app):
    labels = _labels(app, DIRAC + "&lang=de")
    assert labels["x"] == "Generator θ" and labels["y"] == "Diskriminator ψ"
    assert labels["colorbar"] == "V"
    assert labels["curves"][0] == "Wert V" and labels["lossAxis"] == "linear"
    assert labels["curves"][1] == "Gradientennorm ‖∇V‖"
    assert labels["equilibrium"] == ["Gleichgewicht", [0], [0]]
    assert labels["chips"] and all(text.startswith("V ") for text in labels["chips"])
    assert labels["field"] == "Abstiegs-Aufstiegs-Feld"
    assert labels["keys"][0] == "(−∂V/∂θ, +∂V/∂ψ)"  # the arrow's key names the game's field
    text = app.page.inner_text("body")
    assert "Verlust" not in text
    app.page.set_viewport_size({"width": 1280, "height": 720})
    app.settle()
    app.page.screenshot(path="/tmp/thalweg-dirac-de.png")


def test_a_surface_to_minimise_keeps_x_y_and_the_loss(app):
    labels = _labels(app, "surface=sphere&steps=100")
    assert (labels["x"], labels["y"]) == ("x", "y")
    assert labels["curves"][0] == "loss f − f*" and labels["equilibrium"][0] == "global minimum"
    assert all(text.startswith("f ") for text in labels["chips"])
    assert labels["keys"][0] == "−∇f"


def test_bilinear_game_axes_in_english(app):
    labels = _labels(app, "surface=bilinear&runs=gda:lr=0.1&steps=100")
    assert (labels["x"], labels["y"]) == ("minimising player x", "maximising player y")
    assert labels["curves"][0] == "value V" and labels["field"] == "Descent–ascent field"
