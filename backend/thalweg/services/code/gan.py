"""A Generative (GAN) scene -> a training script in the slides' shape (torch, Keras or JAX).

The script holds a generator and a discriminator (``nn.Module`` /
``keras.Sequential`` / JAX functions) with the scene's sizes and activation,
Thalweg's initial weights, the real points Thalweg drew, the scene's loss
(minimax, non-saturating, least squares or Wasserstein: ℓ_r, ℓ_f, ℓ_g of
``compute/gan/players.py``) and penalty (R1 or the gradient penalty), each
player's optimizer from the framework (``counterparts.py``), k_D, k_G, batch
size, seed and iterations, in Thalweg's loop (``compute/gan/training.py``).

The batches: iteration k, step i of a player (0: D, 1: G) draws from the key
fold_in(fold_in(key(seed), k), 2i + player) its real rows, noise z and ε
(``training.draw``). The JAX script draws them so, key for key, and prints
Thalweg's losses (float32; tests/services/code/test_generative.py). torch and Keras
have other generators: their scripts embed Thalweg's draws of the first
iterations (all of them when they fit ``max_code_draws`` numbers), so those
iterations' losses are Thalweg's (tests/reference/check_code_generative.py),
and draw their own after, which the script's docstring says.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.gan.training import draw, iteration_key, player_step_key
from thalweg.config import get_settings
from thalweg.schemas_gan import CUSTOM, GanRequest
from thalweg.services import gan
from thalweg.services.code.models import (
    IMPORTS,
    f32,
    jax_activation,
    layers,
    optimizer_factory,
    shape,
    template,
    unsupported_activation,
    weights_literal,
)
from thalweg.services.errors import UnprocessableError

SHOWN = 100  # snapshot noise vectors whose G(z) the script prints
DRAW_CHUNK = 32  # player steps drawn per call
KERAS_JAX = "import jax  # Keras's backend: the gradients come from jax.value_and_grad\n"
IDENTITY = "(lambda h: h)"  # the JAX mlp's activation between linear layers
REAL_ARRAY = {
    "torch": "REAL_T = torch.tensor(REAL)",
    "keras": 'REAL_K = np.asarray(REAL, "float32")',
}
SOFTPLUS = {
    "torch": "nn.functional.softplus",
    "jax": "jax.nn.softplus",
    "keras": "keras.ops.softplus",
}
# ℓ_r, ℓ_f, ℓ_g of players.LOSSES on a score s ({sp}: the framework's softplus).
LOSS_CODE = {
    "minimax": ("{sp}(-s)", "{sp}(s)", "-{sp}(s)"),
    "non_saturating": ("{sp}(-s)", "{sp}(s)", "{sp}(-s)"),
    "least_squares": ("0.5 * (s - 1) ** 2", "0.5 * s**2", "0.5 * (s - 1) ** 2"),
    "wasserstein": ("-s", "s", "-s"),
}
PENALTY_DOC = {
    "r1": "R1 (Mescheder et al. 2018, eq. 9): ½·mean ‖∇ₓ s(x)‖² on the real rows",
    "gp": "the gradient penalty (Gulrajani et al. 2017): mean (‖∇ₓ s(x̂)‖ − 1)²,\n"
    "      x̂ = εx_real + (1 − ε)G(z), ε ~ U(0, 1)",
}
# The penalty's ‖∇ₓ s‖² per row (torch: autograd on x; JAX and Keras: jax.grad).
PENALTY_POINTS = {
    "r1": "real",
    "gp": "eps[:, None] * real + (1 - eps[:, None]) * fake",
}
PENALTY_VALUE = {
    "r1": "0.5 * {ops}.mean({ops}.sum(g**2, axis=1))",
    "gp": "{ops}.mean(({ops}.sqrt({ops}.sum(g**2, axis=1) + 1e-12) - 1) ** 2)",
}
# + 1e-12 under the root, as Thalweg: the norm's gradient at g = 0 stays finite.
PENALTY_NOTE = {"r1": "", "gp": "# + 1e-12 as Thalweg: the norm's gradient at g = 0 is finite\n"}


def _penalty(kind: str, framework: str) -> tuple[str, str]:
    """(the ``penalty`` function, what D's loss adds), both empty for no penalty."""
    if kind == "none":
        return "", ""
    name = PENALTY_DOC[kind].split(":")[0]
    doc = f'"""{name[0].upper()}{name[1:]}."""'
    points = PENALTY_POINTS[kind]
    if framework == "torch":
        value = PENALTY_VALUE[kind].format(ops="torch").replace("axis=", "dim=")
        lines = [
            f"x = {f'({points})' if ' ' in points else points}.detach().requires_grad_(True)",
            "(g,) = torch.autograd.grad(D(x).sum(), x, create_graph=True)",
            *PENALTY_NOTE[kind].splitlines(),
            f"return {value}",
        ]
        body = "".join(f"    {line}\n" for line in lines)
        return f"\n\ndef penalty(D, real, fake, eps):\n    {doc}\n{body}", (
            "\n            loss = loss + PENALTY_WEIGHT * penalty(D, real, fake, eps)"
        )
    ops, params = ("jnp", "params_d") if framework == "jax" else ("keras.ops", "d_vars")
    body = (
        f"x = {points}\n"
        f"g = jax.grad(lambda x: {ops}.sum(score({params}, x)))(x)\n"
        f"{PENALTY_NOTE[kind]}return {PENALTY_VALUE[kind].format(ops=ops)}\n"
    )
    indent = "    " if framework == "jax" else "        "
    head = f"def penalty({params}, real, fake, eps):\n{indent}{doc}\n"
    lines = "".join(f"{indent}{line}\n" for line in body.splitlines())
    text = f"\n\n{head}{lines}" if framework == "jax" else f"\n    {head}{lines}"
    return text, f" + PENALTY_WEIGHT * penalty({params}, real, fake, eps)"


@functools.partial(jax.jit, static_argnums=(4, 5))
def _thalwegs_draws(seed, steps, counts, players, rows: int, noise_dim: int, samples):
    """Thalweg's draws (row indices (n, rows), z (n, rows, d), ε (n, rows)) of n player
    steps: step ``counts[j]`` of player ``players[j]`` in iteration ``steps[j]``."""

    def one(step, i, player):
        key = player_step_key(iteration_key(seed, step), i, player)
        return draw(key, rows, samples, noise_dim)

    return jax.vmap(one)(steps, counts, players)


def embedded_iterations(request: GanRequest) -> int:
    """How many iterations' draws a torch or Keras script embeds: all that fit
    ``max_code_draws`` numbers, at least the first."""
    b, d = request.batch_size, request.generator.noise_dim
    per_d = b + b * d + (b if request.penalty.kind == "gp" else 0)
    per_iteration = request.k_discriminator * per_d + request.k_generator * b * d
    fit = get_settings().max_code_draws // max(1, per_iteration)
    return min(request.steps, max(1, fit))


def draws(plan: gan.Plan) -> list:
    """Per embedded iteration ([(rows, z, ε or None) per D step], [z per G step])."""
    request = plan.request
    count = embedded_iterations(request)
    b, k_d, k_g = request.batch_size, request.k_discriminator, request.k_generator
    # Drawn DRAW_CHUNK player steps per call: one compiled program per padded batch
    # and noise size, whatever the number of steps (as networks.py's batch orders).
    steps = np.repeat(np.arange(count), k_d + k_g)
    counts = np.tile([*range(k_d), *range(k_g)], count)
    players = np.tile([0] * k_d + [1] * k_g, count)
    padded = -(-len(steps) // DRAW_CHUNK) * DRAW_CHUNK
    columns = [np.pad(a, (0, padded - len(a))).astype(np.int32) for a in (steps, counts, players)]
    parts = [
        _thalwegs_draws(
            plan.inputs.seeds[0],
            *(jnp.asarray(c[first : first + DRAW_CHUNK]) for c in columns),
            plan.trainer.config.batch_rows,
            request.generator.noise_dim,
            plan.inputs.samples,
        )
        for first in range(0, padded, DRAW_CHUNK)
    ]
    index, z, eps = (np.concatenate([np.asarray(p[j]) for p in parts]) for j in range(3))
    shape = (count, k_d + k_g, -1)
    index = np.asarray(index)[: len(steps), :b].reshape(shape)
    z = np.asarray(z)[: len(steps), :b].reshape((*shape[:2], b, -1))
    eps = np.asarray(eps)[: len(steps), :b].reshape(shape)
    gp = request.penalty.kind == "gp"
    out = []
    for k in range(count):
        d_steps = [
            f"({index[k, i].tolist()}, {f32(z[k, i])}, {f32(eps[k, i]) if gp else None})"
            for i in range(k_d)
        ]
        g_steps = [f32(z[k, k_d + i]) for i in range(k_g)]
        out.append(f"([{', '.join(d_steps)}], [{', '.join(g_steps)}])")
    return out


def _supported(plan: gan.Plan, framework: str) -> None:
    config = plan.trainer.config
    problems = []
    for who, player in (("generator", config.generator), ("discriminator", config.discriminator)):
        if problem := unsupported_activation(player.model):
            problems.append(f"the {who}'s {problem}")
        if player.noisy:
            problems.append(f"the {who}'s gradient noise")
    if problems:
        raise UnprocessableError(f"no {framework} script yet for: {'; '.join(problems)}")


def _data_doc(request: GanRequest) -> str:
    data = request.data
    if data.name == CUSTOM:
        return "the scene's own points"
    noise = "the default noise" if data.noise is None else f"noise {data.noise:g}"
    modes = f", {data.modes} modes" if data.modes else ""
    return f"{data.name} ({noise}{modes}, data seed {data.seed})"


def gan_script(request: GanRequest, query: str, framework: str) -> str:
    """The training script of the GAN scene ``request`` (its link's ``query``)."""
    plan = gan.prepare(request)
    _supported(plan, framework)
    config = plan.trainer.config
    g_spec, d_spec = config.generator.model, config.discriminator.model
    loss = LOSS_CODE[request.loss]
    penalty, d_penalty = _penalty(request.penalty.kind, framework)
    embedded = embedded_iterations(request) if framework != "jax" else 0
    optimizers = request.optimizers
    fields = {
        "title": f"{request.data.name}: Thalweg's GAN training in {framework}",
        "framework": framework,
        "link": f"/generative.html?{query}",
        "filename": f"thalweg_{framework}.py",
        "imports": IMPORTS[framework] + KERAS_JAX * (framework == "keras"),
        "data_doc": _data_doc(request),
        "samples": str(len(plan.real)),
        "noise_dim": str(request.generator.noise_dim),
        "g_shape": shape(g_spec),
        "d_shape": shape(d_spec),
        "d_read": ", read as a logit: D(x) = σ(s(x))"
        if request.loss in ("minimax", "non_saturating")
        else "",
        "seed": str(request.seed),
        "loss": request.loss,
        "penalty_doc": f"\n    + {request.penalty.weight:g}·{PENALTY_DOC[request.penalty.kind]}"
        if request.penalty.kind != "none"
        else "",
        "draws_doc": _draws_doc(framework, embedded, request.steps),
        "steps": str(request.steps),
        "k_d": str(request.k_discriminator),
        "k_g": str(request.k_generator),
        "batch": str(request.batch_size),
        "penalty_weight": repr(float(request.penalty.weight)),
        "g_optimizer": optimizer_factory(
            framework, optimizers.generator.id, optimizers.generator.filled(), "make_g_optimizer"
        ),
        "d_optimizer": optimizer_factory(
            framework,
            optimizers.discriminator.id,
            optimizers.discriminator.filled(),
            "make_d_optimizer",
        ),
        "g_layers": layers(g_spec, framework, indent=12),
        "d_layers": layers(d_spec, framework, indent=12),
        "g_activation": jax_activation(g_spec) or IDENTITY,
        "d_activation": jax_activation(d_spec) or IDENTITY,
        "real_loss": loss[0].format(sp=SOFTPLUS[framework]),
        "fake_loss": loss[1].format(sp=SOFTPLUS[framework]),
        "generator_loss": loss[2].format(sp=SOFTPLUS[framework]),
        "penalty": penalty,
        "d_penalty": d_penalty,
    }
    data = [
        "\n\n# The scene's real points, Thalweg's initial weights and draws (float32).",
        f"REAL = {f32(plan.real)}",
        f"G_WEIGHTS = {weights_literal(g_spec, plan.theta_g)}  # (W (inputs, outputs), b)"
        " per layer",
        f"D_WEIGHTS = {weights_literal(d_spec, plan.theta_d)}",
        f"Z_SHOWN = {f32(plan.z[:SHOWN])}  # noise of Thalweg's snapshots: G(z) is printed",
    ]
    if framework != "jax":
        rows = ",\n    ".join(draws(plan))
        data.append(
            "# Per iteration: ([(real rows, z, ε or None) per D step], [z per G step]).\n"
            f"DRAWS = [\n    {rows},\n]"
        )
        data.append(REAL_ARRAY[framework])
    return "".join(
        [
            template("gan_head").substitute(fields),
            template(f"gan_{framework}").substitute(fields),
            "\n".join(data) + "\n",
            template("net_tail").template,
        ]
    )


def _draws_doc(framework: str, embedded: int, steps: int) -> str:
    if framework == "jax":
        return (
            "The batches are Thalweg's: each step draws its rows, z and ε from the key\n"
            "fold_in(fold_in(key(SEED), k), 2i + player) as Thalweg does (`draw`)."
        )
    library = "torch.Generator" if framework == "torch" else "numpy.random.Generator"
    if embedded >= steps:
        return "The batches are Thalweg's, embedded below (DRAWS) for every iteration."
    return (
        f"The first {embedded} iterations use Thalweg's batches, embedded below (DRAWS): their\n"
        f"losses are Thalweg's. From iteration {embedded} on the script draws its own with a\n"
        f"{library} seeded with SEED, so its losses then differ from Thalweg's\n"
        "(the JAX script draws Thalweg's batches for every iteration)."
    )
