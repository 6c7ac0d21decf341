"""Running a written script as a student would: ``python script.py``, its JSON read back."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest


def _no_constant(token: str):
    raise AssertionError(f"the script printed {token}, which is not JSON")


@pytest.fixture
def run_script(tmp_path) -> Callable[[str], dict]:
    """``run_script(text)``: the script run with this Python; what it printed, as strict JSON
    (NaN and Infinity refused, as the project's rule for JSON says)."""

    def run(text: str) -> dict:
        path = tmp_path / "scene.py"
        path.write_text(text, encoding="utf-8")
        command = [sys.executable, str(path)]
        out = subprocess.run(command, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout, parse_constant=_no_constant)

    return run
