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

from thalweg.config import get_settings
from thalweg.schemas_networks import NetworkRequest
from thalweg.services import catalog, networks, networks_catalog
from thalweg.services.errors import UnprocessableError, readable
from thalweg.services.networks_query import fit, parse, request_body


def seconds_of(requests: list[NetworkRequest]) -> float:
    """The runs' estimated CPU seconds: steps·samples·parameters against the REST
    route's limit, which costs ``work_budget_seconds`` (config.py NetworkLimits)."""
    settings = get_settings()
    work = sum(r.work() for r in requests)
    return work / settings.network.max_rest_work * settings.work_budget_seconds


def requests_of(query: str) -> list[NetworkRequest]:
    """The training requests the page of ``query`` sends: run A, and B when comparing."""
    table = networks_catalog.catalog()
    state = fit(
        parse(query),
        [d["name"] for d in table["datasets"]],
        [a["name"] for a in table["activations"]],
    )
    slots = (0, 1) if state["compare"] else (0,)
    try:
        return [NetworkRequest.model_validate(request_body(state, slot)) for slot in slots]
    except ValidationError as error:
        raise UnprocessableError(readable(error)) from None


def payload(query: str, limit: float = math.inf) -> dict:
    """{catalogs, runs: [frames of run A, (frames of run B)]}, refused above ``limit`` seconds."""
    requests = requests_of(query)
    seconds = seconds_of(requests)
    if seconds > limit:
        raise UnprocessableError(
            f"training this link would cost about {seconds:.1f} s of CPU, over the offline "
            f"export's budget of {limit:g} s: use fewer steps or samples, or a smaller network",
            "work_budget",
            seconds=round(seconds, 1),
            limit=limit,
        )
    return {
        "catalogs": {"networks": networks_catalog.catalog(), "optimizers": catalog.optimizers()},
        "runs": [list(networks.stream(request)) for request in requests],
    }
