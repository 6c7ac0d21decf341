"""``import thalweg`` stays cheap; the Python API loads on first use, flags set before JAX."""

import subprocess
import sys

CHECK = """
import os, sys
import thalweg
assert "jax" not in sys.modules and "plotly" not in sys.modules, "import thalweg loaded JAX"
race = thalweg.race
import jax
from thalweg.compute import SMALL_LOOP_OPTION
assert SMALL_LOOP_OPTION in os.environ["XLA_FLAGS"]
assert jax.config.jax_enable_x64
assert race is thalweg.notebook.race and "race" in dir(thalweg)
try:
    thalweg.nothing
except AttributeError as error:
    assert "nothing" in str(error)
else:
    raise SystemExit("thalweg.nothing did not raise")
print("ok")
"""


def test_import_is_cheap_and_the_api_loads_lazily():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}  # no XLA_FLAGS set
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_the_lazy_names_are_the_python_apis():
    """thalweg/__init__.py lists the API by hand (importing it would start JAX): the same names."""
    import thalweg
    import thalweg.notebook

    assert set(thalweg.__all__) - {"__version__"} == set(thalweg.notebook.__all__)
