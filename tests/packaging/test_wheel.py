"""A plain ``pip install .`` (no source tree beside it) serves the API and the frontend."""

import os
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv that reuses the suite's packages and installs thalweg itself from a wheel."""
    home = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(home), str(ROOT)],
        check=True,
    )
    [wheel] = home.glob("thalweg-*.whl")
    env_dir = home / "venv"
    venv.create(env_dir, system_site_packages=False, with_pip=False)
    python = env_dir / "bin" / "python"
    # Borrow the suite's dependencies instead of downloading them again.
    site = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    pth = next((env_dir / "lib").glob("python*/site-packages")) / "suite.pth"
    pth.write_text(str(site) + "\n")
    target = pth.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    return python, target


def test_wheel_contains_the_frontend(installed):
    _, target = installed
    assert (target / "thalweg" / "frontend" / "index.html").is_file()


def test_installed_package_serves_page_and_api(installed, tmp_path):
    python, target = installed
    where = subprocess.run(
        [str(python), "-c", "import thalweg; print(thalweg.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        env=_clean_env(),
    ).stdout
    assert where.startswith(str(target))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [str(python), "-m", "thalweg", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=_clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
        page = httpx.get(base + "/")
        assert page.status_code == 200
        assert page.text == (ROOT / "frontend" / "index.html").read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
