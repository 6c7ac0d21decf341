"""Command line: ``thalweg serve``, ``export``, ``code`` (also as ``python -m thalweg``)."""

from __future__ import annotations

import argparse
import sys
import threading
import webbrowser
from pathlib import Path

import uvicorn

from thalweg.config import frontend_dir, get_settings


def _serve(args: argparse.Namespace) -> None:
    url = f"http://{args.host}:{args.port}/"
    if args.open:
        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    print(f"Thalweg on {url}")
    uvicorn.run(
        "thalweg.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # Scenes are ~400 kB of JSON; deflating them cost ~13 ms per scene on
        # loopback, a third of the slider-to-paint budget.
        ws_per_message_deflate=False,
        log_level="info",
    )


def _export(args: argparse.Namespace) -> None:
    # Imported here: `thalweg serve` should not pay for JAX before uvicorn forks workers.
    from thalweg.services.errors import UnprocessableError
    from thalweg.services.export import export_html, filename

    try:
        html = export_html(args.scene, frontend_dir(get_settings()), args.positions)
    except UnprocessableError as error:
        sys.exit(f"thalweg export: {error}")
    output = args.output or Path(filename(args.scene))
    output.write_text(html, encoding="utf-8")
    size = len(html.encode()) / 1e6
    print(f"wrote {output} ({size:.1f} MB): it opens in any browser, with no server")


def _code(args: argparse.Namespace) -> None:
    # Imported here, as for export: `thalweg serve` should not pay for JAX.
    from thalweg.services.code.views import script
    from thalweg.services.errors import UnprocessableError

    try:
        text = script(args.scene, args.framework)
    except UnprocessableError as error:
        sys.exit(f"thalweg code: {error}")
    if args.output is None:
        sys.stdout.write(text)
        return
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: run it with `python {args.output}` (add --plot to draw)")


def parser() -> argparse.ArgumentParser:
    settings = get_settings()
    root = argparse.ArgumentParser(prog="thalweg", description="See gradient-based optimization.")
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the app (loopback by default)")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument(
        "--workers", type=int, default=1, help="processes; the server keeps no per-user state"
    )
    serve.add_argument("--open", action="store_true", help="open the app in a browser")
    serve.set_defaults(handler=_serve)
    export = commands.add_parser(
        "export", help="write a scene or a view as one HTML file that works offline, no server"
    )
    export.add_argument(
        "scene",
        help="a link to the race (page or embed URL, or its query) or to a view with an"
        " offline file, e.g. http://127.0.0.1:8000/networks.html?data=digits",
    )
    export.add_argument(
        "-o", "--output", type=Path, help="file to write (default: thalweg-SURFACE.html)"
    )
    export.add_argument(
        "--positions",
        type=int,
        default=settings.export_positions,
        help="learning rates precomputed per run for its slider (default %(default)s)",
    )
    export.set_defaults(handler=_export)
    code = commands.add_parser(
        "code", help="write a scene as a runnable torch, JAX (optax) or Keras script"
    )
    code.add_argument("scene", help="a scene link (page or embed URL) or its query string")
    code.add_argument("--framework", choices=("torch", "jax", "keras"), default="torch")
    code.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    code.set_defaults(handler=_code)
    return root


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    args.handler(args)
