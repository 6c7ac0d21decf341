"""Browser fixtures: a REAL server on loopback and Debian's chromium via Playwright.

Chromium is /usr/bin/chromium, launched by Playwright without `playwright install`.
Without it (or without the playwright package) the browser tests are skipped
with a reason, except under CI=true, where they FAIL: a CI that silently skips
its browser tests would prove nothing.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support import wait_ready

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """`python -m thalweg serve` on a fixed loopback port; can be stopped and restarted."""

    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thalweg", "serve", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/api/health", timeout=1) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not answer /api/health within 90 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None


@pytest.fixture(scope="session")
def app_server() -> Iterator[Server]:
    server = Server(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_server() -> Iterator[Server]:
    """A server of the test's own, for tests that stop and restart it."""
    server = Server(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server_pair() -> Iterator[list[Server]]:
    """Two servers of the module's own (e.g. behind a proxy); tests may stop and restart them."""
    servers = [Server(free_port()), Server(free_port())]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class Recorder:
    """What a page did: console errors, uncaught exceptions and every URL it asked for."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def off_loopback(self) -> list[str]:
        def local(url: str) -> bool:
            parts = urlsplit(url)
            return parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK

        return [url for url in self.requests if not local(url)]


def _recorded_page(context):
    tab = context.new_page()
    recorder = Recorder()
    tab.on(
        "console", lambda m: recorder.console_errors.append(m.text) if m.type == "error" else None
    )
    tab.on("pageerror", lambda e: recorder.page_errors.append(str(e)))
    tab.on("request", lambda r: recorder.requests.append(r.url))
    tab.on("websocket", lambda ws: recorder.requests.append(ws.url))
    tab.recorder = recorder
    return tab


@pytest.fixture
def page(browser):
    """A fresh page (own context) whose console errors and requests are recorded.

    It bypasses the app's CSP so tests may use Playwright's string predicates
    (which the policy's missing 'unsafe-eval' forbids); ``strict_page`` keeps it.
    """
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    yield _recorded_page(context)
    context.close()


@pytest.fixture
def strict_page(browser):
    """Like ``page``, but under the CSP and frame-ancestors the server sends."""
    context = browser.new_context(viewport=VIEWPORT)
    yield _recorded_page(context)
    context.close()


@pytest.fixture
def new_page(browser):
    """Open further pages (each in its own context), closed at the end."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


class App:
    """Drive one page of the app: open it, wait for scenes, read what Plotly drew."""

    def __init__(self, tab, server: Server):
        self.page = tab
        self.server = server

    def open(self, query: str = "steps=500", tab=None) -> None:
        # Any query turns the first-visit autoplay off, so paths are complete.
        tab = tab or self.page
        tab.goto(f"{self.server.url}/?{query}")
        wait_ready(tab)

    def scene(self, tab=None) -> str:
        return (tab or self.page).evaluate("document.body.dataset.scene || ''")

    def wait_new_scene(self, before: str, tab=None) -> None:
        """Wait until a scene newer than `before` is done and drawn."""
        tab = tab or self.page
        tab.wait_for_function(
            "(b) => document.body.dataset.scene !== b && document.body.dataset.busy === '0'",
            arg=before,
            timeout=30_000,
        )
        tab.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def settle(self, tab=None) -> None:
        """Wait until no scene is in flight and none is pending, then two frames."""
        tab = tab or self.page
        for _ in range(3):
            tab.wait_for_function("document.body.dataset.busy === '0'", timeout=30_000)
            tab.wait_for_timeout(150)
        tab.wait_for_function("document.body.dataset.busy === '0'", timeout=30_000)
        tab.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )

    def paths(self, tab=None) -> list[dict]:
        """Each run's drawn path on the race canvas (its points up to the current step)."""
        return (tab or self.page).evaluate(
            """() => document.getElementById('race-layer').race.paths()
                 .map((p) => ({ name: p.name, x: p.x, y: p.y }))"""
        )


@pytest.fixture
def app(page, app_server) -> App:
    return App(page, app_server)


@pytest.fixture
def own_app(page, own_server) -> App:
    return App(page, own_server)


@pytest.fixture
def offline(browser):
    """A page whose every request but file: and data: URLs is aborted, and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    asked: list[str] = []

    def route(route):
        url = route.request.url
        asked.append(url)
        local = url.startswith(("file:", "data:", "blob:"))
        return route.continue_() if local else route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.asked, tab.errors = asked, errors
    yield tab
    context.close()
