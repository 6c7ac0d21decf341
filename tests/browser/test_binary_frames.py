"""The page asks for binary `segments` frames and draws exactly the REST API's float32
numbers from them; a page talking JSON (old servers' and scripts' format) draws the same."""

import json

import httpx
import numpy as np
import pytest

pytestmark = pytest.mark.browser

LR_SLIDER = ".run-card[data-run-index='0'] .param[data-param='lr'] input[type=range]"
# What an old client does: open the stream without asking for binary frames.
JSON_ONLY = """
(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, ...rest) {
      super(String(url).replace('?frames=binary', ''), ...rest);
    }
  };
})();
"""


def record_socket(page) -> dict:
    seen = {"urls": [], "sent": [], "binary": 0, "text": 0}

    def on_socket(ws):
        seen["urls"].append(ws.url)
        ws.on("framesent", lambda payload: seen["sent"].append(payload))

        def received(payload):
            seen["binary" if isinstance(payload, bytes) else "text"] += 1

        ws.on("framereceived", received)

    page.on("websocket", on_socket)
    return seen


def assert_drawn_as_rest(app, seen) -> None:
    """The race canvas's paths are the REST points of the last scene sent, as float32."""
    scenes = [json.loads(m) for m in seen["sent"] if isinstance(m, str)]
    request = [s for s in scenes if s.get("trajectories")][-1]["trajectories"]
    rest = httpx.post(f"{app.server.url}/api/trajectories", json=request, timeout=60).json()
    drawn = app.paths()
    assert len(drawn) == len(rest["runs"]) == 4
    for path, run in zip(drawn, rest["runs"], strict=True):
        expected = np.asarray(run["points"], np.float32)
        got = np.stack([path["x"], path["y"]], axis=1)
        assert got.shape == expected.shape
        np.testing.assert_array_equal(got, expected.astype(np.float64))


def test_the_page_draws_from_binary_frames_the_rest_numbers(app):
    seen = record_socket(app.page)
    app.open()
    assert seen["urls"] and all(u.endswith("/api/stream?frames=binary") for u in seen["urls"])
    assert seen["binary"] >= 1, "segments came as binary frames"
    assert_drawn_as_rest(app, seen)
    assert app.page.recorder.page_errors == [] and app.page.recorder.console_errors == []


def test_the_page_works_on_json_frames(app):
    app.page.add_init_script(JSON_ONLY)
    seen = record_socket(app.page)
    app.open()
    assert seen["urls"] and all("frames=binary" not in u for u in seen["urls"])
    assert seen["binary"] == 0 and seen["text"] >= 2
    assert_drawn_as_rest(app, seen)
    before = app.scene()
    slider = app.page.locator(LR_SLIDER)
    slider.focus()
    for _ in range(4):
        app.page.keyboard.press("ArrowRight")
    app.wait_new_scene(before)
    assert_drawn_as_rest(app, seen)
    assert app.page.locator(".run-card .run-status").first.get_attribute("data-status") in (
        "converged",
        "max_steps",
        "diverged",
    )
    assert app.page.recorder.page_errors == [] and app.page.recorder.console_errors == []


def test_the_known_number_separators_are_intls(app):
    app.open()
    pairs = app.page.evaluate(
        """async () => {
          const { separators } = await import('/js/format.js');
          return ['en', 'de'].map((lang) => {
            const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
            const intl = Object.fromEntries(parts
              .filter((p) => p.type === 'decimal' || p.type === 'group')
              .map((p) => [p.type, p.value]));
            return [separators(lang), intl];
          });
        }"""
    )
    for ours, intl in pairs:
        assert ours == intl
