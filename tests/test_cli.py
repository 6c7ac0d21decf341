"""The command line: thalweg serve's options and defaults."""

import subprocess
import sys

import pytest
from thalweg.cli import parser


def test_serve_defaults_to_loopback():
    args = parser().parse_args(["serve"])
    assert (args.host, args.port, args.workers, args.open) == ("127.0.0.1", 8000, 1, False)


def test_serve_options():
    args = parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3", "--open"]
    )
    assert (args.host, args.port, args.workers, args.open) == ("0.0.0.0", 9000, 3, True)


def test_a_command_is_required():
    with pytest.raises(SystemExit):
        parser().parse_args([])


def test_module_entry_point_prints_help():
    result = subprocess.run(
        [sys.executable, "-m", "thalweg", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "serve" in result.stdout
