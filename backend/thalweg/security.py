"""Security headers: a strict Content-Security-Policy, and framing only for /embed.

``script-src 'self'``: only the app's own scripts, no inline script, no eval
(plotly.js's strict bundle needs none). ``style-src 'unsafe-inline'``: Plotly
injects a <style> element and KaTeX sets style attributes; styles cannot run
code. ``frame-ancestors``: other origins may frame the embed page (lecture
slides) and nothing else.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
)
EMBED_PATHS = ("/embed", "/embed.html")


def policy_for(path: str) -> str:
    ancestors = "*" if path in EMBED_PATHS else "'self'"
    return POLICY + f"frame-ancestors {ancestors}"


class SecurityHeaders:
    """Pure ASGI middleware (BaseHTTPMiddleware would buffer every response)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = policy_for(scope["path"]).encode()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", policy),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
