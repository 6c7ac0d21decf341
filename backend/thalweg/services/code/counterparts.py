"""Each Thalweg optimizer as the framework's own: torch.optim, optax, keras.optimizers.

An entry builds the constructor call for a run's hyperparameters and says,
in a comment the script carries, where the framework's rule differs from
Thalweg's (docs/optimizers.md); ``None`` means the framework has no such
optimizer, and the script leaves the run out with a comment. Thalweg's
optimizers follow torch.optim's conventions (tested against torch 2.13), and
are optax transformations, so the optax calls below marked ``exact`` are the
very transformations the engine runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Counterpart:
    code: str  # a Python expression; torch's takes the parameter list ``params``
    note: str = ""  # where it differs from Thalweg; empty: it computes the same steps
    exact: bool = True  # False: not expected to reproduce Thalweg's path


H = Mapping[str, float]


def call(name: str, *args: str, **kwargs: float | bool | str) -> str:
    """``name(arg, key=value, …)`` with numbers in their round-trip repr."""
    parts = [*args, *(f"{k}={_value(v)}" for k, v in kwargs.items())]
    return f"{name}({', '.join(parts)})"


def _value(v: float | bool | str) -> str:
    if isinstance(v, bool | str | int):
        return str(v)
    return repr(float(v))


def _l2_optax(h: H, rule: str) -> str:
    """torch's coupled weight decay g ← g + λw, before the rule."""
    if not h.get("weight_decay"):
        return rule
    decay = call("optax.add_decayed_weights", _value(h["weight_decay"]))
    return f"optax.chain({decay}, {rule})"


def _optax(h: H, name: str) -> Counterpart | None:
    b = {"b1": h.get("beta1"), "b2": h.get("beta2"), "eps": h.get("eps")}
    lr = _value(h.get("lr", 0.0))
    rules: dict[str, Callable[[], Counterpart | None]] = {
        "gd": lambda: Counterpart(_l2_optax(h, call("optax.sgd", lr))),
        "momentum": lambda: Counterpart(
            _l2_optax(h, call("optax.sgd", lr, momentum=h["momentum"])),
            "optax's momentum has no dampening; Thalweg's (torch's) τ = "
            f"{h['dampening']:g} scales the gradient by 1 − τ from step 2 on"
            if h["dampening"]
            else "",
            exact=not h["dampening"],
        ),
        "nesterov": lambda: Counterpart(
            _l2_optax(h, call("optax.sgd", lr, momentum=h["momentum"], nesterov=True))
        ),
        "adagrad": lambda: Counterpart(
            _l2_optax(
                h,
                call(
                    "optax.adagrad",
                    lr,
                    initial_accumulator_value=h["initial_accumulator_value"],
                    eps=h["eps"],
                ),
            ),
            "optax's Adagrad puts ε inside the square root; Thalweg (as torch) adds it after"
            + (
                ", and decays η as η/(1 + (t−1)·lr_decay), which optax leaves out"
                if h["lr_decay"]
                else ""
            ),
            exact=False,
        ),
        "rmsprop": lambda: Counterpart(
            _l2_optax(
                h,
                call(
                    "optax.rmsprop",
                    lr,
                    decay=h["alpha"],
                    eps=h["eps"],
                    eps_in_sqrt=False,
                    centered=bool(h["centered"]),
                    momentum=h["momentum"],
                ),
            )
        ),
        "adadelta": lambda: Counterpart(
            _l2_optax(h, call("optax.adadelta", lr, rho=h["rho"], eps=h["eps"]))
        ),
        "adam": lambda: Counterpart(_l2_optax(h, call("optax.adam", lr, **b))),
        "adamw": lambda: Counterpart(call("optax.adamw", lr, **b, weight_decay=h["weight_decay"])),
        "adamax": lambda: Counterpart(
            _l2_optax(h, call("optax.adamax", lr, **b)),
            "optax's Adamax adds ε after the maximum; Thalweg (as torch) takes max(β₂u, |g| + ε)",
            exact=False,
        ),
        "nadam": lambda: Counterpart(_l2_optax(h, call("optax.nadam", lr, **b))),
        "amsgrad": lambda: Counterpart(
            _l2_optax(h, call("optax.amsgrad", lr, **b)),
            "optax's AMSGrad keeps the max of the bias-corrected v̂; Thalweg (as torch) keeps"
            " the max of v and corrects after",
            exact=False,
        ),
        "radam": lambda: Counterpart(_l2_optax(h, call("optax.radam", lr, **b))),
        "lion": lambda: Counterpart(
            call("optax.lion", lr, b1=h["beta1"], b2=h["beta2"], weight_decay=h["weight_decay"])
        ),
        "armijo": lambda: Counterpart(
            "optax.chain(optax.scale(-1.0), "
            + call(
                "optax.scale_by_backtracking_linesearch",
                max_backtracking_steps=int(h["max_backtracking"]),
                slope_rtol=h["c1"],
                decrease_factor=h["beta"],
                increase_factor="math.inf",
                max_learning_rate=h["lr"],
            )
            + ")"
        ),
        "lbfgs": lambda: Counterpart(call("optax.lbfgs", memory_size=int(h["memory_size"]))),
    }
    rule = rules.get(name)
    return rule() if rule else None


def _torch(h: H, name: str) -> Counterpart | None:
    adam = {"lr": h.get("lr"), "betas": f"({h.get('beta1')!r}, {h.get('beta2')!r})"}
    adam |= {"eps": h.get("eps"), "weight_decay": h.get("weight_decay")}
    sgd = {"lr": h.get("lr"), "weight_decay": h.get("weight_decay")}
    rules: dict[str, Callable[[], Counterpart]] = {
        "gd": lambda: Counterpart(call("torch.optim.SGD", "params", **sgd)),
        "momentum": lambda: Counterpart(
            call(
                "torch.optim.SGD", "params", **sgd, momentum=h["momentum"], dampening=h["dampening"]
            )
        ),
        "nesterov": lambda: Counterpart(
            call("torch.optim.SGD", "params", **sgd, momentum=h["momentum"], nesterov=True)
        ),
        "adagrad": lambda: Counterpart(
            call(
                "torch.optim.Adagrad",
                "params",
                lr=h["lr"],
                lr_decay=h["lr_decay"],
                weight_decay=h["weight_decay"],
                initial_accumulator_value=h["initial_accumulator_value"],
                eps=h["eps"],
            )
        ),
        "rmsprop": lambda: Counterpart(
            call(
                "torch.optim.RMSprop",
                "params",
                lr=h["lr"],
                alpha=h["alpha"],
                eps=h["eps"],
                weight_decay=h["weight_decay"],
                momentum=h["momentum"],
                centered=bool(h["centered"]),
            )
        ),
        "adadelta": lambda: Counterpart(
            call(
                "torch.optim.Adadelta",
                "params",
                lr=h["lr"],
                rho=h["rho"],
                eps=h["eps"],
                weight_decay=h["weight_decay"],
            )
        ),
        "adam": lambda: Counterpart(call("torch.optim.Adam", "params", **adam)),
        "adamw": lambda: Counterpart(call("torch.optim.AdamW", "params", **adam)),
        "adamax": lambda: Counterpart(call("torch.optim.Adamax", "params", **adam)),
        "nadam": lambda: Counterpart(
            call("torch.optim.NAdam", "params", **adam),
            "torch's NAdam decays μ_t = β₁(1 − ½·0.96^(t·momentum_decay)); Thalweg (optax)"
            " keeps β₁: the paths differ from step 1",
            exact=False,
        ),
        "amsgrad": lambda: Counterpart(call("torch.optim.Adam", "params", **adam, amsgrad=True)),
        "radam": lambda: Counterpart(call("torch.optim.RAdam", "params", **adam)),
    }
    rule = rules.get(name)
    return rule() if rule else None


def _keras(h: H, name: str) -> Counterpart | None:
    adam = {"learning_rate": h.get("lr"), "beta_1": h.get("beta1"), "beta_2": h.get("beta2")}
    adam |= {"epsilon": h.get("eps")}
    epsilon_hat = (
        "Keras adds ε to √v before the bias correction (Kingma & Ba's ε̂), torch and Thalweg"
        " after: the steps differ slightly while √v̂ is near ε"
    )
    coupled = (
        "; Keras's weight_decay is decoupled (w ← w − ηλw), Thalweg's (torch's) adds λw to"
        " the gradient, so it is left out here"
        if h.get("weight_decay")
        else ""
    )
    rules: dict[str, Callable[[], Counterpart]] = {
        "gd": lambda: Counterpart(
            call("keras.optimizers.SGD", learning_rate=h["lr"]),
            coupled[2:],
            exact=not coupled,
        ),
        "momentum": lambda: Counterpart(
            call("keras.optimizers.SGD", learning_rate=h["lr"], momentum=h["momentum"]),
            ("Keras's momentum has no dampening" if h["dampening"] else "") + coupled,
            exact=not (h["dampening"] or coupled),
        ),
        "nesterov": lambda: Counterpart(
            call(
                "keras.optimizers.SGD", learning_rate=h["lr"], momentum=h["momentum"], nesterov=True
            ),
            coupled[2:],
            exact=not coupled,
        ),
        "adagrad": lambda: Counterpart(
            call(
                "keras.optimizers.Adagrad",
                learning_rate=h["lr"],
                initial_accumulator_value=h["initial_accumulator_value"],
                epsilon=h["eps"],
            ),
            "Keras's Adagrad puts ε inside the square root; Thalweg (as torch) adds it after"
            + coupled,
            exact=False,
        ),
        "rmsprop": lambda: Counterpart(
            call(
                "keras.optimizers.RMSprop",
                learning_rate=h["lr"],
                rho=h["alpha"],
                momentum=h["momentum"],
                epsilon=h["eps"],
                centered=bool(h["centered"]),
            ),
            "Keras's RMSprop puts ε inside the square root; Thalweg (as torch) adds it after"
            + coupled,
            exact=False,
        ),
        "adadelta": lambda: Counterpart(
            call(
                "keras.optimizers.Adadelta", learning_rate=h["lr"], rho=h["rho"], epsilon=h["eps"]
            ),
            coupled[2:],
            exact=not coupled,
        ),
        "adam": lambda: Counterpart(
            call("keras.optimizers.Adam", **adam), epsilon_hat + coupled, exact=False
        ),
        "adamw": lambda: Counterpart(
            call("keras.optimizers.AdamW", **adam, weight_decay=h["weight_decay"]),
            epsilon_hat,
            exact=False,
        ),
        "adamax": lambda: Counterpart(
            call("keras.optimizers.Adamax", **adam),
            "Keras's Adamax adds ε after the maximum; Thalweg (as torch) inside it" + coupled,
            exact=False,
        ),
        "nadam": lambda: Counterpart(
            call("keras.optimizers.Nadam", **adam),
            "Keras's Nadam decays μ_t as torch's; Thalweg (optax) keeps β₁" + coupled,
            exact=False,
        ),
        "amsgrad": lambda: Counterpart(
            call("keras.optimizers.Adam", **adam, amsgrad=True),
            epsilon_hat + coupled,
            exact=False,
        ),
        "lion": lambda: Counterpart(
            call(
                "keras.optimizers.Lion", learning_rate=h["lr"], beta_1=h["beta1"], beta_2=h["beta2"]
            ),
            coupled[2:],
            exact=not coupled,
        ),
        "ftrl": lambda: Counterpart(
            call(
                "keras.optimizers.Ftrl",
                learning_rate=h["lr"],
                learning_rate_power=h["learning_rate_power"],
                initial_accumulator_value=h["initial_accumulator_value"],
                l1_regularization_strength=h["l1"],
                l2_regularization_strength=h["l2"],
                l2_shrinkage_regularization_strength=h["l2_shrinkage"],
                beta=h["beta"],
            )
        ),
    }
    rule = rules.get(name)
    return rule() if rule else None


COUNTERPARTS: dict[str, Callable[[H, str], Counterpart | None]] = {
    "jax": _optax,
    "torch": _torch,
    "keras": _keras,
}
LIBRARY = {"jax": "optax", "torch": "torch.optim", "keras": "keras.optimizers"}


def counterpart(framework: str, optimizer: str, hyperparameters: H) -> Counterpart | None:
    """The framework's optimizer for a run, or None if it has none."""
    return COUNTERPARTS[framework](hyperparameters, optimizer)
