"""Errors are shown in the page, never swallowed: expressions, ranges, the server gone."""

import pytest

pytestmark = pytest.mark.browser


def test_bad_expression_shows_its_error_at_the_column(app):
    app.open()
    page = app.page
    page.select_option("#surface-select", "custom")
    page.wait_for_selector("#expr-input", state="visible")
    app.settle()
    page.fill("#expr-input", "x**2 + sin(y")
    page.press("#expr-input", "Enter")
    message = page.locator(".expr-message")
    message.wait_for(state="visible", timeout=15_000)
    assert message.get_attribute("data-column") == "11"
    assert "column 11" in message.text_content()
    assert "never closed" in message.text_content()
    assert page.locator(".expr-bad").text_content() == "("
    caret = page.locator(".expr-caret").text_content()
    assert caret == " " * 10 + "^", "the caret sits under column 11"
    assert page.locator("#plot-error").is_visible()
    statuses = page.locator(".run-card .run-status")
    assert statuses.first.get_attribute("data-status") == "failed", "not 'computing' for ever"
    assert page.locator(".chip").first.get_attribute("data-status") == "failed"

    scene = app.scene()
    page.fill("#expr-input", "x**2 + sin(y)")
    page.press("#expr-input", "Enter")
    app.wait_new_scene(scene)
    assert page.locator(".expr-error").is_hidden()
    assert page.locator("#plot-error").is_hidden()
    assert statuses.first.get_attribute("data-status") != "failed"
    page.wait_for_function(
        "['surface=custom', 'f=x**2%20%2B%20sin(y)'].every((p) => location.search.includes(p))"
    )


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "lr=50.0 outside [1e-06, 10]"), ("de", "lr=50 liegt außerhalb von [1e-06, 10]")],
)
def test_out_of_range_value_shows_the_servers_message(app, lang, message):
    app.open(f"lang={lang}")
    page = app.page
    number = page.locator(
        ".run-card[data-run-index='0'] .param[data-param='lr'] input[type=number]"
    )
    number.fill("50")
    number.press("Enter")
    error = page.locator(".run-card[data-run-index='0'] .run-error").first
    error.wait_for(state="visible", timeout=15_000)
    assert message in error.text_content()
    scene = app.scene()
    number.fill("0.003")
    number.press("Enter")
    app.wait_new_scene(scene)
    assert page.locator(".run-card[data-run-index='0'] .run-error").first.is_hidden()


def test_expression_errors_are_shown_in_german(app):
    app.open("lang=de&steps=100")
    page = app.page
    page.select_option("#surface-select", "custom")
    page.wait_for_selector("#expr-input", state="visible")
    page.fill("#expr-input", "2x + y")
    page.press("#expr-input", "Enter")
    message = page.locator(".expr-message")
    message.wait_for(state="visible", timeout=15_000)
    assert "Spalte 2" in message.text_content()
    assert "Operator fehlt vor „x“; schreiben Sie * für ein Produkt" in message.text_content()
    assert "Operator fehlt" in page.locator("#plot-error").text_content()


def test_diverged_run_is_marked(app):
    app.open("steps=200&runs=gd:lr=0.1")
    page = app.page
    status = page.locator(".run-card .run-status")
    assert status.get_attribute("data-status") == "diverged"
    assert "diverged at step" in status.text_content()
    marks = page.evaluate(
        """() => document.getElementById('race-layer').race.marks()
             .filter((m) => m.symbol === 'x-thin').length"""
    )
    assert marks == 1, "the divergence point is marked on the plot"


def test_page_recovers_when_the_server_restarts(own_app, own_server):
    app, page = own_app, own_app.page
    app.open()
    assert len(app.paths()) == 4
    own_server.stop()
    page.wait_for_function("document.body.dataset.connection === 'unreachable'", timeout=15_000)
    assert page.locator("#banner").is_visible()
    scene = app.scene()
    own_server.start()
    page.wait_for_function("document.body.dataset.connection === 'open'", timeout=30_000)
    app.wait_new_scene(scene)
    assert page.locator("#banner").is_hidden()
    assert len(app.paths()) == 4
    assert page.recorder.page_errors == []
