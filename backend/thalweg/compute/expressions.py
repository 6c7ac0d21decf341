"""User-typed surfaces: a safe expression of x and y -> a jax.numpy value function.

Grammar (a whitelisted subset of Python expressions)::

    expr     := number | x | y | pi | e | (expr) | +expr | -expr
              | expr (+ | - | * | / | ** | ^) expr | function(expr[, expr])
    function := abs sqrt exp log sin ... (unary), min max atan2 hypot (binary)

``^`` means power, as students write it (``(1-x)^2 + 100*(y-x^2)^2``); unlike
Python it is never XOR. Numbers are real decimal literals up to 1e300.

Why not ``eval``: the text comes from a browser. ``eval`` (even with empty
``__builtins__``) can be escaped through attribute chains such as
``().__class__.__bases__``, and can hang the server on ``9**9**9``. So the text
is never executed: it is scanned (ASCII characters of the grammar only, which
also rules out Unicode identifiers that Python would NFKC-normalise, e.g. ``ｘ``),
parsed with ``ast.parse`` and turned into a tree of terms, one per node, each
applying a whitelisted jnp function to its children's values. Any node outside
the whitelist is rejected, and all arithmetic happens in float64 jnp ops, never
in Python ints.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import jax
import jax.numpy as jnp

from thalweg.compute.surfaces import ValueFn

MAX_LENGTH = 500  # characters
MAX_DEPTH = 50  # levels of AST nesting, and of parentheses
MAX_NODES = 200  # expression nodes in the AST
MAX_LITERAL = 1e300
_MAX_INTEGER_EXPONENT = 1024  # x**n with a literal n up to this uses exact integer powers

_UNARY_FUNCTIONS: Mapping[str, Callable[[jax.Array], jax.Array]] = MappingProxyType(
    {
        "abs": jnp.abs,
        "sign": jnp.sign,
        "sqrt": jnp.sqrt,
        "cbrt": jnp.cbrt,
        "square": jnp.square,
        "exp": jnp.exp,
        "log": jnp.log,
        "log2": jnp.log2,
        "log10": jnp.log10,
        "sin": jnp.sin,
        "cos": jnp.cos,
        "tan": jnp.tan,
        "arcsin": jnp.arcsin,
        "arccos": jnp.arccos,
        "arctan": jnp.arctan,
        "asin": jnp.arcsin,
        "acos": jnp.arccos,
        "atan": jnp.arctan,
        "sinh": jnp.sinh,
        "cosh": jnp.cosh,
        "tanh": jnp.tanh,
        "arcsinh": jnp.arcsinh,
        "arccosh": jnp.arccosh,
        "arctanh": jnp.arctanh,
        "asinh": jnp.arcsinh,
        "acosh": jnp.arccosh,
        "atanh": jnp.arctanh,
        "sigmoid": jax.nn.sigmoid,
        "softplus": jax.nn.softplus,
        "relu": jax.nn.relu,
    }
)
_BINARY_FUNCTIONS: Mapping[str, Callable[[jax.Array, jax.Array], jax.Array]] = MappingProxyType(
    {
        "min": jnp.minimum,
        "max": jnp.maximum,
        "atan2": jnp.arctan2,
        "arctan2": jnp.arctan2,
        "hypot": jnp.hypot,
    }
)
ALLOWED_FUNCTIONS: tuple[str, ...] = (*_UNARY_FUNCTIONS, *_BINARY_FUNCTIONS)
_CONSTANTS: Mapping[str, float] = MappingProxyType({"pi": math.pi, "e": math.e})
_OPERATORS: Mapping[type[ast.operator], Callable[[jax.Array, jax.Array], jax.Array]] = (
    MappingProxyType(
        {
            ast.Add: jnp.add,
            ast.Sub: jnp.subtract,
            ast.Mult: jnp.multiply,
            ast.Div: jnp.divide,
            ast.Pow: jnp.power,
        }
    )
)
_FUNCTION_LIST = ", ".join(ALLOWED_FUNCTIONS)
_NAMES_HELP = f"use x, y, pi, e or a function: {_FUNCTION_LIST}"
# Tokens of the grammar; any other character is rejected before Python sees the text.
_TOKEN = re.compile(
    r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<other>[ ^*/+\-(),.])",
    re.ASCII,
)

_SYNTAX_NAMES: Mapping[type[ast.expr], str] = MappingProxyType(
    {
        ast.Constant: "this constant",
        ast.UnaryOp: "this operator",
        ast.Attribute: "attribute access",
        ast.Compare: "comparison",
        ast.BoolOp: "'and'/'or'",
        ast.IfExp: "'if ... else'",
        ast.Tuple: "a tuple",
        ast.Starred: "'*' unpacking",
    }
)
_BINARY_LABELS: Mapping[type[ast.operator], str] = MappingProxyType(
    {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷", ast.Pow: "^"}
)


@dataclass(frozen=True)
class Term:
    """One node of a parsed expression: the input x or y, a constant, or an operation.

    An operation's ``apply`` maps its children's values to its own; the
    computation-graph view (compute/expression_graph.py) walks the same terms.
    """

    label: str  # "x", "y", "2.5", "π", "+", "×", "sin", "^2", ...
    children: tuple[Term, ...] = ()
    apply: Callable[..., jax.Array] | None = field(default=None, compare=False)
    constant: float | None = None

    def evaluate(self, x: jax.Array, y: jax.Array) -> jax.Array | float:
        if self.apply is not None:
            return self.apply(*(child.evaluate(x, y) for child in self.children))
        if self.constant is not None:
            return self.constant
        return x if self.label == "x" else y


class ExpressionError(ValueError):
    """A rejected expression; ``column`` is 1-based in the text the user typed.

    ``message`` is English; ``code`` and ``params`` name the same error for a
    client that shows it in another language (the page's German table).
    """

    def __init__(self, message: str, column: int, code: str, **params: str | int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Expression:
    """A compiled expression; ``value`` has the signature of ``Surface.value``."""

    text: str
    canonical: str  # ast.dump of the parsed tree: equal for spelling variants, a cache key
    nodes: int  # terms in the tree: what compiling and evaluating it costs grows with it
    value: ValueFn = field(compare=False, repr=False)
    tree: Term = field(compare=False, repr=False)


def compile_expression(text: str) -> Expression:
    """Compile ``text`` into an elementwise, differentiable ``value(x, y, params)``.

    Raises ExpressionError with the column where the text goes wrong.
    """
    if not text.strip():
        raise ExpressionError("the expression is empty", 1, "empty")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"longer than {MAX_LENGTH} characters", MAX_LENGTH + 1, "too_long", limit=MAX_LENGTH
        )
    compiler = _scan(text)
    try:
        tree = ast.parse(compiler.source, mode="eval")
    except SyntaxError as error:
        offset = error.offset - 1 if error.offset else len(compiler.source)  # 0: at the end
        raise ExpressionError(error.msg, compiler.column(offset), "syntax") from None
    except (RecursionError, MemoryError):
        raise ExpressionError("nested too deeply", 1, "too_deep", limit=MAX_DEPTH) from None
    nodes = sum(isinstance(node, ast.expr) for node in ast.walk(tree))
    if nodes > MAX_NODES:
        raise ExpressionError(f"more than {MAX_NODES} terms", 1, "too_many_terms", limit=MAX_NODES)
    body = compiler.build(tree.body, depth=1)

    def value(x: jax.Array, y: jax.Array, params: jax.Array) -> jax.Array:
        del params  # an expression has no adjustable parameters
        shape = jnp.broadcast_shapes(jnp.shape(x), jnp.shape(y))
        return jnp.broadcast_to(jnp.asarray(body.evaluate(x, y)), shape)  # constants fill grids

    return Expression(text=text, canonical=ast.dump(tree), nodes=nodes, value=value, tree=body)


def _scan(text: str) -> _Compiler:
    """Check characters, adjacency and nesting; translate ``^`` to ``**``."""
    source: list[str] = []
    origin: list[int] = []
    depth = 0
    previous = ""  # kind of the previous non-space token
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(
                f"unexpected character {text[position]!r}",
                position + 1,
                "character",
                character=text[position],
            )
        token = match.group()
        kind = token if match.lastgroup == "other" else match.lastgroup
        # Implicit products ("2x", "(x+1)(x-1)") get a clear message, and Python never
        # sees a number glued to a keyword ("1if"), which it answers with a SyntaxWarning.
        if previous in ("number", ")") and kind in ("number", "name", "("):
            raise ExpressionError(
                f"missing operator before {token!r}; write * for a product",
                position + 1,
                "implicit_product",
                token=token,
            )
        depth += (token == "(") - (token == ")")
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"more than {MAX_DEPTH} nested parentheses",
                position + 1,
                "too_many_parentheses",
                limit=MAX_DEPTH,
            )
        if token != " ":
            previous = kind
        if previous:  # Python rejects leading spaces as an indent
            source.append("**" if token == "^" else token)
            origin += [position] * 2 if token == "^" else range(position, match.end())
        position = match.end()
    return _Compiler("".join(source), (*origin, len(text)))


@dataclass(frozen=True)
class _Compiler:
    """Turns a parsed tree into closures, reporting errors in the user's columns."""

    source: str  # what ast.parse sees: the text with ^ spelled **
    origin: tuple[int, ...]  # per source character, plus the end: its index in the text

    def column(self, offset: int) -> int:
        """1-based text column of a 0-based source offset (ASCII, so bytes = characters)."""
        return self.origin[min(max(offset, 0), len(self.source))] + 1

    def build(self, node: ast.expr, depth: int) -> Term:
        """One term per whitelisted node; anything else raises ExpressionError."""
        column = self.column(node.col_offset)
        if depth > MAX_DEPTH:
            raise ExpressionError(
                f"nested more than {MAX_DEPTH} levels deep", column, "too_deep", limit=MAX_DEPTH
            )

        def child(node: ast.expr) -> Term:
            return self.build(node, depth + 1)

        match node:
            case ast.Constant(value=int() | float() as number) if not isinstance(number, bool):
                if not abs(number) <= MAX_LITERAL:  # also catches 1e999 == inf
                    raise ExpressionError(
                        f"numbers must not exceed {MAX_LITERAL:g}",
                        column,
                        "number_too_large",
                        limit=f"{MAX_LITERAL:g}",
                    )
                return Term(f"{number:g}", constant=float(number))
            case ast.Name(id="x" | "y" as name):
                return Term(name)
            case ast.Name(id=name) if name in _CONSTANTS:
                return Term("π" if name == "pi" else name, constant=_CONSTANTS[name])
            case ast.Name(id=name) if name in ALLOWED_FUNCTIONS:
                raise ExpressionError(
                    f"{name!r} is a function: write {name}(...)",
                    column,
                    "function_without_call",
                    name=name,
                )
            case ast.Name(id=name):
                raise ExpressionError(
                    f"unknown name {name!r}; {_NAMES_HELP}",
                    column,
                    "unknown_name",
                    name=name,
                    functions=_FUNCTION_LIST,
                )
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return Term("−", (child(operand),), jnp.negative)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return child(operand)
            case ast.BinOp(left=left, op=ast.Pow(), right=ast.Constant(value=int() as power)) if (
                type(power) is int and abs(power) <= _MAX_INTEGER_EXPONENT
            ):
                # A Python int exponent makes jnp.power use lax.integer_pow: exact for
                # negative bases, and d/dx x**0 is 0 rather than nan at x = 0.
                return Term(f"^{power}", (child(left),), lambda base: jnp.power(base, power))
            case ast.BinOp(left=left, op=op, right=right) if type(op) in _OPERATORS:
                label, operator = _BINARY_LABELS[type(op)], _OPERATORS[type(op)]
                return Term(label, (child(left), child(right)), operator)
            case ast.BinOp(left=left):  # e.g. //, which the scan lets through
                gap = self.source[left.end_col_offset :]
                operator_column = self.column(left.end_col_offset + len(gap) - len(gap.lstrip()))
                raise ExpressionError(
                    "only the operators + - * / ^ are allowed", operator_column, "operator"
                )
            case ast.Call(func=ast.Name(id=name), args=args, keywords=keywords):
                return self._call(name, args, keywords, column, child)
            case ast.Call():
                raise ExpressionError("only named functions can be called", column, "call")
        what = _SYNTAX_NAMES.get(type(node), f"{type(node).__name__} syntax")
        raise ExpressionError(
            f"{what} is not allowed; {_NAMES_HELP}", column, "not_allowed", functions=_FUNCTION_LIST
        )

    @staticmethod
    def _call(
        name: str,
        args: list[ast.expr],
        keywords: list[ast.keyword],
        column: int,
        child: Callable[[ast.expr], Term],
    ) -> Term:
        if name not in ALLOWED_FUNCTIONS:
            raise ExpressionError(
                f"unknown function {name!r}; {_NAMES_HELP}",
                column,
                "unknown_function",
                name=name,
                functions=_FUNCTION_LIST,
            )
        arity = 1 if name in _UNARY_FUNCTIONS else 2
        if keywords or len(args) != arity:
            raise ExpressionError(
                f"{name}() takes {arity} plain argument(s)", column, "arity", name=name, arity=arity
            )
        if arity == 1:
            return Term(name, (child(args[0]),), _UNARY_FUNCTIONS[name])
        return Term(name, (child(args[0]), child(args[1])), _BINARY_FUNCTIONS[name])
