"""A surface's value function written out as Python source in torch, JAX or Keras.

Why from the jaxpr: a catalog surface is a jax.numpy function, a typed
expression compiles to one, and so does a function given to the Python API.
Tracing any of them with ``jax.make_jaxpr`` gives one small program of
primitives (``mul``, ``integer_pow``, ``sin``, ``select_n`` …), and each
primitive has one spelling per framework (``PRIMITIVES``). So no surface's
formula is written twice: the export reads the very function the engine runs.

The program is printed as nested expressions in Python's precedence rules;
a value used more than once gets a name (``t1 = …``). Evaluation order is kept
(``a + (b + c)`` keeps its brackets), so the scripts compute what the engine
computes, up to the frameworks' own rounding. Calls to sub-programs (``jit``,
custom derivatives) are written inline; a custom derivative rule is not
carried over (the frameworks differentiate the inlined formula).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from thalweg.compute.trajectory import Objective


class FormulaError(ValueError):
    """The surface uses a primitive the export cannot write in that framework."""


@dataclass(frozen=True)
class Dialect:
    module: str  # prefix of array functions: "jnp", "torch", "keras.ops"
    sigmoid: str
    cbrt: str  # ∛a: jnp has it; torch and keras.ops do not
    wrap_literal: str = "{}"  # a number passed to a function (torch wants tensors there)


DIALECTS = {
    "jax": Dialect("jnp", "jax.nn.sigmoid", "jnp.cbrt({a})"),
    "torch": Dialect(
        "torch", "torch.sigmoid", "torch.sign({a}) * torch.abs({a}) ** (1 / 3)", "torch.tensor({})"
    ),
    "keras": Dialect(
        "keras.ops", "keras.ops.sigmoid", "keras.ops.sign({a}) * keras.ops.abs({a}) ** (1 / 3)"
    ),
}

# Python's binding strengths: comparisons bind more loosely than | and &.
ATOM, POWER, UNARY, PRODUCT, SUM, AND, OR, COMPARE = 100, 90, 80, 70, 60, 50, 45, 40
INFIX = {
    "add": ("+", SUM),
    "sub": ("-", SUM),
    "mul": ("*", PRODUCT),
    "div": ("/", PRODUCT),
    "pow": ("**", POWER),
    "gt": (">", COMPARE),
    "lt": ("<", COMPARE),
    "ge": (">=", COMPARE),
    "le": ("<=", COMPARE),
    "eq": ("==", COMPARE),
    "ne": ("!=", COMPARE),
    "and": ("&", AND),
    "or": ("|", OR),
}
# Same name in jnp, torch and keras.ops (torch has the numpy spellings as aliases).
SAME_NAME = ("sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "sign")
FUNCTIONS = {name: name for name in (*SAME_NAME, "log1p", "expm1")} | {
    "asin": "arcsin",
    "acos": "arccos",
    "atan": "arctan",
    "asinh": "arcsinh",
    "acosh": "arccosh",
    "atanh": "arctanh",
    "atan2": "arctan2",
    "max": "maximum",
    "min": "minimum",
}
IDENTITY = {"convert_element_type", "squeeze", "copy", "copy_p", "reduce_precision"}
SUBPROGRAMS = ("jaxpr", "call_jaxpr", "fun_jaxpr")


@dataclass
class _Printer:
    dialect: Dialect
    lines: list[str] = field(default_factory=list)
    names: int = 0

    def literal(self, value: Any) -> tuple[str, int]:
        v = np.asarray(value).item()
        if isinstance(v, bool):
            return repr(v), ATOM
        if isinstance(v, float) and not np.isfinite(v):  # e.g. hypot's inf; repr gives a bare name
            return f'float("{v}")', ATOM
        text = repr(float(v)) if not isinstance(v, int) else repr(v)
        return text, UNARY if text.startswith("-") else ATOM

    def program(self, jaxpr, consts, inputs: list[tuple[str, int]]) -> list[tuple[str, int]]:
        uses = Counter(v for e in jaxpr.eqns for v in e.invars if not _is_literal(v))
        uses.update(v for v in jaxpr.outvars if not _is_literal(v))
        env: dict[Any, tuple[str, int]] = {}
        for var, value in zip(jaxpr.constvars, consts, strict=True):
            if np.ndim(value):
                raise FormulaError("the surface closes over an array; write it with scalars")
            env[var] = self.literal(value)
        for var, expression in zip(jaxpr.invars, inputs, strict=True):
            env[var] = self.bind(expression, uses[var])

        def read(v):
            return self.literal(v.val) if _is_literal(v) else env[v]

        for eqn in jaxpr.eqns:
            args = [read(v) for v in eqn.invars]
            outs = self.equation(eqn, args)
            for var, expression in zip(eqn.outvars, outs, strict=True):
                env[var] = self.bind(expression, uses[var])
        return [read(v) for v in jaxpr.outvars]

    def bind(self, expression: tuple[str, int], uses: int) -> tuple[str, int]:
        """A value used twice or more gets a name, so it is computed once."""
        text, level = expression
        if uses < 2 or (level == ATOM and (text.isidentifier() or _is_number(text))):
            return expression
        self.names += 1
        name = f"t{self.names}"
        self.lines.append(f"{name} = {text}")
        return name, ATOM

    def equation(self, eqn, args: list[tuple[str, int]]) -> list[tuple[str, int]]:
        name = eqn.primitive.name
        for key in SUBPROGRAMS:
            sub = eqn.params.get(key)
            if sub is not None:
                closed = sub if hasattr(sub, "consts") else None
                inner = closed.jaxpr if closed is not None else sub
                return self.program(inner, closed.consts if closed else [], args)
        if name in IDENTITY:
            return [args[0]]
        return [self.operation(name, eqn.params, args)]

    def operation(self, name: str, params: dict, args: list[tuple[str, int]]) -> tuple[str, int]:
        d = self.dialect
        if name in INFIX:
            symbol, level = INFIX[name]
            left, right = args
            if level == POWER:  # right-associative; the base must be an atom
                return f"{_wrap(left, POWER + 1)} ** {_wrap(right, UNARY)}", POWER
            # The right operand keeps its brackets at equal level: float + is not associative.
            return f"{_wrap(left, level)} {symbol} {_wrap(right, level + 1)}", level
        if name == "integer_pow":
            return f"{_wrap(args[0], POWER + 1)} ** {params['y']}", POWER
        if name == "neg":
            return f"-{_wrap(args[0], UNARY)}", UNARY
        if name == "square":
            return f"{_wrap(args[0], POWER + 1)} ** 2", POWER
        if name == "select_n":  # select_n(pred, if_false, if_true)
            pred, if_false, if_true = (self.argument(a) for a in args)
            return f"{d.module}.where({pred}, {if_true}, {if_false})", ATOM
        if name == "logistic":
            return f"{d.sigmoid}({self.argument(args[0])})", ATOM
        if name == "cbrt":
            cube_root = d.cbrt.format(a=self.argument(self.bind(args[0], 2)))
            return cube_root, ATOM if d.module == "jnp" else PRODUCT
        if name in FUNCTIONS:
            inner = ", ".join(self.argument(a) for a in args)
            return f"{d.module}.{FUNCTIONS[name]}({inner})", ATOM
        raise FormulaError(f"the code export cannot write the operation {name!r} yet")

    def argument(self, expression: tuple[str, int]) -> str:
        text, _ = expression
        if _is_number(text):
            return self.dialect.wrap_literal.format(text)
        return text


def _is_literal(v) -> bool:
    return hasattr(v, "val")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _wrap(expression: tuple[str, int], level: int) -> str:
    text, own = expression
    return text if own >= level else f"({text})"


class Writer:
    """Writes jax.numpy functions of scalars as ``framework`` source, one after another.

    Values a function uses twice get names (``t1 = …``) in ``lines``, numbered
    across all the functions written, so they can share one script body.
    """

    def __init__(self, framework: str) -> None:
        self._printer = _Printer(DIALECTS[framework])

    @property
    def lines(self) -> list[str]:
        return self._printer.lines

    def call(self, fn: Callable[..., Any], names: Sequence[str]) -> tuple[str, int]:
        """``fn`` applied to the variables ``names``: (source, its binding strength)."""
        scalar = jnp.zeros((), jnp.float64)
        closed = jax.make_jaxpr(fn)(*(scalar for _ in names))
        inputs = [(name, ATOM) for name in names]
        (result,) = self._printer.program(closed.jaxpr, closed.consts, inputs)
        return result


def plus(expression: tuple[str, int], term: str) -> str:
    """``expression + term``, the expression evaluated first, bracketed only if Python needs it."""
    return f"{_wrap(expression, SUM)} + {term}"


def formula(objective: Objective, params: np.ndarray, framework: str) -> str:
    """The body of ``def f(x, y):`` for ``framework``: assignments, then ``return …``.

    ``params`` (a NumPy array) enter as numbers: the script is for one scene.
    """
    values = np.asarray(params, np.float64)

    def f(x, y):
        return objective.value(x, y, values)

    writer = Writer(framework)
    text, _ = writer.call(f, ("x", "y"))
    return "\n".join([*writer.lines, f"return {text}"])
