"""create_app(): routers, error handlers, the static frontend and plotly.js. No logic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from thalweg import __version__
from thalweg.api import catalog, code, compute, curvature, export, gan, networks, stream
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
    def embed() -> FileResponse:
        return FileResponse(static / "embed.html")

    @app.get("/lessons", include_in_schema=False)
    def lessons() -> FileResponse:
        return FileResponse(static / "lessons.html")

    app.mount("/", StaticFiles(directory=static), name="frontend")
    return app
