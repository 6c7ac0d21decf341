"""A formula the server rejects leaves no paths or curves of the previous surface behind."""

import pytest

pytestmark = pytest.mark.browser

DRAWN = """() => ({
  paths: document.getElementById('race-layer').race.paths().length,
  curves: document.getElementById('curves').data.length,
  error: (({ hidden, textContent }) => (hidden ? '' : textContent))(
    document.getElementById('plot-error')),
  values: [...document.querySelectorAll('#legend .chip-value')].map((e) => e.textContent).join(''),
})"""


@pytest.mark.parametrize(
    ("lang", "start"),
    [("en", "(1.8, 1.8)"), ("de", "(1,8; 1,8)")],
)
@pytest.mark.parametrize("formula", ["x^2 + y^2 / 0", "sni(x)*y"])
def test_a_rejected_formula_clears_the_previous_curves(app, lang, start, formula):
    app.open(f"steps=200&lang={lang}")
    page = app.page
    assert page.evaluate(DRAWN)["curves"] == 8, "Rosenbrock's four runs: loss and ‖∇f‖"
    page.select_option("#surface-select", "custom")
    page.wait_for_selector("#expr-input", state="visible")
    app.settle()
    page.fill("#expr-input", formula)
    page.press("#expr-input", "Enter")
    page.wait_for_selector("#plot-error:not([hidden])", timeout=15_000)
    app.settle()
    drawn = page.evaluate(DRAWN)
    assert drawn["paths"] == 0
    assert drawn["curves"] == 0
    if "/ 0" in formula:  # the start's f is not finite: the start is named, rounded
        assert start in drawn["error"]
    assert drawn["values"] == "", "no f of the old paths in the legend"
