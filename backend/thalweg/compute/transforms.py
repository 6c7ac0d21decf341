"""Optax-style transforms for the conventions optax does not provide.

Each follows optax's recipe: a ``NamedTuple`` state with commented fields and a
factory returning ``GradientTransformation(init_fn, update_fn)``. They exist
because optax's built-ins differ from ``torch.optim`` (the reference the course
and our tests use) in small but visible ways:

* optax's ``trace`` has no ``dampening``, and its first step damps the gradient
  that torch copies unchanged;
* optax's ``scale_by_rss`` (Adagrad) puts ``eps`` inside the square root;
* optax's ``scale_by_amsgrad`` keeps the maximum of the bias-*corrected* second
  moment, torch the maximum of the raw one;
* optax's ``scale_by_adamax`` adds ``eps`` after the maximum, torch inside it;
* optax has no FTRL (Keras's ``Ftrl``), no damped Newton step, no sign flip
  for gradient descent–ascent and no alternating descent–ascent.

All states hold arrays only, so every hyperparameter can be a traced array.
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp
import optax

Scalar = jax.typing.ArrayLike


class TorchMomentumState(NamedTuple):
    momentum_buffer: optax.Updates  # b_t, torch's ``momentum_buffer``
    count: jax.Array  # steps taken, to copy g_1 into b_1 as torch does


def scale_by_torch_momentum(
    momentum: Scalar, dampening: Scalar, nesterov: bool
) -> optax.GradientTransformation:
    r"""Heavy-ball or Nesterov momentum with torch.optim.SGD's conventions.

    .. math::
        b_1 = g_1,\quad b_t = \mu b_{t-1} + (1 - \tau) g_t,\qquad
        d_t = g_t + \mu b_t \text{ (Nesterov) or } b_t

    With ``momentum = 0`` this is the identity (plain gradient descent).
    Reference: Polyak 1964; Sutskever et al. 2013 (the Nesterov form).
    """

    def init_fn(params):
        return TorchMomentumState(optax.tree.zeros_like(params), jnp.zeros([], jnp.int32))

    def update_fn(updates, state, params=None):
        del params
        # b_1 = g_1 written as arithmetic, not jnp.where: selects slow the
        # compiled loop down (see compute/trajectory.py).
        first = (state.count == 0).astype(jnp.result_type(float))
        buffer = jax.tree.map(
            lambda g, b: first * g + (1 - first) * (momentum * b + (1 - dampening) * g),
            updates,
            state.momentum_buffer,
        )
        if nesterov:
            direction = jax.tree.map(lambda g, b: g + momentum * b, updates, buffer)
        else:
            direction = buffer
        return direction, TorchMomentumState(buffer, state.count + 1)

    return optax.GradientTransformation(init_fn, update_fn)


class TorchAdagradState(NamedTuple):
    sum_of_squares: optax.Updates  # G_t = G_0 + Σ g_i²


def scale_by_torch_adagrad(
    initial_accumulator_value: Scalar, eps: Scalar
) -> optax.GradientTransformation:
    r"""Adagrad's scaling with eps outside the root, as torch.optim.Adagrad.

    .. math:: G_t = G_{t-1} + g_t^2,\qquad d_t = g_t / (\sqrt{G_t} + \epsilon)

    Reference: Duchi, Hazan & Singer 2011.
    """

    def init_fn(params):
        return TorchAdagradState(
            jax.tree.map(lambda p: jnp.full_like(p, initial_accumulator_value), params)
        )

    def update_fn(updates, state, params=None):
        del params
        total = jax.tree.map(lambda s, g: s + g * g, state.sum_of_squares, updates)
        scaled = jax.tree.map(lambda g, s: g / (jnp.sqrt(s) + eps), updates, total)
        return scaled, TorchAdagradState(total)

    return optax.GradientTransformation(init_fn, update_fn)


class TorchAdamVariantState(NamedTuple):
    count: jax.Array  # t
    mu: optax.Updates  # first moment m_t
    nu: optax.Updates  # AMSGrad: max of raw v_t so far; Adamax: u_t


def _bias_correction(beta: Scalar, count: jax.Array) -> jax.Array:
    return 1 - beta**count


class TorchAmsgradState(NamedTuple):
    count: jax.Array  # t
    mu: optax.Updates  # first moment m_t
    nu: optax.Updates  # running maximum of the raw second moment
    nu_raw: optax.Updates  # raw second moment v_t


def scale_by_torch_amsgrad(b1: Scalar, b2: Scalar, eps: Scalar) -> optax.GradientTransformation:
    r"""AMSGrad as torch.optim.Adam(amsgrad=True): the max of the raw v_t.

    .. math::
        \hat v^{\max}_t = \max(\hat v^{\max}_{t-1}, v_t),\qquad
        d_t = \frac{m_t / (1 - \beta_1^t)}{\sqrt{\hat v^{\max}_t / (1-\beta_2^t)} + \epsilon}

    ``nu`` holds the running maximum; the raw v_t lives in ``nu_raw``.
    Reference: Reddi, Kale & Kumar 2018.
    """

    def init_fn(params):
        zeros = optax.tree.zeros_like(params)
        return TorchAmsgradState(jnp.zeros([], jnp.int32), zeros, zeros, zeros)

    def update_fn(updates, state, params=None):
        del params
        count = state.count + 1
        mu = optax.tree.update_moment(updates, state.mu, b1, 1)
        nu_raw = optax.tree.update_moment_per_elem_norm(updates, state.nu_raw, b2, 2)
        nu_max = jax.tree.map(jnp.maximum, state.nu, nu_raw)
        bc1, bc2 = _bias_correction(b1, count), _bias_correction(b2, count)
        scaled = jax.tree.map(lambda m, v: (m / bc1) / (jnp.sqrt(v / bc2) + eps), mu, nu_max)
        return scaled, TorchAmsgradState(count, mu, nu_max, nu_raw)

    return optax.GradientTransformation(init_fn, update_fn)


def scale_by_torch_adamax(b1: Scalar, b2: Scalar, eps: Scalar) -> optax.GradientTransformation:
    r"""Adamax as torch.optim.Adamax: eps inside the infinity-norm maximum.

    .. math::
        u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon),\qquad
        d_t = \frac{m_t}{(1 - \beta_1^t)\, u_t}

    Reference: Kingma & Ba 2015, section 7.
    """

    def init_fn(params):
        zeros = optax.tree.zeros_like(params)
        return TorchAdamVariantState(jnp.zeros([], jnp.int32), zeros, zeros)

    def update_fn(updates, state, params=None):
        del params
        count = state.count + 1
        mu = optax.tree.update_moment(updates, state.mu, b1, 1)
        nu = jax.tree.map(lambda u, g: jnp.maximum(b2 * u, jnp.abs(g) + eps), state.nu, updates)
        bc1 = _bias_correction(b1, count)
        scaled = jax.tree.map(lambda m, u: m / (bc1 * u), mu, nu)
        return scaled, TorchAdamVariantState(count, mu, nu)

    return optax.GradientTransformation(init_fn, update_fn)


class FtrlState(NamedTuple):
    accumulator: optax.Updates  # n_t = n_0 + Σ g_i²
    linear: optax.Updates  # z_t, the FTRL linear term


def ftrl(
    learning_rate: Scalar,
    learning_rate_power: Scalar,
    initial_accumulator_value: Scalar,
    l1: Scalar,
    l2: Scalar,
    l2_shrinkage: Scalar,
    beta: Scalar,
) -> optax.GradientTransformation:
    r"""FTRL-Proximal with Keras's ``Ftrl`` conventions (returns the full update).

    .. math::
        n_t = n_{t-1} + g_t^2,\quad
        z_t = z_{t-1} + \tilde g_t - \frac{n_t^{-p} - n_{t-1}^{-p}}{\eta} w_t,\quad
        w_{t+1} = \frac{\operatorname{clip}(z_t, -\ell_1, \ell_1) - z_t}
                       {n_t^{-p}/\eta + 2(\ell_2 + \beta / 2\eta)}

    with :math:`\tilde g_t = g_t + 2\ell_2^{\text{shrink}} w_t` and p the
    ``learning_rate_power`` (−½). Reference: McMahan et al. 2013, "Ad Click
    Prediction: a View from the Trenches"; keras.optimizers.Ftrl.
    """

    def init_fn(params):
        return FtrlState(
            jax.tree.map(lambda p: jnp.full_like(p, initial_accumulator_value), params),
            optax.tree.zeros_like(params),
        )

    def update_fn(updates, state, params):
        l2_total = l2 + beta / (2 * learning_rate)

        power = -learning_rate_power
        n_new = jax.tree.map(lambda n, g: n + g * g, state.accumulator, updates)
        z_new = jax.tree.map(
            lambda z, g, w, n, nn: (
                z + (g + 2 * l2_shrinkage * w) - (nn**power - n**power) / learning_rate * w
            ),
            state.linear,
            updates,
            params,
            state.accumulator,
            n_new,
        )
        delta = jax.tree.map(
            lambda z, nn, w: (
                (jnp.clip(z, -l1, l1) - z) / (nn**power / learning_rate + 2 * l2_total) - w
            ),
            z_new,
            n_new,
            params,
        )
        return delta, FtrlState(n_new, z_new)

    return optax.GradientTransformation(init_fn, update_fn)


class EmptyState(NamedTuple):
    pass


def damped_newton(learning_rate: Scalar, damping: Scalar) -> optax.GradientTransformationExtraArgs:
    r"""Damped Newton step; needs the ``value_fn`` extra argument for the Hessian.

    .. math:: \Delta w = -\eta\,(\nabla^2 f(w) + \lambda I)^{-1} \nabla f(w)

    Params must be a single 1-D array (the 2-D point). On a non-convex surface
    an indefinite Hessian sends Newton towards saddles and maxima: that is the
    lesson, not a bug. Reference: Nocedal & Wright, Numerical Optimization,
    ch. 3.4 (Hessian modification).
    """

    def init_fn(params):
        del params
        return EmptyState()

    def update_fn(updates, state, params, *, value_fn, **extra):
        del extra
        hessian = jax.hessian(value_fn)(params)
        system = hessian + damping * jnp.eye(params.shape[0], dtype=params.dtype)
        return -learning_rate * jnp.linalg.solve(system, updates), state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)


def flip_ascent_coordinates(ascent_mask: jax.Array) -> optax.GradientTransformation:
    r"""Negate the gradient on the maximising player's coordinates.

    For a min–max game :math:`\min_x \max_y f(x, y)`, descending on
    :math:`(\partial_x f, -\partial_y f)` is gradient descent–ascent, the
    simultaneous update GAN training uses. Reference: Goodfellow et al. 2014;
    Mescheder, Geiger & Nowozin 2018 ("Which training methods for GANs do
    actually converge?").
    """

    def init_fn(params):
        del params
        return EmptyState()

    def update_fn(updates, state, params=None):
        del params
        return jnp.where(ascent_mask, -updates, updates), state

    return optax.GradientTransformation(init_fn, update_fn)


def alternating_gradient_descent_ascent(
    learning_rate: Scalar,
) -> optax.GradientTransformationExtraArgs:
    r"""Alternating GDA on min_x max_y f: y ascends first, x descends from the new y.

    .. math::
        y_{t+1} = y_t + \eta\,\partial_y f(x_t, y_t),\qquad
        x_{t+1} = x_t - \eta\,\partial_x f(x_t, y_{t+1})

    The discriminator (y) moves first, the generator (x) answers it, as in GAN
    training with one step each. The second gradient is taken at the new
    point, so the update needs the ``value_fn`` extra argument (as Newton
    does); ``updates`` supplies ∂_y f(x_t, y_t). Gradient noise therefore
    reaches only the y step. Params must be the 2-D point (x, y). On the Dirac
    GAN without penalty the iterates cycle around the equilibrium instead of
    spiralling out as simultaneous GDA does. Reference: Mescheder, Geiger &
    Nowozin 2018, "Which training methods for GANs do actually converge?",
    ICML (alternating gradient descent on the Dirac-GAN); Gidel et al. 2019,
    "Negative momentum for improved game dynamics", AISTATS (alternating
    updates on bilinear games stay bounded).
    """

    def init_fn(params):
        del params
        return EmptyState()

    def update_fn(updates, state, params, *, value_fn, **extra):
        del extra
        ascent = learning_rate * updates[1]
        answered = params.at[1].add(ascent)
        descent = -learning_rate * jax.grad(value_fn)(answered)[0]
        return jnp.stack([descent, ascent]), state

    return optax.GradientTransformationExtraArgs(init_fn, update_fn)
