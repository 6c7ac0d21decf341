"""A bounded cache of finished scene results, one per worker (``app.state.scene_cache``).

A shared link opened by a whole lecture hall asks every worker for the same
scene many times; each part of it (landscape, trajectories) is computed once
and its frames replayed after that. The key is the part's canonical JSON: the
validated request with every default filled in, keys sorted. Only results that
ran to the end are stored (a cancelled or failed scene stores nothing), and the
least recently used go first when either bound is reached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator

import numpy as np
import orjson
from pydantic import BaseModel

from thalweg.schemas import TrajectoryRequest

ENTRY_OVERHEAD_BYTES = 1024  # dicts, keys and summaries beside the arrays, roughly


def canonical_key(kind: str, request: BaseModel) -> bytes:
    """The request as canonical JSON: defaults filled in, sets sorted, keys sorted."""
    body = request.model_dump(mode="json")
    if isinstance(request, TrajectoryRequest):
        body["runs"] = [
            {"optimizer": r.optimizer, "hyperparameters": r.filled()} for r in request.runs
        ]
        body["include"] = sorted(request.include)
    return orjson.dumps([kind, body], option=orjson.OPT_SORT_KEYS)


def frames_nbytes(frames: list[dict]) -> int:
    """Bytes held by the frames' arrays, plus a fixed allowance per frame."""

    def size(value: object) -> int:
        if isinstance(value, np.ndarray):
            return value.nbytes
        if isinstance(value, dict):
            return sum(size(v) for v in value.values())
        if isinstance(value, list):
            return sum(size(v) for v in value)
        return 0

    return sum(size(frame) + ENTRY_OVERHEAD_BYTES for frame in frames)


class ResultCache:
    """LRU of frame lists, bounded by entries and by bytes; safe across threads.

    Frames handed out are shared: callers must not mutate them (the stream
    copies each frame to add the message id).
    """

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._entries: OrderedDict[bytes, tuple[list[dict], int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: bytes) -> list[dict] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: bytes, frames: list[dict]) -> None:
        size = frames_nbytes(frames)
        with self._lock:
            if size > self.max_bytes or self.max_entries < 1:
                return
            if key in self._entries:
                self.nbytes -= self._entries.pop(key)[1]
            self._entries[key] = (frames, size)
            self.nbytes += size
            while len(self._entries) > self.max_entries or self.nbytes > self.max_bytes:
                self.nbytes -= self._entries.popitem(last=False)[1][1]

    def frames(self, key: bytes, compute: Callable[[], Iterator[dict]]) -> Iterator[dict]:
        """The stored frames of ``key``, else those of ``compute()``, stored once it ends.

        A ``done`` frame ends a result: it is stored before ``done`` goes out,
        because a client that has its ``done`` may close the socket at once,
        and nothing after that yield would run.
        """
        stored = self.get(key)
        if stored is not None:
            yield from stored
            return
        produced = []
        for frame in compute():
            produced.append(frame)
            if frame["type"] == "done":
                self.put(key, produced)
            yield frame
        if produced and produced[-1]["type"] != "done":
            self.put(key, produced)
