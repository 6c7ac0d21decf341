"""Guards in front of the routes: a cap on request bodies and on requests in flight per client.

``BodyLimit`` is pure ASGI middleware: it reads a body up to
``Settings.max_body_bytes`` before any route sees it and answers 413 above it,
so a 20 MB body is neither parsed nor echoed (it blocked the event loop for
~10 s before). The rest of an oversized body is read and dropped in the
server's chunks, which keeps the event loop free and lets the client read the
413 instead of a reset connection; past ``DRAIN_BYTES`` the connection is
closed.

``ClientSlot`` is a dependency of the expensive routes: one client (by
address) may have ``Settings.max_concurrent_per_client`` of them in flight; the
next gets a 429 with ``Retry-After``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thalweg.config import get_settings
from thalweg.services.encoding import dumps

DRAIN_BYTES = 64 * 2**20


def _error(status: int, detail: str, code: str, **params: int) -> tuple[dict, dict]:
    body = dumps({"detail": detail, "code": code, "params": params})
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))],
    }
    return start, {"type": "http.response.body", "body": body}


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and not declared.isdigit():
            await self._answer(send, 400, "content-length is not a number", "bad_length")
            return
        body = bytearray()
        more = declared is None or int(declared) > 0
        if declared is not None and int(declared) > self.max_bytes:
            await self._drain(receive, 0)
            await self._too_large(send)
            return
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                if more:
                    await self._drain(receive, len(body))
                await self._too_large(send)
                return
        await self.app(scope, _replay(bytes(body), receive), send)

    @staticmethod
    async def _drain(receive: Receive, read: int) -> None:
        """Read and drop the rest of a body, up to DRAIN_BYTES (then the server closes)."""
        while read <= DRAIN_BYTES:
            message = await receive()
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                return
            read += len(message.get("body", b""))

    async def _too_large(self, send: Send) -> None:
        limit = self.max_bytes
        detail = f"the request body is over the limit of {limit:,} bytes"
        await self._answer(send, 413, detail, "body_too_large", limit=limit)

    @staticmethod
    async def _answer(send: Send, status: int, detail: str, code: str, **params: int) -> None:
        start, body = _error(status, detail, code, **params)
        await send(start)
        await send(body)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body in one message, then the client's own messages (its disconnect)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _client_slot(request: Request) -> AsyncIterator[None]:
    limit = get_settings().max_concurrent_per_client
    in_flight: Counter[str] = request.app.state.in_flight
    client = request.client.host if request.client else ""
    if in_flight[client] >= limit:
        raise HTTPException(
            429,
            f"at most {limit} expensive requests per client at a time; wait for one to finish",
            headers={"retry-after": "1"},
        )
    in_flight[client] += 1
    try:
        yield
    finally:
        in_flight[client] -= 1
        if not in_flight[client]:
            del in_flight[client]


ClientSlot = Annotated[None, Depends(_client_slot)]
