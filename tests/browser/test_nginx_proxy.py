"""The page behind Debian's nginx (deploy/nginx.conf) in front of two `thalweg serve` processes.

The page and its stream work through the proxy; when the backend that holds the
page's WebSocket dies in the middle of a scene, the page reconnects through the
proxy to the other one and draws the scene the student asked for, with nothing
lost and no error left on screen.
"""

from __future__ import annotations

import json
import signal
from types import SimpleNamespace
from urllib.parse import urlsplit

import httpx
import pytest
import websockets
from conftest import App, free_port
from proxy_support import established, nginx
from support import wait_until
from websockets.sync.client import connect

pytestmark = pytest.mark.browser

LR_SLIDER = ".run-card[data-run-index='0'] .param[data-param='lr'] input[type=range]"
LR_NUMBER = ".run-card[data-run-index='0'] .param[data-param='lr'] input[type=number]"
# Every change of the page's connection status and scene, in order.
RECORD = """
window.__seen = [];
new MutationObserver((changes) => {
  for (const c of changes) {
    window.__seen.push([c.attributeName, c.target.getAttribute(c.attributeName)]);
  }
}).observe(document.body, { attributes: true, attributeFilter: ['data-connection', 'data-scene'] });
"""


@pytest.fixture(scope="module")
def proxy(server_pair, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("nginx")
    with nginx(free_port(), [s.port for s in server_pair], workdir) as url:
        yield SimpleNamespace(url=url, backends=server_pair)


def test_scene_and_networks_streams_pass_the_proxy_and_foreign_origins_do_not(proxy):
    ws = proxy.url.replace("http", "ws")
    scene = {
        "type": "scene",
        "id": 3,
        "landscape": None,
        "trajectories": {"surface": "himmelblau", "steps": 50, "runs": [{"optimizer": "adam"}]},
    }
    train = {"type": "train", "id": 4, "steps": 50, "landscape": None}

    # websockets' synchronous client: Playwright's sync API may already run an event
    # loop in this thread (asyncio.run would refuse).
    def last_frame(path: str, message: dict, origin: str) -> dict:
        with connect(ws + path, origin=origin, open_timeout=60) as socket:
            socket.send(json.dumps(message))
            while True:
                frame = json.loads(socket.recv(timeout=60))
                if frame["type"] in ("done", "result", "error"):
                    return frame

    # A page served by the proxy sends the proxy's origin; the app sees the same Host.
    done = last_frame("/api/stream", scene, proxy.url)
    assert done["type"] == "done" and done["id"] == 3
    result = last_frame("/api/networks/stream", train, proxy.url)
    assert result["type"] == "result" and result["steps_taken"] == 50, result

    # Another site's page is refused at the handshake (the app closes before accepting).
    with (
        pytest.raises(websockets.InvalidStatus) as refused,
        connect(ws + "/api/stream", origin="http://evil.example", open_timeout=60),
    ):
        pass
    assert refused.value.response.status_code == 403


def test_page_moves_to_the_other_backend_when_its_own_dies_mid_scene(page, proxy):
    app = App(page, proxy)
    app.open("steps=500")
    assert page.evaluate("document.body.dataset.connection") == "open"
    proxy_port = urlsplit(proxy.url).port
    assert {urlsplit(u).port for u in page.recorder.requests if u.startswith(("http", "ws"))} == {
        proxy_port
    }, "everything the page loads and its stream go through the proxy"

    # With no keep-alive to the backends, the page's WebSocket is the only
    # connection nginx holds open: its backend is the one with a connection.
    def one_holder() -> bool:
        return sum(established(s.port) for s in proxy.backends) == 1

    wait_until(page, one_holder, message="one backend holding the page's stream")
    holder, other = sorted(proxy.backends, key=lambda s: -established(s.port))
    try:
        page.evaluate(RECORD)
        # Frozen, the backend cannot answer the scene the page sends next, so
        # it dies with that scene in flight (a computation takes milliseconds:
        # killing it "while it computes" could not be timed).
        holder.process.send_signal(signal.SIGSTOP)
        page.locator(LR_SLIDER).focus()
        for _ in range(6):
            page.keyboard.press("ArrowRight")  # a new scene in flight, then one pending
        page.wait_for_function("document.body.dataset.busy === '1'")
        holder.process.kill()  # SIGKILL: no goodbye to nginx or the page
        holder.process.wait(timeout=10)

        # The page saw the connection drop, came back, and then finished a scene.
        def recovered() -> bool:
            seen = page.evaluate("window.__seen")
            lost = [i for i, e in enumerate(seen) if e == ["data-connection", "unreachable"]]
            if not lost:
                return False
            after = seen[lost[0] :]
            if ["data-connection", "open"] not in after:
                return False
            opened = after.index(["data-connection", "open"])
            return any(e[0] == "data-scene" for e in after[opened:])

        wait_until(page, recovered, timeout=30, message="a scene drawn after reconnecting")
        seen = page.evaluate("window.__seen")
        lost = seen.index(["data-connection", "unreachable"])
        assert not any(e[0] == "data-scene" for e in seen[:lost]), "it died mid-scene"
        app.settle()
        assert established(other.port) >= 1, "the new stream is served by the other backend"

        # Nothing lost: the paths drawn are the ones the API computes for the
        # learning rate the student set, every step of every run.
        lr = float(page.locator(LR_NUMBER).input_value())
        assert lr > 0.002
        runs = [
            {"optimizer": "gd", "hyperparameters": {"lr": lr}},
            {"optimizer": "momentum", "hyperparameters": {"lr": 0.001}},
            {"optimizer": "adam", "hyperparameters": {"lr": 0.1}},
            {"optimizer": "rmsprop", "hyperparameters": {"lr": 0.01}},
        ]
        body = {"surface": "rosenbrock", "steps": 500, "runs": runs}
        expected = httpx.post(f"{proxy.url}/api/trajectories", json=body, timeout=60).json()
        drawn = app.paths()
        assert len(drawn) == 4
        for path, run in zip(drawn, expected["runs"], strict=True):
            assert len(path["x"]) == run["steps_taken"] + 1
            assert path["x"] == pytest.approx([p[0] for p in run["points"]], rel=1e-6)
            assert path["y"] == pytest.approx([p[1] for p in run["points"]], rel=1e-6)

        # No error left on screen.
        assert page.evaluate("document.body.dataset.connection") == "open"
        assert page.locator("#banner").is_hidden()
        assert page.locator("#plot-error").is_hidden()
        assert page.locator(".run-error:visible").count() == 0
        assert page.recorder.page_errors == []
    finally:
        if holder.process.poll() is None:  # failed before the kill: frozen, holding its port
            holder.process.kill()
            holder.process.wait(timeout=10)
        holder.start()  # the module's pair, whole again for any later test
