"""Odd bodies against every POST route of a real uvicorn on loopback: never a 5xx.

Each refusal is a 4xx with a small JSON body, over a connection that stays
usable; while 20 MB bodies are refused, /api/health keeps answering. (A valid
body behind a byte order mark, in UTF-16 or without a content type is JSON
all the same: computing it is fine.)
"""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

JSON = {"content-type": "application/json"}
DEEP = 100_000
ODD_BODIES: dict[str, tuple[bytes, dict[str, str]]] = {
    "nan": (b'{"surface": "rosenbrock", "start": [NaN, 0], "point": [NaN, 0]}', JSON),
    "infinity": (b'{"start": [Infinity, 1], "expression": "x", "point": [1, 1]}', JSON),
    "-infinity": (b'{"steps": -Infinity}', JSON),
    "1e400": (b'{"surface": "rosenbrock", "start": [1e400, 0]}', JSON),
    "-1e400": (b'{"unknown": -1e400}', JSON),
    "nan in an unknown field": (b'{"unknown": NaN}', JSON),
    "5,000-digit integer": (b'{"steps": ' + b"7" * 5000 + b"}", JSON),
    "5,000-digit fraction": (b'{"tolerance": 0.' + b"3" * 5000 + b"}", JSON),
    "lone surrogate in a value": (b'{"surface": "\\ud800", "expression": "\\udfff"}', JSON),
    "lone surrogate in a key": (b'{"\\ud800": 1, "runs": [{"\\udc00": 2}]}', JSON),
    "invalid utf-8": (b'{"surface": "\xff\xfe\xc3("}', JSON),
    "byte order mark": (b'\xef\xbb\xbf{"surface": "rosenbrock"}', JSON),
    "utf-16": ('{"surface": "rosenbrock"}'.encode("utf-16"), JSON),
    "100,000-deep nesting": (b"[" * DEEP + b"]" * DEEP, JSON),
    "100,000-deep objects": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, JSON),
    "duplicate keys": (b'{"steps": 1, "steps": "x", "surface": "sphere"}', JSON),
    "text/plain": (b'{"surface": "rosenbrock"}', {"content-type": "text/plain"}),
    "form content type": (
        b"surface=rosenbrock",
        {"content-type": "application/x-www-form-urlencoded"},
    ),
    "no content type": (b'{"surface": "rosenbrock"}', {}),
    "empty body": (b"", JSON),
    "not json": (b"surface: rosenbrock", JSON),
    "a bare number": (b"1e400", JSON),
    "20 MB string": (b'{"expression": "' + b"x" * 20_000_000 + b'"}', JSON),
    "20 MB array": (b'{"runs": [' + b"0," * 10_000_000 + b"0]}", JSON),
}


@pytest.fixture(scope="module")
def post_routes(live_server) -> list[str]:
    paths = httpx.get(f"{live_server}/openapi.json").json()["paths"]
    return sorted(path for path, methods in paths.items() if "post" in methods)


def test_every_post_route_is_covered(post_routes):
    assert {"/api/trajectories", "/api/graph", "/api/networks/run"} <= set(post_routes)


@pytest.mark.parametrize("name", list(ODD_BODIES))
def test_odd_bodies_get_a_small_json_4xx(live_server, post_routes, name):
    body, headers = ODD_BODIES[name]
    with httpx.Client(base_url=live_server, timeout=60) as http:
        for path in post_routes:
            response = http.post(path, content=body, headers=headers)
            assert response.status_code < 500, (path, response.status_code, response.text)
            payload = json.loads(response.content)  # valid JSON, finite numbers only
            if response.status_code >= 400:
                assert len(response.content) < 20_000, (path, len(response.content))
                assert "detail" in payload, payload
        assert http.get("/api/health").status_code == 200  # the same connection, still usable


def test_oversized_bodies_get_413_without_blocking_the_server(live_server):
    big = ODD_BODIES["20 MB array"][0]
    answers: list[int] = []

    def upload():
        with httpx.Client(base_url=live_server, timeout=60) as http:
            answers.append(http.post("/api/trajectories", content=big, headers=JSON).status_code)

    uploads = [threading.Thread(target=upload) for _ in range(3)]
    for thread in uploads:
        thread.start()
    waits = []
    with httpx.Client(base_url=live_server, timeout=2) as http:
        while any(thread.is_alive() for thread in uploads):
            started = time.perf_counter()
            # A timeout here would mean the event loop is blocked (it was, ~10 s, before).
            assert http.get("/api/health").status_code == 200
            waits.append(time.perf_counter() - started)
    for thread in uploads:
        thread.join()
    assert answers == [413, 413, 413]
    assert waits, "health was never asked during the uploads"


def test_a_chunked_body_over_the_limit_is_refused(live_server):
    def chunks():
        for _ in range(40):
            yield b"x" * 65_536

    response = httpx.post(f"{live_server}/api/graph", content=chunks(), headers=JSON, timeout=60)
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
