"""A Networks view link -> the training request its run A sends (``POST /api/networks/run``).

The link format is ``frontend/js/networks/state.js`` (its PROPS table and
``requestBody``); this is its second reader, for ``thalweg code`` and
``GET /api/code``, which get a link with no browser. As in state.js, a value
that does not parse or breaks its row's bounds falls back to the default;
what the server then refuses, the pydantic schema refuses with its message.
Only what decides the training is read (no landscape, decision grid or run B).
A link is a Networks link if its path is ``/networks.html`` or its query says
``view=networks`` (the shell's ``/embed?view=networks``).
"""

from __future__ import annotations

import math
import re
from urllib.parse import parse_qsl, urlsplit

from pydantic import ValidationError

from thalweg.schemas_networks import NetworkRequest
from thalweg.services.errors import UnprocessableError
from thalweg.services.export import readable


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(text: str) -> int | None:
    return int(text) if re.fullmatch(r"\d+", text) else None


def _ints(text: str) -> list[int] | None:
    return [int(t) for t in text.split(",")] if re.fullmatch(r"\d+(,\d+)*", text) else None


def _batch(text: str) -> int | str | None:
    return "all" if text == "all" else _int(text)


def _dict(text: str) -> dict[str, float]:
    out = {}
    for item in text.split(","):
        key, _, value = item.partition(":")
        number = _number(value) if value else None
        if re.fullmatch(r"\w+", key) and number is not None:
            out[key] = number
    return out


# state.js PROPS rows that decide the training: key -> (name, read, default, bounds or values).
PROPS = {
    "data": ("dataset", str, "moons", None),
    "n": ("samples", _int, 200, (8, 2000)),
    "noise": ("noise", _number, None, (0, 3)),
    "k": ("classes", _int, None, (2, 6)),
    "dseed": ("data_seed", _int, 0, None),
    "test": ("test_fraction", _number, 0.2, (0, 0.8)),
    "model": ("kind", str, "mlp", ("linear", "logistic", "neuron", "mlp")),
    "hidden": ("hidden", _ints, [16, 16], None),
    "act": ("activation", str, "tanh", None),
    "alpha": ("alpha", _number, None, (0, 5)),
    "init": ("init", str, "glorot", ("normal", "glorot", "he")),
    "sigma": ("sigma", _number, 0.1, (0.001, 10)),
    "loss": ("loss", str, None, None),
    "l2": ("l2", _number, 0.0, (0, 10)),
    "steps": ("steps", _int, 500, (1, 5000)),
    "seed": ("seed", _int, 0, None),
    "opt": ("optimizer", str, "adam", None),
    "hp": ("hp", _dict, {"lr": 0.01}, None),
    "bs": ("batch", _batch, 32, None),
}


def is_networks(link: str) -> bool:
    parts = urlsplit(link if "://" in link or link.startswith("/") else f"?{link.lstrip('?')}")
    return parts.path.endswith("networks.html") or ("view", "networks") in parse_qsl(parts.query)


def state(link: str) -> dict:
    """state.js ``parse``: every row's value, or its default."""
    query = urlsplit(link).query if "://" in link or link.startswith("/") else link.lstrip("?")
    raw = dict(parse_qsl(query, keep_blank_values=True))
    out = {}
    for key, (name, read, default, rule) in PROPS.items():
        value = read(raw[key]) if key in raw else None
        if isinstance(rule, tuple) and value is not None:
            if isinstance(rule[0], str):
                value = value if value in rule else None
            elif not rule[0] <= value <= rule[1]:
                value = None
        out[name] = default if value is None else value
    return out


def request_of(link: str) -> NetworkRequest:
    """state.js ``requestBody(state, 0)``, validated (the server's 422 text if not)."""
    s = state(link)
    body = {
        "dataset": {"name": s["dataset"], "samples": s["samples"], "noise": s["noise"],
                    "seed": s["data_seed"], "test_fraction": s["test_fraction"],
                    "classes": s["classes"]},
        "model": {"kind": s["kind"], "hidden": s["hidden"], "activation": s["activation"],
                  "alpha": s["alpha"], "init": {"scheme": s["init"], "sigma": s["sigma"]}},
        "loss": s["loss"], "l2": s["l2"],
        "optimizer": {"id": s["optimizer"], "hyperparameters": s["hp"]},
        "batch_size": s["batch"], "steps": s["steps"], "seed": s["seed"], "landscape": None,
    }  # fmt: skip
    try:
        return NetworkRequest.model_validate(body)
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None
