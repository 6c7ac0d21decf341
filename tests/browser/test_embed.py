"""The embed page inside an iframe of ANOTHER origin, driven by postMessage
(docs/lecture.md); the main page refuses to be framed."""

from pathlib import Path

import pytest
from support import static_server, wait_ready, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def page(strict_page):
    """Under the CSP and frame-ancestors the server really sends (lecture mode must work there)."""
    return strict_page


FRONTEND = Path(__file__).parents[2] / "frontend"
PARENT = """<!doctype html><meta charset="utf-8"><title>deck</title>
<iframe id="scene" src="{src}" width="900" height="560" allow="fullscreen"></iframe>
<script>
  window.received = [];
  window.addEventListener('message',
    (e) => window.received.push({{origin: e.origin, data: e.data}}));
  window.send = (m) => document.getElementById('scene').contentWindow.postMessage(m, '*');
</script>"""
SCENE = "surface=ill_conditioned&runs=gd:lr=0.02;momentum:lr=0.02&steps=300&controls=lr,play"


@pytest.fixture
def framed(page, app_server, tmp_path):
    """The app's /embed in an iframe of a page served from another loopback port."""

    def open_(src: str):
        (tmp_path / "parent.html").write_text(PARENT.format(src=src))
        server = static_server(tmp_path)
        url = server.__enter__()
        page.goto(f"{url}/parent.html")
        return server

    servers = []
    yield lambda src: servers.append(open_(src))
    for server in servers:
        server.__exit__(None, None, None)


def frame_of(page, path: str):
    wait_until(page, lambda: any(path in f.url for f in page.frames), message=f"a frame at {path}")
    return next(f for f in page.frames if path in f.url)


def messages(page, event=None) -> list[dict]:
    data = [m["data"] for m in page.evaluate("window.received")]
    return [m for m in data if event is None or m.get("event") == event]


def paths(frame) -> list[list[float]]:
    return frame.evaluate(
        "() => document.getElementById('race-layer').race.paths().map((p) => p.x.slice(0, 60))"
    )


def test_embed_renders_in_a_foreign_frame_and_obeys_the_deck(page, app_server, framed):
    framed(f"{app_server.url}/embed?{SCENE}")
    frame = frame_of(page, "/embed")
    wait_ready(frame)
    assert frame.evaluate("document.body.classList.contains('is-embed')")
    assert frame.locator("#landscape .main-svg").count() > 0, "the contour is drawn"
    assert not frame.locator(".sidebar").is_visible(), "minimal chrome"
    assert frame.locator("#btn-play").is_visible()
    assert not frame.locator("#scrubber").is_visible(), "only the controls ?controls= names"
    assert frame.locator("#embed-controls .param").count() == 2, "one η slider per run"
    wait_until(page, lambda: messages(page, "ready"), message="the ready message")
    ready = messages(page, "ready")[-1]
    assert ready["type"] == "thalweg:state" and ready["ready"] is True
    assert [r["optimizer"] for r in ready["runs"]] == ["gd", "momentum"]
    assert "controls=lr,play" in ready["query"]
    assert all(r["status"] in ("converged", "max_steps", "diverged") for r in ready["runs"])

    # step k, then play: the step grows and comes back in state messages
    page.evaluate("send({type: 'thalweg:step', step: 0})")
    wait_until(page, lambda: frame.get_attribute("body", "data-step") == "0", message="step 0")
    page.evaluate("send({type: 'thalweg:play'})")
    wait_until(page, lambda: int(frame.get_attribute("body", "data-step")) > 20, message="playing")
    page.evaluate("send({type: 'thalweg:pause'})")
    steps = [m["step"] for m in messages(page, "step")]
    assert len(steps) >= 2 and steps[-1] > steps[0]
    assert any(m["playing"] for m in messages(page, "playing"))

    # set a learning rate: the path changes and the slider follows
    before = paths(frame)
    scene = frame.get_attribute("body", "data-scene")
    page.evaluate("send({type: 'thalweg:set', run: 0, name: 'lr', value: 0.05})")
    wait_until(
        page,
        lambda: (
            frame.get_attribute("body", "data-scene") != scene
            and frame.get_attribute("body", "data-busy") == "0"
        ),
        message="a new scene",
    )
    after = paths(frame)
    assert after[0] != before[0], "run 0 takes other steps"
    assert after[1] == before[1], "run 1 is unchanged"
    assert frame.locator("#embed-controls input[type=number]").first.input_value() == "0.05"
    assert "gd:lr=0.05" in messages(page, "set")[-1]["query"]

    # malformed or unknown messages are ignored; invalid commands answer ok: false
    for bad in ["null", "'play'", "{type: 'play'}", "{type: 'thalweg:nope'}", "[1, 2]"]:
        page.evaluate(f"send({bad})")
    page.evaluate("send({type: 'thalweg:set', run: 9, name: 'lr', value: 'x', id: 'bad'})")
    page.evaluate("send({type: 'thalweg:step', step: -3, id: 'neg'})")
    page.evaluate("send({type: 'thalweg:get', id: 'q'})")
    wait_until(page, lambda: any(m.get("id") == "q" for m in messages(page)), message="the reply")
    by_id = {m.get("id"): m for m in messages(page) if m.get("id")}
    assert by_id["bad"]["ok"] is False and by_id["neg"]["ok"] is False
    assert by_id["q"]["event"] == "reply" and by_id["q"]["ok"] is True

    # reset: back to the loaded scene at step 0
    page.evaluate("send({type: 'thalweg:reset'})")
    wait_until(
        page,
        lambda: frame.get_attribute("body", "data-busy") == "0" and messages(page, "reset"),
        message="reset",
    )
    wait_until(
        page, lambda: frame.get_attribute("body", "data-step") == "0", message="step 0 after reset"
    )
    assert "gd:lr=0.02" in messages(page, "reset")[-1]["query"]
    assert page.recorder.page_errors == []


def test_embed_follows_the_size_of_its_frame(page, app_server, framed):
    framed(f"{app_server.url}/embed?{SCENE}")
    frame = frame_of(page, "/embed")
    wait_ready(frame)
    width = "() => document.getElementById('overlay')._fullLayout.width"
    wide = frame.evaluate(width)
    page.evaluate("document.getElementById('scene').width = '480'")
    wait_until(page, lambda: frame.evaluate(width) < wide - 300, message="a narrower figure")
    layers = frame.evaluate(
        "() => ['landscape', 'overlay'].map((id) => document.getElementById(id)._fullLayout)"
        ".map((l) => [l.width, l.height, l.xaxis.range.join(), l.yaxis.range.join()])"
    )
    assert layers[0] == layers[1], "both layers resized alike"
    assert frame.evaluate("document.documentElement.scrollWidth") <= 480


def test_origin_parameter_restricts_who_may_drive_the_scene(page, app_server, framed):
    framed(f"{app_server.url}/embed?{SCENE}&origin=https://slides.example")
    frame = frame_of(page, "/embed")
    wait_ready(frame)
    page.evaluate("send({type: 'thalweg:step', step: 0})")
    page.wait_for_timeout(500)
    assert frame.get_attribute("body", "data-step") != "0", "a foreign origin is not heard"
    assert messages(page) == [], "and not answered"


def test_the_main_page_cannot_be_framed_by_another_origin(page, app_server, framed):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    framed(f"{app_server.url}/?steps=300")
    page.wait_for_timeout(2500)
    frames = [f for f in page.frames if f != page.main_frame]
    assert frames, "the iframe exists"
    for frame in frames:
        try:
            has_app = frame.evaluate("() => Boolean(document.getElementById('plot-stack'))")
        except Exception:
            has_app = False
        assert not has_app, "the app's DOM must not load in a foreign frame"
    assert blocked, "Chromium reports the frame-ancestors refusal"


def test_embed_markup_has_every_id_the_race_page_scripts_use():
    import re

    ids = lambda name: set(re.findall(r'\bid="([^"]+)"', (FRONTEND / name).read_text()))  # noqa: E731
    lecture_only = {
        "btn-theme",
        "btn-projector",
        "btn-share",
        "btn-panel",
        "share-dialog",
        "share-title",
        "share-close",
        "share-body",
    }
    assert ids("index.html") - lecture_only <= ids("embed.html")


def test_a_small_learning_rate_fits_its_number_box(page, app_server):
    page.goto(f"{app_server.url}/embed?surface=rosenbrock&runs=gd:lr=8.83e-5&controls=lr")
    wait_ready(page)
    box = page.locator("#embed-controls .param-number").first
    assert box.input_value() == "8.83e-5"
    assert box.evaluate("(e) => e.scrollWidth <= e.clientWidth"), "the value is cut off"
