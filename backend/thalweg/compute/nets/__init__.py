"""Small neural networks, trained with the optimizer catalog, in float32.

One module per job:

* ``datasets``     seeded toy data sets with a train/test split
* ``activations``  name -> activation function (+ LaTeX), derivatives via jax.grad
* ``models``       two-parameter models, a single layer, MLPs; flat parameter layout
* ``losses``       per-example losses (MSE, BCE, cross-entropy, hinge) and L2
* ``objective``    model + loss + L2 as one function of the flat parameter vector
* ``training``     the jitted chunked ``lax.scan`` trainer (any catalog optimizer)
* ``decision``     the model's prediction over the data's bounding box
* ``slicing``      loss landscapes: planes (random/PCA/exact), interpolation, paths

Everything here is float32 and states it: importing ``thalweg.compute`` turns
on 64-bit mode for the 2-D surfaces, so an unstated dtype would be float64.
"""

import jax.numpy as jnp

DTYPE = jnp.float32
