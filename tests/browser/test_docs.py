"""/docs works offline: Swagger UI from the app itself, under its CSP, nothing from outside."""

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_and_try_out_works_with_the_outside_blocked(strict_page, app_server):
    page = strict_page
    outside = []

    def only_loopback(route):
        if route.request.url.startswith(app_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.goto(f"{app_server.url}/docs")
    page.locator(".opblock-summary-path", has_text="/api/trajectories").first.wait_for(
        timeout=60_000
    )
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/api/trajectories", "/api/landscape", "/api/sweep", "/api/health"} <= set(paths)
    operation = page.locator("#operations-compute-post_trajectories_api_trajectories_post")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=60_000)
    assert status.inner_text().strip() == "200"
    assert outside == []
    assert page.recorder.off_loopback() == []
    assert page.recorder.page_errors == []
    assert [m for m in page.recorder.console_errors if "Content Security Policy" in m] == []
