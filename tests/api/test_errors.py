"""Error bodies stay small, finite and encodable whatever the input was."""

from __future__ import annotations

import math

import orjson
import pytest
from thalweg.api.errors import MAX_ERRORS, MAX_TEXT, plain_errors, safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (math.nan, "nan"),
        (math.inf, "inf"),
        (-math.inf, "-inf"),
        (2**53, 2**53),
        pytest.param(10**5000, "an integer of 16610 bits", id="5,000 digits"),
        ("\ud800x", "?x"),
        (None, None),
        (True, True),
        (0.5, 0.5),
    ],
)
def test_scalars_become_json_safe(value, expected):
    assert safe(value) == expected
    orjson.dumps(safe(value))


def test_long_texts_and_large_containers_become_short_previews():
    assert len(safe("x" * 10**6)) == MAX_TEXT + 1
    huge = list(range(10**6))
    preview = safe(huge)
    assert isinstance(preview, str) and len(preview) < 100 and preview.startswith("[0, 1")
    assert len(safe({"\ud800": [math.nan] * 10**5})) <= MAX_TEXT + 1


def test_pydantic_errors_keep_their_names_and_lose_what_cannot_be_sent():
    errors = [
        {
            "type": "finite_number",
            "loc": ("body", "\udc00", 3),
            "msg": "Input should be a finite number",
            "input": math.nan,
            "ctx": {"error": ValueError("boom"), "ge": 1e400},
            "url": "https://errors.pydantic.dev",
        }
    ] * (MAX_ERRORS + 5)
    plain = plain_errors(errors, with_input=True)
    assert len(plain) == MAX_ERRORS + 1 and plain[-1]["msg"] == "5 more"
    assert plain[0] == {
        "type": "finite_number",
        "loc": ["body", "?", 3],
        "msg": "Input should be a finite number",
        "ctx": {"error": "ValueError('boom')", "ge": "inf"},
        "input": "nan",
    }
    assert "input" not in plain_errors(errors, with_input=False)[0]
    orjson.dumps(plain)
