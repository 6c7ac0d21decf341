"""Fixtures shared by the whole suite: the app in-process and a real server on loopback."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from thalweg.app import create_app
from thalweg.config import get_settings


@pytest.fixture(scope="session")
def app():
    return create_app()


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """``python -m thalweg serve`` on loopback, returned once /api/health answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "thalweg", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not answer within 60 s")


@pytest.fixture(scope="session")
def live_server():
    """Base URL of a real uvicorn serving the app on a free loopback port."""
    port = free_port()
    process = start_server(port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def setting(monkeypatch):
    """``setting(name, value)``: a Settings field from the environment, for this test only
    (get_settings() is cached: cleared now and after the test)."""

    def set_(name: str, value: object) -> None:
        monkeypatch.setenv(f"THALWEG_{name.upper()}", str(value))
        get_settings.cache_clear()

    yield set_
    get_settings.cache_clear()
