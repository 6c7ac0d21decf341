"""The persistent compilation cache stays under its cap: JAX evicts the oldest entries."""

import subprocess
import sys
import textwrap

CAP = 40_000  # bytes: uncapped, these 40 programs take ~120 kB


def test_the_cache_directory_stays_under_its_cap(tmp_path):
    # A process of its own: the cache settings are global to JAX's process.
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        import jax, jax.numpy as jnp
        from thalweg.compute.cache import enable_persistent_cache
        enable_persistent_cache(Path({str(tmp_path)!r}), {CAP})
        for k in range(40):  # 40 distinct programs, far more than fit
            f = jax.jit(lambda x, k=k: jnp.sin(x) * k + jnp.cos(x) ** (k % 5))
            f(jnp.ones(8)).block_until_ready()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)
    entries = [p for p in tmp_path.iterdir() if p.name.endswith("-cache")]
    stored = sum(p.stat().st_size for p in entries)
    assert len(entries) >= 2, "nothing was cached: the test shows nothing"
    assert stored <= CAP, f"{len(entries)} entries, {stored} bytes over the cap of {CAP}"
