"""The URL holds the whole scene: a reload or a shared link restores it exactly."""

import pytest

pytestmark = pytest.mark.browser


def controls(page) -> dict:
    """What the controls show, read from the DOM."""
    return page.evaluate(
        """() => ({
          surface: document.getElementById('surface-select').value,
          steps: document.querySelector('[data-param="steps"] input[type=number]').value,
          start: ['start-x', 'start-y'].map((id) => document.getElementById(id).value),
          field: document.getElementById('toggle-field').checked,
          vectors: document.getElementById('toggle-vectors').checked,
          step: document.body.dataset.step,
          cards: [...document.querySelectorAll('.run-card')].map((card) => ({
            optimizer: card.dataset.optimizer,
            label: card.querySelector('.run-label').value,
            params: Object.fromEntries([...card.querySelectorAll('.param')].map((p) => {
              const input = p.querySelector('input[type=number]') || p.querySelector('input');
              return [p.dataset.param, input.type === 'checkbox' ? input.checked : input.value];
            })),
          })),
        })"""
    )


def test_url_round_trips_the_scene(app, new_page):
    app.open()
    page = app.page
    scene = app.scene()
    page.select_option("#surface-select", "himmelblau")
    app.wait_new_scene(scene)
    page.wait_for_function("document.body.dataset.playing === '1'")  # a new surface starts a race
    page.click("#btn-play")  # pause

    scene = app.scene()
    slider = page.locator(
        ".run-card[data-run-index='1'] .param[data-param='momentum'] input[type=range]"
    )
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    app.wait_new_scene(scene)

    scene = app.scene()
    page.select_option("#add-run", "nesterov")
    app.wait_new_scene(scene)

    scene = app.scene()
    box = page.locator("#overlay").bounding_box()
    page.mouse.click(box["x"] + 0.62 * box["width"], box["y"] + 0.4 * box["height"])
    app.wait_new_scene(scene)

    page.fill(".run-card[data-run-index='0'] .run-label", "slow & steady; η=?")
    page.check("#toggle-field")
    page.uncheck("#toggle-vectors")
    page.locator("#scrubber").fill("37")
    app.settle()
    page.wait_for_timeout(400)  # the URL is written 150 ms after the last change
    url = page.url
    for part in (
        "surface=himmelblau",
        "start=",
        "nesterov",
        "field=1",
        "vec=0",
        "t=37",
        "momentum=0.8",
    ):
        assert part in url, part

    shown = controls(page)
    paths = app.paths()
    other = new_page()
    app.open(url.split("?", 1)[1], tab=other)
    other.wait_for_function("document.body.dataset.step === '37'")
    assert controls(other) == shown
    assert app.paths(other) == paths
    assert (
        other.locator(".run-card[data-run-index='0'] .run-label").input_value()
        == "slow & steady; η=?"
    )


def test_defaults_stay_out_of_the_url(app):
    app.open()
    page = app.page
    page.check("#toggle-field")
    page.wait_for_function("location.search.includes('field=1')")
    page.uncheck("#toggle-field")
    page.wait_for_function("!location.search.includes('field')")
    assert page.url.endswith("/") or "?" not in page.url or page.url.split("?")[1] == ""
