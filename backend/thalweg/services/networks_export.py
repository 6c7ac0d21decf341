"""A Networks link -> its training, precomputed for an offline file.

The offline page (``js/networks/offline-api.js``) replays these frames as if
the training socket sent them: the data set, every progress chunk (history,
decision grids every 100 steps), the result (landscape with the projected
path, interpolation). The runs are trained here exactly as the page's socket
would (``networks.stream``), within the export's work budget.
"""

from __future__ import annotations

import math

from pydantic import ValidationError

from thalweg.compute.nets.training import get_trainer
from thalweg.config import get_settings
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import catalog, networks, networks_catalog
from thalweg.services.errors import UnprocessableError, readable
from thalweg.services.networks_query import fit, parse, request_bodies


def seconds_of(requests: list[NetworkRequest], charged: set | None = None) -> float:
    """The runs' estimated CPU seconds: steps·samples·parameters against the REST
    route's limit, which costs ``work_budget_seconds``, plus ``compile_seconds`` for
    each model not trained in this process yet beyond the first an export may compile
    (config.py NetworkLimits). ``charged``: the models a lesson's earlier scenes
    already pay for (and the key ``"first compile"`` once its free compile is used)."""
    settings = get_settings()
    charged = set() if charged is None else charged
    work = sum(r.work() for r in requests)
    seconds = work / settings.network.max_rest_work * settings.work_budget_seconds
    for request in requests:
        config = networks.train_config(request)
        if config in charged or get_trainer(config).compiled:
            continue
        charged.add(config)
        if FIRST_COMPILE in charged:
            seconds += settings.network.compile_seconds
        charged.add(FIRST_COMPILE)
    return seconds


FIRST_COMPILE = "first compile"


def requests_of(query: str) -> list[NetworkRequest]:
    """The training requests the page of ``query`` sends: run A, B when comparing, or
    one run per batch size when comparing batch sizes."""
    table = networks_catalog.catalog()
    state = fit(
        parse(query),
        [d["name"] for d in table["datasets"]],
        [a["name"] for a in table["activations"]],
    )
    try:
        return [NetworkRequest.model_validate(body) for body in request_bodies(state)]
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None


def payload(query: str, limit: float = math.inf) -> dict:
    """{catalogs, runs: [frames of run A, (frames of run B)]}, refused above ``limit`` seconds."""
    requests = requests_of(query)
    seconds = seconds_of(requests)
    if seconds > limit:
        raise UnprocessableError(
            f"training this link would cost about {seconds:.1f} s of CPU, over the offline "
            f"export's budget of {limit:g} s: use fewer steps or samples, or a smaller network;"
            " each model (or batch size) this server has not trained yet adds a compile of"
            f" ~{get_settings().network.compile_seconds:g} s, so train it in the page first,"
            " or make the file with `thalweg export` on your machine",
            "work_budget",
            seconds=round(seconds, 1),
            limit=limit,
        )
    return {
        "catalogs": {"networks": networks_catalog.catalog(), "optimizers": catalog.optimizers()},
        "runs": [list(networks.stream(request)) for request in requests],
    }
