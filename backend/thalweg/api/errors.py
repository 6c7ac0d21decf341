"""Error bodies that stay small, finite and encodable whatever the input was.

FastAPI's default 422 echoes the offending input: a NaN, ±Infinity, 1e400 or a
lone surrogate in it made encoding fail (HTTP 500), and a 10-million-element
field came back whole after 11 s. Here every error is cut to its essentials:
strings are shortened and made valid UTF-8, numbers that JSON cannot carry
become text, and an echoed input is a ``reprlib`` preview of a few hundred
characters, which costs the same for a huge value as for a small one.
"""

from __future__ import annotations

import math
import reprlib

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError

from thalweg.api.responses import json_response

MAX_TEXT = 300  # characters of any string in an error
MAX_ERRORS = 20  # errors listed; the rest are counted


def _preview_repr() -> reprlib.Repr:
    """reprlib with small limits (Python 3.11's Repr takes no constructor arguments)."""
    preview = reprlib.Repr()
    preview.maxstring = preview.maxother = 80
    preview.maxlist = preview.maxdict = 6
    preview.maxlevel = 3
    return preview


_PREVIEW = _preview_repr()


def text(value: str) -> str:
    """At most MAX_TEXT characters, lone surrogates replaced, so UTF-8 can carry it."""
    short = value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    return short.encode("utf-8", "replace").decode("utf-8")


def safe(value: object) -> object:
    """A JSON-safe, short version of a scalar; anything else becomes a short preview."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 else f"an integer of {value.bit_length()} bits"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return text(value)
    return text(_PREVIEW.repr(value))


def plain_errors(errors: list[dict], with_input: bool) -> list[dict]:
    """pydantic's errors, each with ``type``, ``loc``, ``msg`` and ``ctx`` made safe."""
    out = []
    for error in errors[:MAX_ERRORS]:
        item = {
            "type": error["type"],
            "loc": [safe(part) for part in error.get("loc", ())],
            "msg": text(str(error.get("msg", ""))),
        }
        if "ctx" in error:
            item["ctx"] = {text(str(k)): safe(v) for k, v in error["ctx"].items()}
        if with_input and "input" in error:
            item["input"] = safe(error["input"])
        out.append(item)
    if len(errors) > MAX_ERRORS:
        out.append({"type": "more_errors", "loc": [], "msg": f"{len(errors) - MAX_ERRORS} more"})
    return out


async def validation_failed(request: Request, error: RequestValidationError) -> Response:
    """The 422 of a request that failed validation, with a short preview of each input."""
    return json_response({"detail": plain_errors(list(error.errors()), with_input=True)}, 422)
