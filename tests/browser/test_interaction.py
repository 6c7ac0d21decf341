"""Live interaction: sliders, the start point, runs, the player, tuning, zoom."""

import time

import pytest

pytestmark = pytest.mark.browser

LR_SLIDER = ".run-card[data-run-index='{i}'] .param[data-param='lr'] input[type=range]"
LR_NUMBER = ".run-card[data-run-index='{i}'] .param[data-param='lr'] input[type=number]"


def plot_axes(page) -> dict:
    """The overlay's plot area (page pixels) and axis ranges."""
    return page.evaluate(
        """() => {
          const gd = document.getElementById('overlay');
          const box = gd.getBoundingClientRect();
          const { xaxis: xa, yaxis: ya } = gd._fullLayout;
          return { left: box.left + xa._offset, width: xa._length, top: box.top + ya._offset,
                   height: ya._length, x: xa.range, y: ya.range };
        }"""
    )


def to_page(axes: dict, fx: float, fy: float) -> tuple[float, float]:
    """Fractions of the plot area (0..1 from the left/top) -> page pixels."""
    return axes["left"] + fx * axes["width"], axes["top"] + fy * axes["height"]


def to_data(axes: dict, px: float, py: float) -> tuple[float, float]:
    (x0, x1), (y0, y1) = axes["x"], axes["y"]
    fx = (px - axes["left"]) / axes["width"]
    fy = (py - axes["top"]) / axes["height"]
    return x0 + fx * (x1 - x0), y1 - fy * (y1 - y0)


def to_pixel(axes: dict, x: float, y: float) -> tuple[float, float]:
    (x0, x1), (y0, y1) = axes["x"], axes["y"]
    return (
        axes["left"] + (x - x0) / (x1 - x0) * axes["width"],
        axes["top"] + (y1 - y) / (y1 - y0) * axes["height"],
    )


def test_moving_a_slider_redraws_the_path(app):
    app.open()
    page = app.page
    before = app.paths()[0]
    scene = app.scene()
    slider = page.locator(LR_SLIDER.format(i=0))
    slider.focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")  # each press is an `input` event
    app.wait_new_scene(scene)
    after = app.paths()[0]
    assert after["x"][0] == before["x"][0], "same start"
    assert after["x"][1:50] != before["x"][1:50], "a larger η takes other steps"
    assert float(page.locator(LR_NUMBER.format(i=0)).input_value()) > 0.002
    page.wait_for_function(
        "location.search.includes('gd:lr=') && !location.search.includes('gd:lr=0.002;')"
    )


def test_clicking_the_plot_moves_the_start(app):
    app.open()
    page = app.page
    axes = plot_axes(page)
    px, py = to_page(axes, 0.3, 0.35)
    want = to_data(axes, px, py)
    scene = app.scene()
    page.mouse.click(px, py)
    app.wait_new_scene(scene)
    span = axes["x"][1] - axes["x"][0]
    for path in app.paths():
        assert path["x"][0] == pytest.approx(want[0], abs=0.01 * span)
        assert path["y"][0] == pytest.approx(want[1], abs=0.01 * span)
    page.wait_for_function("location.search.includes('start=')")  # written 150 ms later


def test_dragging_the_start_marker_moves_every_path(app):
    app.open()
    page = app.page
    axes = plot_axes(page)
    sx, sy = to_pixel(axes, -1.2, 1.0)
    tx, ty = to_pixel(axes, -0.5, 2.2)
    scene = app.scene()
    page.mouse.move(sx, sy)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(sx + (tx - sx) * k / 10, sy + (ty - sy) * k / 10)
        time.sleep(0.03)
    page.mouse.up()
    app.wait_new_scene(scene)
    app.settle()  # the scenes sent while dragging have all come back
    for path in app.paths():
        assert path["x"][0] == pytest.approx(-0.5, abs=0.03)
        assert path["y"][0] == pytest.approx(2.2, abs=0.03)
    assert float(page.locator("#start-x").input_value()) == pytest.approx(-0.5, abs=0.03)


def test_adding_a_run_adds_a_path(app):
    app.open()
    page = app.page
    scene = app.scene()
    page.select_option("#add-run", "adam")  # the same optimizer twice is fine
    app.wait_new_scene(scene)
    paths = app.paths()
    assert len(paths) == 5
    assert len(paths[4]["x"]) > 10
    assert page.locator(".run-card").count() == 5
    page.wait_for_function("location.search.split('adam:').length === 3")


def test_removing_a_run_removes_its_path(app):
    app.open()
    page = app.page
    scene = app.scene()
    page.click(".run-card[data-run-index='1'] .run-remove")
    app.wait_new_scene(scene)
    assert len(app.paths()) == 3
    page.wait_for_function("!location.search.includes('momentum')")


def test_play_animates_the_paths(app):
    app.open()
    page = app.page
    page.click("#btn-rewind")
    page.wait_for_function("document.body.dataset.step === '0'")
    page.wait_for_function(
        """(() => {
          const paths = document.getElementById('race-layer').race.paths();
          return paths.length > 0 && paths[0].x.length === 1;
        })()"""
    )
    assert max(len(p["x"]) for p in app.paths()) == 1
    page.click("#btn-play")
    page.wait_for_function("Number(document.body.dataset.step) > 5", timeout=10_000)
    early = max(len(p["x"]) for p in app.paths())
    page.wait_for_timeout(500)
    late = max(len(p["x"]) for p in app.paths())
    assert page.evaluate("document.body.dataset.playing") == "1"
    assert late > early > 1, "paths grow while playing"


def test_keyboard_steps_and_plays_but_not_while_typing(app):
    app.open()
    page = app.page
    page.click("#btn-rewind")
    page.click(".stage-title")  # focus outside any control
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.body.dataset.step") == "2"
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.body.dataset.step") == "1"
    label = page.locator(".run-card[data-run-index='0'] .run-label")
    label.click()
    page.keyboard.type("slow crawl")
    assert page.evaluate("document.body.dataset.playing") == "0", (
        "space typed into a label must not play"
    )
    assert label.input_value() == "slow crawl"
    page.click(".stage-title")
    page.keyboard.press(" ")
    page.wait_for_function("document.body.dataset.playing === '1'")
    page.keyboard.press(" ")
    page.wait_for_function("document.body.dataset.playing === '0'")


def test_clicking_the_curves_moves_the_scrubber(app):
    app.open()
    page = app.page
    page.wait_for_function("(document.getElementById('curves').data || []).length === 8")
    box = page.evaluate(
        """() => {
          const gd = document.getElementById('curves');
          const r = gd.getBoundingClientRect();
          const xa = gd._fullLayout.xaxis;
          const ya = gd._fullLayout.yaxis;
          return { x: r.left + xa._offset + xa.c2p(100), y: r.top + ya._offset + ya._length / 2 };
        }"""
    )
    page.mouse.move(box["x"], box["y"])
    page.mouse.click(box["x"], box["y"])
    page.wait_for_function("Math.abs(Number(document.body.dataset.step) - 100) <= 3")


def test_tune_sets_the_best_learning_rate(app):
    app.open()
    page = app.page
    scene = app.scene()
    page.click(".run-card[data-run-index='0'] .run-tune-btn")
    page.wait_for_selector(".run-card[data-run-index='0'] .tune-best", timeout=30_000)
    text = page.locator(".run-card[data-run-index='0'] .tune-best").text_content()
    assert text.startswith("best η =")
    app.wait_new_scene(scene)
    lr = float(page.locator(LR_NUMBER.format(i=0)).input_value())
    assert lr != 0.002
    shown = float(text.split("=")[1].split("→")[0].strip().replace("\u2212", "-"))
    assert shown == pytest.approx(lr, rel=0.01)
    assert page.locator(".run-card[data-run-index='0'] svg.sweep-chart").count() == 1


def test_wheel_zoom_keeps_the_layers_aligned(app):
    app.open()
    page = app.page
    axes = plot_axes(page)
    page.mouse.move(*to_page(axes, 0.5, 0.5))
    scene = app.scene()
    page.mouse.wheel(0, -400)
    page.wait_for_function("!document.getElementById('reset-view').hidden")
    app.wait_new_scene(scene)
    ranges = page.evaluate(
        """() => ['landscape', 'overlay'].map((id) => {
             const f = document.getElementById(id)._fullLayout;
             return [f.xaxis.range, f.yaxis.range];
           })"""
    )
    assert ranges[0] == ranges[1]
    assert ranges[1][0][1] - ranges[1][0][0] < axes["x"][1] - axes["x"][0], "zoomed in"
    page.wait_for_function("location.search.includes('view=')")
    page.click("#reset-view")
    page.wait_for_function("document.getElementById('reset-view').hidden")


def test_surface_parameter_slider_reshapes_the_landscape(app):
    app.open("surface=ill_conditioned")
    page = app.page
    slider = page.locator("#surface-panel .param[data-param='kappa'] input[type=range]")
    assert slider.count() == 1
    contour = "() => document.getElementById('landscape').data[0].z[20].slice(0, 40)"
    before = page.evaluate(contour)
    scene = app.scene()
    slider.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    app.wait_new_scene(scene)
    app.settle()
    assert page.evaluate(contour) != before
    page.wait_for_function("location.search.includes('sp=kappa:')")
