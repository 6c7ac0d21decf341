"""The networks view offline and on a slide: a link exported with `thalweg export`
opens from file:// with every network request blocked and replays its training
(boundary, landscape with path, curves, scrubber); a deck drives the embedded view
by postMessage; and Python builds the same training requests from a link as the
page does (services/networks_query.py vs networks/state.js)."""

from __future__ import annotations

import json

import pytest
from support import export_file, static_server, wait_ready, wait_until
from thalweg.schemas_networks import NetworkRequest
from thalweg.services.networks_export import requests_of

pytestmark = pytest.mark.browser

LINK = "http://127.0.0.1:8000/networks.html?data=digits&steps=300&lang=de"
LOSS_POINTS = "document.getElementById('plot-loss').data[0].x.length"


def traces(tab, plot: str) -> list[dict]:
    return tab.evaluate(
        f"document.getElementById('{plot}').data"
        ".map((t) => ({name: t.name, n: (t.x || t.z || []).length}))"
    )


def test_an_exported_networks_link_replays_its_training_with_no_network(offline, tmp_path):
    path = export_file(LINK, tmp_path / "networks.html")
    offline.set_viewport_size({"width": 1280, "height": 720})
    offline.goto(path.as_uri())
    wait_ready(offline)
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    assert offline.evaluate("document.documentElement.lang") == "de"
    assert offline.text_content("#nw-train") == "Trainieren"
    assert [t["name"] for t in traces(offline, "plot-data")] == ["digits"]
    land = traces(offline, "plot-land-a")
    assert land[0]["n"] > 10 and land[1]["n"] > 2, "the landscape and the path on it"
    assert offline.evaluate(LOSS_POINTS) == 301
    # the scrubber replays the recorded training
    offline.locator("#nw-scrubber").fill("100")
    wait_until(offline, lambda: offline.evaluate(LOSS_POINTS) == 101, message="step 100")
    assert "100" in offline.text_content("#nw-step-label")
    # Train replays the precomputed run: its progress comes in again, then the result
    runs = offline.get_attribute("body", "data-runs")
    offline.click("#nw-train")
    wait_until(
        offline,
        lambda: (
            offline.get_attribute("body", "data-runs") != runs
            and offline.get_attribute("body", "data-busy") == "0"
        ),
        message="the replay",
    )
    assert offline.evaluate(LOSS_POINTS) == 301
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    assert offline.errors == []
    offline.screenshot(path=str(tmp_path / "networks-offline.png"))


DECK = """<!doctype html><meta charset="utf-8"><title>deck</title>
<link rel="icon" href="data:,">
<iframe src="{src}" width="800" height="450" style="border:0"></iframe>
<script>
  window.got = [];
  addEventListener('message', (e) => window.got.push(e.data));
  window.send = (message) =>
    document.querySelector('iframe').contentWindow.postMessage(message, '*');
</script>"""


def test_a_deck_drives_the_embedded_networks_view(browser, app_server, tmp_path):
    context = browser.new_context(viewport={"width": 820, "height": 470})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    src = f"{app_server.url}/embed?view=networks&steps=200&projector=1"
    (tmp_path / "deck.html").write_text(DECK.format(src=src))
    try:
        with static_server(tmp_path) as url:
            tab.goto(f"{url}/deck.html")
            wait_until(tab, lambda: len(tab.frames) > 1, message="the frame")
            frame = tab.frames[1]
            wait_ready(frame)
            got = lambda: tab.evaluate("window.got")  # noqa: E731
            wait_until(tab, lambda: any(m.get("event") == "ready" for m in got()), message="ready")
            ready = next(m for m in got() if m.get("event") == "ready")
            assert (ready["step"], ready["last"], ready["playing"]) == (200, 200, False)
            tab.evaluate("send({type: 'thalweg:step', step: 50, id: 7})")
            wait_until(tab, lambda: any(m.get("id") == 7 for m in got()), message="step answered")
            answer = next(m for m in got() if m.get("id") == 7)
            assert answer["ok"] is True and answer["step"] == 50
            assert frame.evaluate(LOSS_POINTS) == 51
            runs = frame.get_attribute("body", "data-runs")
            tab.evaluate("send({type: 'thalweg:play'})")  # play = train again
            wait_until(
                tab,
                lambda: (
                    frame.get_attribute("body", "data-runs") != runs
                    and frame.get_attribute("body", "data-busy") == "0"
                ),
                message="trained again",
            )
            assert frame.evaluate(LOSS_POINTS) == 201, "a new run shows its last step"
            tab.evaluate("send({type: 'thalweg:get', id: 'q'})")
            wait_until(tab, lambda: any(m.get("id") == "q" for m in got()), message="get")
            state = next(m for m in got() if m.get("id") == "q")
            assert (state["step"], state["playing"]) == (200, False)
            tab.evaluate("send({type: 'thalweg:nonsense'})")  # ignored, not an error
            assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "data=digits&hidden=32&steps=300",
        "data=spirals&k=3&act=relu&init=he&l2=0.01&bs=all&dir=random&res=21",
        "model=logistic&dir=exact&opt=gd&hp=lr:50&seed=4&test=0.3",
        "cmp=1&opt2=momentum&hp2=lr:0.2,momentum:0.95&bs2=16&curv=1&every=25",
        "cmpbs=1&bss=all,8&opt=gd&hp=lr:0.3&n=60&steps=100&every=20&cmp=1",
        "n=3&model=deep&hidden=16,x&steps=0&data=nowhere&act=nope",
    ],
)
def test_python_builds_the_requests_the_page_sends(page, app_server, query):
    sent: list[dict] = []

    def watch(socket):
        def record(payload):
            message = json.loads(payload)
            if message.get("type") == "train":
                sent.append(message)

        socket.on("framesent", record)

    page.on("websocket", watch)
    page.goto(f"{app_server.url}/networks.html?{query}")
    wait_ready(page)
    page.wait_for_selector("body[data-busy='0'][data-runs='1']", state="attached")
    theirs = sorted(
        (
            m["id"],
            NetworkRequest.model_validate({k: v for k, v in m.items() if k not in ("type", "id")}),
        )
        for m in sent
    )
    assert [r for _, r in theirs] == requests_of(query)


@pytest.mark.parametrize(
    ("link", "figure"),
    [
        ("http://127.0.0.1:8000/check.html?surface=beale&lang=de", ".check-chart polyline"),
        ("http://127.0.0.1:8000/embed?view=graph&f=x*y%2Bsin(x)&pass=backward", ".graph-node"),
    ],
)
def test_the_check_and_the_graph_open_offline_too(offline, tmp_path, link, figure):
    path = export_file(link, tmp_path / "view.html")
    offline.goto(path.as_uri())
    wait_ready(offline)
    assert offline.locator(figure).count() >= 2
    offline.keyboard.press("ArrowRight")  # the deck's and the keyboard's step still work
    assert [u for u in offline.asked if not u.startswith("data:")] == [path.as_uri()]
    assert offline.errors == []
