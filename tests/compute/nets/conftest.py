"""Network tests run with implicit rank promotion as an error (STYLE: JAX examples)."""

import jax
import pytest


@pytest.fixture(autouse=True)
def _strict_ranks():
    with jax.numpy_rank_promotion("raise"):
        yield
