"""The page works under a strict Content-Security-Policy (`script-src 'self'`).

The server will send such a header; until it does, this test serves the app
through a tiny wrapper that adds it, so inline scripts or handlers (which the
policy blocks) cannot creep into frontend/ unnoticed.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.browser

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; worker-src 'self' blob:"
)
SERVE_WITH_CSP = f"""
import sys, uvicorn
from thalweg.app import create_app
inner = create_app()
async def app(scope, receive, send):
    async def with_csp(message):
        if message["type"] == "http.response.start":
            header = (b"content-security-policy", {CSP!r}.encode())
            message["headers"] = [*message.get("headers", []), header]
        await send(message)
    await inner(scope, receive, with_csp if scope["type"] == "http" else send)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


@pytest.fixture
def csp_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE_WITH_CSP, str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ.copy(),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"{url}/", timeout=1) as response:
                assert "script-src 'self'" in response.headers["content-security-policy"]
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the CSP server did not start") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=15)


def wait_attribute(page, name: str, value: str, timeout: float = 60) -> None:
    # Playwright's wait_for_function evaluates strings, which this very policy forbids.
    deadline = time.monotonic() + timeout
    while page.get_attribute("body", name) != value:
        assert time.monotonic() < deadline, f"body[{name}] never became {value!r}"
        time.sleep(0.1)


def test_page_runs_under_a_strict_content_security_policy(page, csp_server):
    page.goto(f"{csp_server}/?steps=500")
    wait_attribute(page, "data-ready", "1")
    page.click("#mode-3d")
    page.click("#mode-2d")
    page.select_option("#add-run", "adam")
    wait_attribute(page, "data-busy", "0")
    blocked = [m for m in page.recorder.console_errors if "Content Security Policy" in m]
    assert blocked == []
    assert page.recorder.console_errors == []
    assert page.recorder.page_errors == []
    assert page.locator(".run-card").count() == 5
