"""Helpers the browser tests share (on pytest's pythonpath, beside conftest.py)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

READY_TIMEOUT_MS = 60_000  # the first plotly.js load in a fresh profile takes seconds
READY = "body[data-ready='1'][data-busy='0']"


def wait_ready(target, timeout: float = READY_TIMEOUT_MS) -> None:
    """A page or frame is ready: its first scene is done and nothing is in flight."""
    target.wait_for_selector(READY, state="attached", timeout=timeout)


def wait_until(
    tab, predicate: Callable[[], object], timeout: float = 30, message: str = "condition"
) -> None:
    """Poll ``predicate`` until it is true.

    Waits with ``tab.wait_for_timeout``, not ``time.sleep``: Playwright's sync API
    only takes in the browser's events (navigations, new frames, the URL that
    ``history.replaceState`` wrote) while one of its calls runs, so a predicate on
    ``page.url`` or ``page.frames`` polled around ``time.sleep`` never sees a change.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {message}"
        tab.wait_for_timeout(100)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@contextlib.contextmanager
def static_server(directory: Path) -> Iterator[str]:
    """http.server on a free loopback port (another origin than the app's)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def export_file(link: str, path: Path) -> Path:
    """``thalweg export link -o path`` as a user runs it; the offline file's path."""
    done = subprocess.run(
        [sys.executable, "-m", "thalweg", "export", link, "-o", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return path
