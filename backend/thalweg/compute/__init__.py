"""Pure JAX + optax: surfaces, optimizers, trajectories, landscapes, networks.

Nothing here imports FastAPI or pydantic. Surfaces are computed in float64, so
64-bit mode is switched on the moment this package is imported; networks state
their own dtype (float32) explicitly.
"""

import jax

jax.config.update("jax_enable_x64", True)
