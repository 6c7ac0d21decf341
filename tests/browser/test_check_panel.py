"""The gradient check in the sidebar: asked for only when opened, follows the δ
slider and the start point, and the error's V shows in its numbers."""

import pytest
from support import wait_until

pytestmark = pytest.mark.browser

ROWS = """() => [...document.querySelectorAll('#check-panel tbody tr')].map(
  (tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))"""


def number(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def test_the_check_follows_the_step_and_the_start(app):
    app.open()
    page = app.page
    checks = lambda: [u for u in page.recorder.requests if "/api/gradient-check" in u]  # noqa: E731
    assert checks() == [], "a closed panel asks for nothing"

    page.click("#check-section summary")
    page.wait_for_selector("#check-panel table")
    analytic, forward, central = page.evaluate(ROWS)
    assert [number(v) for v in analytic[:2]] == [-215.6, -88.0]
    assert page.text_content(".check-delta-value") == "1e\u22124"
    assert number(central[2]) < number(forward[2]) < 1e-3  # central beats forward at 1e-4
    assert page.locator(".check-chart polyline").count() >= 2

    page.focus("#check-delta")
    page.keyboard.press("End")  # δ = 1: truncation dominates
    assert page.text_content(".check-delta-value") == "1"
    large = page.evaluate(ROWS)
    assert number(large[1][2]) > 0.1 and number(large[2][2]) > 0.1
    page.keyboard.press("Home")  # δ = 1e-14: round-off dominates
    tiny = page.evaluate(ROWS)
    assert number(tiny[1][2]) > number(forward[2]) / 100 and number(tiny[1][2]) > 1e-6

    page.fill("#start-x", "0.5")
    page.press("#start-x", "Enter")
    wait_until(
        page, lambda: "(0.5, 1)" in page.text_content("#check-panel .hint"), message="new start"
    )
    page.wait_for_selector("#check-panel table")
    # ∇f(0.5, 1) = (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−151, 150)
    assert [number(v) for v in page.evaluate(ROWS)[0][:2]] == [-151.0, 150.0]
    assert page.recorder.console_errors == []
