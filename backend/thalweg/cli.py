"""Command line: ``thalweg serve`` (and ``python -m thalweg serve``)."""

from __future__ import annotations

import argparse
import threading
import webbrowser

import uvicorn

from thalweg.config import get_settings


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
    return root


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    args.handler(args)
