"""Debian's nginx running deploy/nginx.conf on loopback, in front of local backends."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

NGINX = Path("/usr/sbin/nginx")
CONFIG = Path(__file__).parents[2] / "deploy" / "nginx.conf"
SHIPPED_UPSTREAM = "server thalweg:8000 max_fails=1 fail_timeout=10s;"


def require_nginx() -> None:
    """Skip without nginx, except under CI=true, where a missing nginx fails the run."""
    if NGINX.exists():
        return
    reason = f"{NGINX} is missing (apt-get install nginx)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"proxy tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def local_config(listen: int, backends: list[int], workdir: Path) -> str:
    """deploy/nginx.conf with its upstream and port on loopback and its files in ``workdir``.

    Only these lines change; everything the proxy does (upgrade, headers,
    least_conn, retries, timeouts) is the shipped file's.
    """
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    upstream = " ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in backends)
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{listen};",
        SHIPPED_UPSTREAM: upstream,
        "http {\n": f"http {{\n{temp}\n    access_log off;\n",
    }
    text = CONFIG.read_text()
    for old, new in replacements.items():
        assert text.count(old) == 1, f"deploy/nginx.conf no longer has exactly one {old!r}"
        text = text.replace(old, new)
    return text


def command(config: Path, workdir: Path, *extra: str) -> list[str]:
    # One process (no workers switching to an unprivileged user), in the foreground.
    directives = f"daemon off; master_process off; pid {workdir / 'nginx.pid'};"
    log = workdir / "error.log"
    return [str(NGINX), "-c", str(config), "-e", str(log), "-g", directives, *extra]


def write_config(listen: int, backends: list[int], workdir: Path) -> Path:
    config = workdir / "nginx.conf"
    config.write_text(local_config(listen, backends, workdir))
    return config


@contextlib.contextmanager
def nginx(listen: int, backends: list[int], workdir: Path) -> Iterator[str]:
    """nginx on 127.0.0.1:listen proxying to the backends' loopback ports; yields its URL."""
    require_nginx()
    config = write_config(listen, backends, workdir)
    process = subprocess.Popen(
        command(config, workdir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                log = (workdir / "error.log").read_text()
                raise RuntimeError(f"nginx exited with {process.returncode}: {log}")
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/nginx-health") as r:
                if r.status == 200:
                    break
            assert time.monotonic() < deadline, "nginx did not answer within 20 s"
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def established(port: int) -> int:
    """TCP connections in state ESTABLISHED whose local port is ``port`` (from /proc/net)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                count += state == "01" and int(local.rsplit(":", 1)[1], 16) == port
    return count
