"""The Dockerfile passes hadolint and keeps the promises of docs/deploy.md."""

import subprocess
import sys
from pathlib import Path

DOCKERFILE = Path(__file__).parents[2] / "Dockerfile"


def test_hadolint_finds_nothing():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(hadolint), str(DOCKERFILE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_non_root_healthcheck_and_public_port():
    text = DOCKERFILE.read_text()
    assert "USER 10001" in text  # the uid of the thalweg user made above
    assert "HEALTHCHECK" in text and "/api/health" in text
    assert '"--host", "0.0.0.0", "--port", "8000"' in text
