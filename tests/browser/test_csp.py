"""The page works under the Content-Security-Policy the server sends (`script-src 'self'`)."""

import time

import pytest

pytestmark = pytest.mark.browser


def wait_attribute(page, name: str, value: str, timeout: float = 60) -> None:
    # Playwright's wait_for_function evaluates strings, which this very policy forbids.
    deadline = time.monotonic() + timeout
    while page.get_attribute("body", name) != value:
        assert time.monotonic() < deadline, f"body[{name}] never became {value!r}"
        time.sleep(0.1)


def test_page_runs_under_a_strict_content_security_policy(strict_page, app_server):
    page = strict_page
    response = page.goto(f"{app_server.url}/?steps=500")
    assert "script-src 'self'" in response.headers["content-security-policy"]
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
