"""Security headers: CSP on every page, framing by other origins only for /embed."""

import pytest
from thalweg.security import policy_for


@pytest.mark.parametrize("path", ["/", "/api/health", "/index.html", "/docs"])
def test_everything_but_the_embed_page_refuses_foreign_frames(client, path):
    policy = client.get(path).headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'self';" in policy and "unsafe-eval" not in policy


def test_embed_page_may_be_framed_anywhere():
    assert policy_for("/embed").endswith("frame-ancestors *")
    assert policy_for("/").endswith("frame-ancestors 'self'")


def test_nosniff(client):
    assert client.get("/api/health").headers["x-content-type-options"] == "nosniff"
