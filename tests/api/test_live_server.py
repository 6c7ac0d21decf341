"""The app as deployed: a real uvicorn on loopback, over HTTP and WebSocket."""

import asyncio
import json

import httpx
import websockets


def test_http_round_trip_and_plotly_served_locally(live_server):
    with httpx.Client(base_url=live_server) as http:
        assert http.get("/api/health").json()["status"] == "ok"
        body = {
            "surface": "himmelblau",
            "steps": 100,
            "runs": [{"optimizer": "adam", "hyperparameters": {"lr": 0.1}}],
        }
        run = http.post("/api/trajectories", json=body).json()["runs"][0]
        assert len(run["points"]) == run["steps_taken"] + 1
        bad = http.post("/api/trajectories", json={**body, "steps": 0})
        assert bad.status_code == 422
        assert http.get("/api/health").status_code == 200
        plotly = http.get("/vendor/plotly.min.js")
        assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
        assert http.get("/").headers["content-type"].startswith("text/html")
        assert http.get("/openapi.json").json()["info"]["title"] == "Thalweg"


def test_websocket_scene_over_the_network(live_server):
    url = live_server.replace("http", "ws") + "/api/stream"
    scene = {
        "type": "scene",
        "id": 11,
        "landscape": {"surface": "beale", "resolution": 32, "arrows": 8},
        "trajectories": {"surface": "beale", "steps": 300, "runs": [{"optimizer": "rmsprop"}]},
    }

    async def exchange():
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps(scene))
            frames = []
            while not frames or frames[-1]["type"] not in ("done", "error"):
                frames.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=60)))
            return frames

    frames = asyncio.run(exchange())
    assert frames[0]["type"] == "landscape" and len(frames[0]["z"]) == 32
    assert frames[-1]["type"] == "done" and frames[-1]["id"] == 11
