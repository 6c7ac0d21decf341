"""2-D generative adversarial networks, trained live with the optimizer catalog.

One module per job:

* ``data``      seeded 2-D real distributions (line, Gaussian mixtures, spiral,
                moons, custom points) and their mode centres
* ``players``   the generator and discriminator MLPs (``compute/nets`` building
                blocks), the four losses, the R1 and gradient penalties, and which
                catalog optimizers a player may use
* ``training``  the jitted chunked ``lax.scan`` trainer: k_D discriminator steps
                then k_G generator steps per iteration, each player its own optimizer
* ``views``     what a snapshot shows: fakes, D over the plane and ∇ₓD, arrows on
                the fakes, the generator's manifold
* ``metrics``   energy distance, a grid JS estimate, mode coverage

Everything is float32 (``compute.nets.DTYPE``), as the networks.
"""
