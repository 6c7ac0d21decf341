"""The wire's numbers: float32, and null for whatever float32 or JSON cannot hold."""

import numpy as np
import orjson
from thalweg.services.encoding import dumps, float32


def test_values_beyond_float32_become_null_without_a_warning():
    # pytest turns warnings into errors here: a RuntimeWarning would fail this test.
    wire = float32(np.array([1.5, 1e300, -1e300, np.nan], np.float64))
    assert wire.dtype == np.float32
    assert orjson.loads(dumps({"v": wire})) == {"v": [1.5, None, None, None]}
