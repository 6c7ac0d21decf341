"""``GET /api/export?<scene query>`` or ``?link=<a view's link>``: one offline HTML file.

An export is the most expensive request (up to ``export_budget_seconds`` of
CPU and ~19 MB), and a GET can be started by any page a student visits (a link,
an image). So a request that a browser marks as coming from another site
(``Sec-Fetch-Site``) is refused; the app's own Share dialog (same origin), a
typed or bookmarked link (``none``) and scripts (no header) are served.
"""

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response

from thalweg.api.guards import ClientSlot
from thalweg.api.responses import BUSY, ERRORS
from thalweg.config import get_settings
from thalweg.schemas import ErrorOut
from thalweg.services.export import export_html, filename

router = APIRouter(prefix="/api", tags=["export"], responses=ERRORS | BUSY)
FOREIGN = {"cross-site", "same-site"}


@router.get(
    "/export",
    response_class=Response,
    responses={403: {"model": ErrorOut, "description": "Asked for by another site's page"}},
)
def get_export(
    request: Request,
    _: ClientSlot,
    positions: Annotated[
        int, Query(ge=1, le=get_settings().max_export_positions)
    ] = get_settings().export_positions,
    link: Annotated[
        str | None,
        Query(
            max_length=8000,
            description="a view's page or embed link (docs/shell.md); without it, the query"
            " is the race's scene",
        ),
    ] = None,
    sec_fetch_site: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """The scene of the page link whose query this is (or the view ``link`` names),
    precomputed into one HTML file that works from ``file://`` with no server
    (docs/lecture.md, docs/shell.md). ``positions``: learning rates precomputed per
    run for the race's sliders."""
    if sec_fetch_site in FOREIGN:
        raise HTTPException(403, "an offline file can be asked for from Thalweg's own pages only")
    query = request.url.query if link is None else link
    limit = get_settings().export_budget_seconds
    html = export_html(query, request.app.state.frontend, positions, limit)
    return Response(
        content=html,
        media_type="text/html; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename(query)}"'},
    )
