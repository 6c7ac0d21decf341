"""``GET /api/export?<scene query>``: the scene as one offline HTML file."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from thalweg.config import get_settings
from thalweg.schemas import ErrorOut
from thalweg.services.export import export_html, filename

router = APIRouter(prefix="/api", tags=["export"], responses={422: {"model": ErrorOut}})


@router.get("/export", response_class=Response)
def get_export(
    request: Request,
    positions: Annotated[
        int, Query(ge=1, le=get_settings().max_export_positions)
    ] = get_settings().export_positions,
) -> Response:
    """The scene of the page link whose query this is, precomputed into one HTML file
    that works from ``file://`` with no server (docs/lecture.md). ``positions``: learning
    rates precomputed per run for its slider."""
    query = request.url.query
    html = export_html(query, request.app.state.frontend, positions)
    return Response(
        content=html,
        media_type="text/html; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="{filename(query)}"'},
    )
