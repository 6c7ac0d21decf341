"""create_app(): routers, error handlers, the static frontend and plotly.js. No logic."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from thalweg import __version__
from thalweg.api import (
    autoencoder,
    catalog,
    code,
    compute,
    curvature,
    export,
    gan,
    networks,
    stream,
)
from thalweg.api.errors import validation_failed
from thalweg.api.guards import BodyLimit
from thalweg.compute.cache import enable_persistent_cache
from thalweg.config import Settings, frontend_dir, get_settings
from thalweg.security import SecurityHeaders
from thalweg.services.errors import UnprocessableError
from thalweg.services.result_cache import ResultCache

# plotly.js's strict bundle, vendored in frontend/vendor/plotly (see its README):
# it needs no 'unsafe-eval' under the Content-Security-Policy.
PLOTLY_JS = Path("vendor") / "plotly" / "plotly-strict.min.js"


# A view id names its page, frontend/<id>.html; these pages are no views.
VIEW_ID = re.compile(r"[a-z][a-z0-9-]{0,31}")
NOT_VIEWS = {"index", "embed", "docs", "lessons"}


def embed_page(static: Path, view: str | None) -> Path | None:
    """The page /embed?view=<view> serves: the race's embed page or the view's own.

    The race's own ``view=`` is its zoom window, numbers (``-2,2,-1,3``), never an id.
    """
    if view is None or view == "race" or not VIEW_ID.fullmatch(view):
        return static / "embed.html"
    if view in NOT_VIEWS:
        return None
    page = static / f"{view}.html"
    return page if page.is_file() else None


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    enable_persistent_cache(settings.compilation_cache_dir, settings.compilation_cache_max_bytes)
    app = FastAPI(
        title="Thalweg",
        version=__version__,
        description="Gradient-based optimization, computed with JAX and optax.",
        # /docs is served below from the app's own copy of Swagger UI (no CDN).
        docs_url=None,
        redoc_url=None,
    )
    app.state.streams = {"active": 0}
    app.state.in_flight = Counter()
    app.state.scene_cache = ResultCache(settings.scene_cache_entries, settings.scene_cache_bytes)
    app.state.stream_limiter = anyio.CapacityLimiter(settings.stream_threads)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.include_router(catalog.router)
    app.include_router(compute.router)
    app.include_router(curvature.router)
    app.include_router(stream.router)
    app.include_router(networks.router)
    app.include_router(gan.router)
    app.include_router(autoencoder.router)
    app.include_router(export.router)
    app.include_router(code.router)

    app.add_exception_handler(RequestValidationError, validation_failed)

    @app.exception_handler(UnprocessableError)
    async def unprocessable(request: Request, error: UnprocessableError) -> JSONResponse:
        return JSONResponse(status_code=422, content=error.payload())

    static = frontend_dir(settings)
    app.state.frontend = static

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(static / PLOTLY_JS, media_type="text/javascript")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(static / "docs.html")

    @app.get("/embed", include_in_schema=False)
    def embed(view: str | None = None) -> FileResponse:
        """The race's embed page, or a shell view's own page (docs/shell.md)."""
        page = embed_page(static, view)
        if page is None:
            raise HTTPException(404, f"no view named {view[:40]!r} can be embedded")
        return FileResponse(page)

    @app.get("/lessons", include_in_schema=False)
    def lessons() -> FileResponse:
        return FileResponse(static / "lessons.html")

    app.mount("/", StaticFiles(directory=static), name="frontend")
    return app
