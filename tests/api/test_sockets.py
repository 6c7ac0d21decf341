"""The shared socket loop's trips to the thread pool (api/sockets.py ``_slice``)."""

import contextlib
import json
import threading
import time

from fastapi.testclient import TestClient
from thalweg.api import sockets, stream
from thalweg.app import create_app
from thalweg.config import Settings
from thalweg.services.errors import UnprocessableError


def counted(frames):
    """A frame source that counts how many frames were computed."""
    pulled = []

    def source():
        for frame in frames:
            pulled.append(frame["type"])
            yield frame

    return source(), pulled


def test_a_superseded_scene_computes_nothing_more():
    source, pulled = counted([{"type": "segments"}, {"type": "done"}])
    messages, finished, error = sockets._slice(source, lambda: True, 7, None)
    assert (messages, finished, error) == ([], False, None)
    assert pulled == []  # not even the first chunk was started


def test_one_trip_takes_every_frame_ready_and_encodes_them():
    source, pulled = counted([{"type": "segments", "offset": 0}, {"type": "done", "runs": []}])
    binary = lambda frame: b"bin" if frame["type"] == "segments" else None  # noqa: E731
    messages, finished, error = sockets._slice(source, lambda: False, 7, binary)
    assert finished and error is None and pulled == ["segments", "done"]
    assert messages[0] == b"bin"
    assert json.loads(messages[1]) == {"type": "done", "runs": [], "id": 7}


def test_a_chunk_computed_before_a_newer_message_is_sent_and_the_next_never_starts():
    source, pulled = counted([{"type": "segments"}, {"type": "segments"}, {"type": "done"}])
    newer = iter([False, True])  # a message arrives while the first chunk computes
    messages, finished, error = sockets._slice(source, lambda: next(newer), 3, None)
    assert [json.loads(m)["type"] for m in messages] == ["segments"]
    assert not finished and error is None and pulled == ["segments"]


def test_a_long_chunk_ends_the_trip_so_its_frame_goes_out_at_once(monkeypatch):
    clock = iter([0.0, 1.0, 2.0])
    monkeypatch.setattr(sockets.time, "monotonic", lambda: next(clock))
    source, pulled = counted([{"type": "segments"}, {"type": "done"}])
    messages, finished, _ = sockets._slice(source, lambda: False, 1, None)
    assert len(messages) == 1 and not finished and pulled == ["segments"]


def test_an_error_keeps_the_frames_before_it():
    def source():
        yield {"type": "landscape"}
        raise UnprocessableError("no", "bad")

    messages, finished, error = sockets._slice(source(), lambda: False, 2, None)
    assert [json.loads(m)["type"] for m in messages] == ["landscape"]
    assert finished and isinstance(error, UnprocessableError)


def test_a_worker_computes_at_most_stream_threads_chunks_at_once(monkeypatch):
    running, most = [0], [0]
    lock = threading.Lock()

    def frames(text, cache):
        for offset in range(3):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.02)  # a chunk's work
            with lock:
                running[0] -= 1
            yield {"type": "segments", "offset": offset, "runs": []}
        yield {"type": "done", "runs": []}

    monkeypatch.setattr(stream, "scene_frames", frames)
    app = create_app(Settings(stream_threads=1))
    with TestClient(app) as client, contextlib.ExitStack() as stack:
        opened = [stack.enter_context(client.websocket_connect("/api/stream")) for _ in range(3)]
        for i, ws in enumerate(opened):
            ws.send_json({"type": "scene", "id": i})
        for i, ws in enumerate(opened):
            received = [ws.receive_json() for _ in range(4)]
            assert [f["type"] for f in received] == ["segments"] * 3 + ["done"]
            assert all(f["id"] == i for f in received)
    assert most[0] == 1
