"""The per-worker result cache: canonical keys, LRU bounds, only finished results kept."""

import numpy as np
import pytest
from thalweg.schemas import LandscapeRequest, TrajectoryRequest
from thalweg.services.result_cache import ENTRY_OVERHEAD_BYTES, ResultCache, canonical_key


def trajectories(**overrides) -> TrajectoryRequest:
    body = {"surface": "rosenbrock", "steps": 100, "runs": [{"optimizer": "adam"}], **overrides}
    return TrajectoryRequest.model_validate(body)


def frames(values: int) -> list[dict]:
    return [{"type": "segments", "runs": [{"points": np.zeros(values, np.float32)}]}]


def test_the_key_fills_defaults_and_ignores_order():
    adam_defaults = {"optimizer": "adam", "hyperparameters": {"lr": 0.001, "beta1": 0.9}}
    implicit = trajectories(include=["losses", "points"])
    explicit = trajectories(runs=[adam_defaults], include=["points", "losses"])
    assert canonical_key("trajectories", implicit) == canonical_key("trajectories", explicit)
    other_rate = trajectories(runs=[{"optimizer": "adam", "hyperparameters": {"lr": 0.002}}])
    assert canonical_key("trajectories", other_rate) != canonical_key("trajectories", implicit)
    landscape = LandscapeRequest.model_validate({"surface": "rosenbrock"})
    assert canonical_key("landscape", landscape) == canonical_key(
        "landscape", LandscapeRequest.model_validate({"surface": "rosenbrock", "resolution": 200})
    )


def test_same_key_computed_once_other_key_computed_again():
    cache = ResultCache(max_entries=4, max_bytes=2**20)
    calls = []

    def compute(tag):
        def run():
            calls.append(tag)
            yield from frames(10)

        return run

    first = list(cache.frames(b"a", compute("a")))
    again = list(cache.frames(b"a", compute("a")))
    list(cache.frames(b"b", compute("b")))
    assert calls == ["a", "b"]
    assert again == first and again[0] is first[0]


def test_a_result_left_unfinished_is_not_kept():
    cache = ResultCache(max_entries=4, max_bytes=2**20)
    source = cache.frames(b"a", lambda: iter(frames(10) * 3))
    next(source)
    source.close()  # cancelled after one frame
    assert len(cache) == 0 and cache.get(b"a") is None


@pytest.mark.parametrize("bound", ["entries", "bytes"])
def test_least_recently_used_results_go_first_at_either_bound(bound):
    size = 100 * 4 + ENTRY_OVERHEAD_BYTES
    cache = (
        ResultCache(max_entries=3, max_bytes=2**20)
        if bound == "entries"
        else ResultCache(max_entries=100, max_bytes=3 * size)
    )
    for key in (b"a", b"b", b"c"):
        cache.put(key, frames(100))
    assert cache.get(b"a") is not None  # a is now the most recently used
    cache.put(b"d", frames(100))
    assert cache.get(b"b") is None, "the least recently used went"
    assert all(cache.get(k) is not None for k in (b"a", b"c", b"d"))
    assert len(cache) == 3 and cache.nbytes == 3 * size


def test_a_result_larger_than_the_whole_cache_is_not_kept():
    cache = ResultCache(max_entries=10, max_bytes=1000)
    cache.put(b"big", frames(1000))
    assert len(cache) == 0 and cache.nbytes == 0


def test_a_result_is_kept_when_its_done_frame_goes_out():
    """A client may leave as soon as it has `done`: the result is stored by then."""
    cache = ResultCache(max_entries=4, max_bytes=2**20)
    source = cache.frames(b"a", lambda: iter([*frames(10), {"type": "done", "runs": []}]))
    assert [f["type"] for f in (next(source), next(source))] == ["segments", "done"]
    source.close()
    assert [f["type"] for f in cache.get(b"a")] == ["segments", "done"]
