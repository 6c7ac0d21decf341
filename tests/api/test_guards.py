"""Guards: the body cap, the per-client cap on expensive requests, budgets per route,
cross-site exports, and REST work that stops when its client leaves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson
import pytest
from conftest import free_port
from thalweg.config import get_settings

LARGE = "+".join(f"sin(x*{k}+y)*cos(y-{k})" for k in range(1, 14))  # 182 terms
EXPENSIVE = {
    "surface": {"expression": LARGE, "domain": {"x": [-2, 2], "y": [-2, 2]}},
    "steps": 10_000,
    "tolerance": 0,
    "runs": [{"optimizer": "lbfgs"}] * 16,
}


def test_a_body_over_the_limit_is_refused_before_parsing(client):
    body = b'{"expression": "' + b"x" * get_settings().max_body_bytes + b'"}'
    response = client.post("/api/graph", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["params"] == {"limit": get_settings().max_body_bytes}


def test_a_request_over_the_work_budget_says_which_limit_and_by_how_much(client):
    response = client.post("/api/trajectories", json=EXPENSIVE)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "work_budget"
    assert body["params"]["limit"] == get_settings().work_budget_seconds
    assert body["params"]["seconds"] > 10 * body["params"]["limit"]
    assert "programs" in body["detail"] and "run-steps" in body["detail"]


def test_sweeps_are_budgeted(client):
    body = {
        "surface": {"expression": LARGE, "domain": {"x": [-2, 2], "y": [-2, 2]}},
        "steps": 10_000,
        "optimizer": "adam",
        "learning_rates": {"min": 0.01, "max": 1, "count": 256},
    }
    response = client.post("/api/sweep", json=body)
    assert response.status_code == 422 and response.json()["code"] == "work_budget"


def test_networks_rest_runs_have_a_smaller_budget_than_the_stream(client):
    body = {
        "dataset": {"name": "digits", "samples": 1797},
        "model": {"kind": "mlp", "hidden": [64, 64, 64], "activation": "relu"},
        "optimizer": {"id": "gd", "hyperparameters": {"lr": 0.1}},
        "steps": 2000,
    }
    response = client.post("/api/networks/run", json=body)
    assert response.status_code == 422 and response.json()["code"] == "work_budget"
    with client.websocket_connect("/api/networks/stream") as ws:
        ws.send_json({"type": "train", "id": 1, **body, "steps": 1})
        assert ws.receive_json()["type"] == "dataset"  # the stream's budget admits it


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_an_export_asked_for_by_another_site_is_refused(client, site):
    response = client.get("/api/export?surface=sphere", headers={"sec-fetch-site": site})
    assert response.status_code == 403


@pytest.mark.parametrize("site", ["same-origin", "none", None])
def test_an_export_from_the_app_a_typed_link_or_a_script_is_served(client, site):
    headers = {"sec-fetch-site": site} if site else {}
    response = client.get("/api/export?surface=sphere&positions=2", headers=headers)
    assert response.status_code == 200


def test_an_export_over_its_budget_is_refused(client):
    # 8 families, 16 learning rates each: 16 programs to compile on a surface seldom used.
    runs = "gd;momentum;nesterov;adagrad;rmsprop;adam;adamw;nadam"
    query = f"surface=shubert&steps=3000&runs={runs}"
    response = client.get(f"/api/export?{query}&positions=16")
    assert response.status_code == 422 and response.json()["code"] == "work_budget"
    assert response.json()["params"]["limit"] == get_settings().export_budget_seconds


def test_a_client_may_have_only_so_many_expensive_requests_in_flight(app, client):
    limit = get_settings().max_concurrent_per_client
    app.state.in_flight["testclient"] = limit  # as if `limit` were running
    try:
        response = client.post("/api/graph", json={"expression": "x*y", "point": [1, 2]})
        assert response.status_code == 429 and response.headers["retry-after"] == "1"
        assert client.get("/api/health").status_code == 200  # cheap routes are not counted
    finally:
        del app.state.in_flight["testclient"]
    assert client.post("/api/graph", json={"expression": "x*y", "point": [1, 2]}).is_success
    assert not app.state.in_flight  # every slot given back


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def generous_server():
    """A server whose REST networks budget admits a ~10 s run (to watch it stop)."""
    port = free_port()
    env = {**os.environ, "THALWEG_NETWORK__MAX_REST_WORK": "1e12"}
    process = subprocess.Popen(
        [sys.executable, "-m", "thalweg", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    yield url, process.pid
    process.terminate()
    process.wait(timeout=10)


def test_a_rest_run_stops_computing_when_its_client_leaves(generous_server):
    url, pid = generous_server
    body = {
        "dataset": {"name": "digits", "samples": 1797},
        "model": {"kind": "mlp", "hidden": [64, 64, 64], "activation": "relu"},
        "optimizer": {"id": "gd", "hyperparameters": {"lr": 0.1}},
        "steps": 4000,
    }
    payload = orjson.dumps(body)
    port = int(url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as raw:
        raw.sendall(
            b"POST /api/networks/run HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\n\r\n%s" % (len(payload), payload)
        )
        time.sleep(2)  # training (compiling, then steps)
    left = _cpu_seconds(pid)
    time.sleep(3)
    after = _cpu_seconds(pid) - left
    # Training on would have taken ~3 s of CPU in these 3 s; stopped, at most a chunk.
    assert after < 1.0, f"the server computed {after:.2f} s of CPU after its client left"
    assert httpx.get(f"{url}/api/health").json()["status"] == "ok"
