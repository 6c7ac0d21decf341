"""A view's link -> its scene as a runnable script (``thalweg code``, ``GET /api/code``).

A registry, view id -> writer, like the offline files' (``services/export.py``):
a writer takes the view's own query (its link less ``view=``) and a framework
and returns the script's text, or raises ``UnprocessableError`` with what is
wrong. The link names the view as an export link does (``view_of``): ``/``,
``/embed`` or a bare race query -> the race; ``/<id>.html``, ``/embed?view=<id>``
or a query with ``view=<id>`` -> that view. A view without a writer is refused
(422, code ``code_view``) with the list of those that have one.
"""

from __future__ import annotations

from collections.abc import Callable

from thalweg.services.code.check import check_script
from thalweg.services.code.generative import generative_script
from thalweg.services.code.graph import graph_script
from thalweg.services.code.maps import maps_script
from thalweg.services.code.networks import network_script
from thalweg.services.code.scripts import race_script
from thalweg.services.errors import UnprocessableError, no_view
from thalweg.services.export import view_of

FRAMEWORKS = ("torch", "jax", "keras")
Writer = Callable[[str, str], str]  # (the view's own query, framework) -> the script

WRITERS: dict[str, Writer] = {
    "race": race_script,
    "networks": network_script,
    "check": check_script,
    "graph": graph_script,
    "maps": maps_script,
    "generative": generative_script,
}


def script(link: str, framework: str) -> str:
    """The script of the scene ``link`` names (a page or embed URL, or its query)."""
    if framework not in FRAMEWORKS:
        raise UnprocessableError(f"unknown framework {framework!r}; valid: {', '.join(FRAMEWORKS)}")
    view, query = view_of(link)
    if view not in WRITERS:
        raise no_view(view, WRITERS, "script can be written", "code_view")
    return WRITERS[view](query, framework)
