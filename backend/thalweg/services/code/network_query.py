"""A Networks view link -> the training request its run A sends (``POST /api/networks/run``).

The link (a page URL or its query) is read by ``services/networks_query.py``,
the server's one reader of ``frontend/js/networks/state.js``'s format (the
offline export uses it too).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from thalweg.schemas_networks import NetworkRequest
from thalweg.services.networks_export import requests_of


def _parts(link: str):
    return urlsplit(link if "://" in link or link.startswith("/") else f"?{link.lstrip('?')}")


def request_of(link: str) -> NetworkRequest:
    """Run A's request as the page sends it, validated (the server's 422 text if not);
    without its landscape, which a training script does not draw."""
    (request, *_) = requests_of(_parts(link).query)
    return request.model_copy(update={"landscape": None})
