"""Safe user expressions: values against numpy, gradients, canonical forms, hostile input."""

import ast
import builtins
import contextlib
import re
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

# Importing from thalweg.compute runs its __init__ first, which switches on float64.
from thalweg.compute.expressions import (
    ALLOWED_FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    ExpressionError,
    compile_expression,
)

NO_PARAMS = jnp.zeros(0)
STRINGS = Path(__file__).parents[2] / "frontend" / "js" / "strings.js"


@pytest.fixture
def points() -> tuple[np.ndarray, np.ndarray]:
    x, y = np.random.default_rng(0).uniform(-0.9, 0.9, size=(2, 64))
    return x, y


def evaluate(text: str, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.asarray(compile_expression(text).value(jnp.asarray(x), jnp.asarray(y), NO_PARAMS))


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("x**2 + 3*sin(y)", lambda x, y: x**2 + 3 * np.sin(y)),
        ("(1-x)^2 + 100*(y-x^2)^2", lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2),
        ("-x^2", lambda x, y: -(x**2)),
        ("x^3 - 2^-1*y", lambda x, y: x**3 - 0.5 * y),
        ("2^3^2 * x", lambda x, y: 512.0 * x),
        ("(x^2 + y^2)^0.5", np.hypot),
        ("+x - -y / 4", lambda x, y: x + y / 4),
        ("x / (y + 2) + pi - e", lambda x, y: x / (y + 2) + np.pi - np.e),
        (
            "exp(-(x^2 + y^2)) * cos(2*pi*x)",
            lambda x, y: np.exp(-(x**2 + y**2)) * np.cos(2 * np.pi * x),
        ),
        (
            "max(abs(x), abs(y)) + min(x, y)",
            lambda x, y: np.maximum(abs(x), abs(y)) + np.minimum(x, y),
        ),
        ("1.5e-1*x + .5*y + 3. + 2E2", lambda x, y: 0.15 * x + 0.5 * y + 203.0),
        ("log(1 + x^2) * tanh(y)", lambda x, y: np.log1p(x**2) * np.tanh(y)),
        ("7", lambda x, y: np.full_like(x, 7.0)),
    ],
)
def test_values_match_numpy(text, reference, points):
    x, y = points
    np.testing.assert_allclose(evaluate(text, x, y), reference(x, y), rtol=1e-12, atol=1e-15)


NUMPY_FUNCTIONS = {
    "abs": np.abs,
    "sign": np.sign,
    "sqrt": np.sqrt,
    "cbrt": np.cbrt,
    "square": np.square,
    "exp": np.exp,
    "log": np.log,
    "log2": np.log2,
    "log10": np.log10,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "arcsin": np.arcsin,
    "arccos": np.arccos,
    "arctan": np.arctan,
    "asin": np.arcsin,
    "acos": np.arccos,
    "atan": np.arctan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
    "arcsinh": np.arcsinh,
    "arccosh": np.arccosh,
    "arctanh": np.arctanh,
    "asinh": np.arcsinh,
    "acosh": np.arccosh,
    "atanh": np.arctanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "relu": lambda x: np.maximum(x, 0),
    "min": np.minimum,
    "max": np.maximum,
    "atan2": np.arctan2,
    "arctan2": np.arctan2,
    "hypot": np.hypot,
}
BINARY_FUNCTIONS = {"min", "max", "atan2", "arctan2", "hypot"}
SHIFTED_DOMAIN = {"sqrt": 1.0, "log": 1.0, "log2": 1.0, "log10": 1.0, "arccosh": 2.0, "acosh": 2.0}


def test_every_function_has_a_reference():
    assert set(NUMPY_FUNCTIONS) == set(ALLOWED_FUNCTIONS)


@pytest.mark.parametrize("name", ALLOWED_FUNCTIONS)
def test_function_matches_numpy(name, points):
    x, y = points
    reference = NUMPY_FUNCTIONS[name]
    if name in BINARY_FUNCTIONS:
        expected, text = reference(x, y), f"{name}(x, y)"
    else:
        shift = SHIFTED_DOMAIN.get(name, 0.0)
        expected, text = reference(x + shift), f"{name}(x + {shift})"
    assert np.all(np.isfinite(expected))
    np.testing.assert_allclose(evaluate(text, x, y), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize(
    ("text", "point", "gradient"),
    [
        ("(1-x)^2 + 100*(y-x^2)^2", (-1.2, 1.0), (-215.6, -88.0)),
        ("x**2 + 3*sin(y)", (0.5, 0.3), (1.0, 3 * np.cos(0.3))),
        ("exp(x*y)", (0.4, -0.7), (-0.7 * np.exp(-0.28), 0.4 * np.exp(-0.28))),
        ("sqrt(x^2 + y^2 + 1)", (2.0, 2.0), (2 / 3, 2 / 3)),
        ("x^3 + y^0", (-2.0, 0.0), (12.0, 0.0)),  # integer powers: negative base, y**0 at 0
        ("7", (1.0, 2.0), (0.0, 0.0)),
    ],
)
def test_gradient_matches_analytic(text, point, gradient):
    value = compile_expression(text).value
    grad = jax.grad(lambda x, y: value(x, y, NO_PARAMS), argnums=(0, 1))
    np.testing.assert_allclose(grad(*map(jnp.float64, point)), gradient, rtol=1e-12)


def test_value_is_elementwise_jittable_and_fills_the_grid():
    x, y = jnp.meshgrid(jnp.linspace(-1, 1, 4), jnp.linspace(-2, 2, 3))
    rosenbrock = compile_expression("(1-x)^2 + 100*(y-x^2)^2").value
    jitted = jax.jit(rosenbrock)(x, y, NO_PARAMS)
    assert jitted.shape == (3, 4) and jitted.dtype == jnp.float64
    np.testing.assert_allclose(jitted, rosenbrock(x, y, NO_PARAMS), rtol=1e-12)
    np.testing.assert_array_equal(
        compile_expression("pi").value(x, y, NO_PARAMS), np.full((3, 4), np.pi)
    )


def test_canonical_form_ignores_spelling():
    variants = ["x**2+y", "x ** 2 + y", "x^2 + y", "(x**2) + (y)", " x^2+y "]
    expressions = [compile_expression(text) for text in variants]
    assert len({expression.canonical for expression in expressions}) == 1
    assert [expression.text for expression in expressions] == variants
    assert compile_expression("y + x^2").canonical != expressions[0].canonical


def test_huge_powers_are_not_computed_in_python():
    # 9**9**9 as a Python int would take minutes and gigabytes; here it is float64 inf.
    for text in ("9**9**9", "9^9^9^9", "2^1024 * x", "10^400"):
        assert np.all(np.isinf(evaluate(text, np.ones(2), np.ones(2))))


HOSTILE = [
    "__import__('os')",
    "__import__(x)",
    "eval(x)",
    "open('f')",
    "open(x)",
    "getattr(x, x)",
    "x.__class__",
    "().__class__.__bases__",
    "sin.__globals__",
    "x.real()",
    "(lambda: 1)()",
    "[i for i in range(9)]",
    "{x: y}",
    "'x'",
    '"x" * 3',
    "b'x'",
    "f'{x}'",
    "1j * x",
    "None",
    "True + x",
    "...",
    "x, y",
    "x if y else 1",
    "1if x else 2",  # a SyntaxWarning in Python; warnings are errors here
    "0x1for x",
    "x < y",
    "x == y",
    "1 in x",
    "x is y",
    "x and y",
    "not x",
    "x // y",
    "x % y",
    "x @ y",
    "~x",
    "x := 1",
    "x; y",
    "x\ny",
    "import os",
    "(yield)",
    "await x",
    "sin(x=1)",
    "max(^x)",  # ^ -> **: max(**x)
    "sin(*x)",
    "sin(x, y)",
    "max(x)",
    "sin()",
    "sin",
    "z",
    "__builtins__",
    "10" + "0" * 300,
    "1e999",
    "2x",
    "x(y)",
    "(x+1)(x-1)",
    "ｘ",  # fullwidth: Python's NFKC normalisation would read it as x
    "x + ｙ",
    "х",  # Cyrillic
    "x²",
    "x\u00a0+ y",
    "\\x",
    "#",
    "x ^^ 2",
    "sin(x",
    "x +",
    ")",
    "(" * 5000 + "x" + ")" * 5000,
    "x" * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_rejected(text):
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text)
    assert caught.value.message and 1 <= caught.value.column <= min(len(text), MAX_LENGTH) + 1


def test_shell_command_is_not_run(tmp_path):
    target = tmp_path / "pwned"
    with pytest.raises(ExpressionError):
        compile_expression(f"__import__('os').system('touch {target}')")
    assert not target.exists()


def test_user_text_is_only_ever_parsed(monkeypatch):
    real_compile = builtins.compile

    def parse_only(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "user text was compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "compile", parse_only)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    for text in ["(1-x)^2 + 100*(y-x^2)^2", "x.__class__", "__import__(x)", "9**9**9"]:
        with contextlib.suppress(ExpressionError):
            compile_expression(text)


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("x + z", 5, "unknown name 'z'"),
        ("x^2 + z", 7, "unknown name 'z'"),  # ^ became ** before parsing; columns still match
        ("(1 + x) ^ foo", 11, "unknown name 'foo'"),
        ("x ^^ 2", 4, "invalid syntax"),
        ("sin(x", 4, "never closed"),
        ("x +", 4, "invalid syntax"),
        ("", 1, "empty"),
        ("   ", 1, "empty"),
        ("2x", 2, "missing operator"),
        ("(x+1)(x-1)", 6, "missing operator"),
        ("x // y", 3, "operators"),
        ("x + sin", 5, "is a function"),
        ("foo(x)", 1, "unknown function 'foo'"),
        ("x + sin(x, y)", 5, "takes 1"),
        ("x + 1e999", 5, "must not exceed"),
        ("x.__class__", 1, "attribute"),
        ("x + ｙ", 5, "unexpected character"),
        ("x" * 10_000, MAX_LENGTH + 1, "longer than"),
    ],
)
def test_error_columns_point_into_the_original_text(text, column, fragment):
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text)
    assert (caught.value.column, fragment in caught.value.message) == (column, True), caught.value


def test_nesting_and_size_limits():
    deep = MAX_DEPTH + 1
    with pytest.raises(ExpressionError, match="nested parentheses") as caught:
        compile_expression("(" * deep + "x" + ")" * deep)
    assert caught.value.column == deep
    compile_expression("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)  # parentheses add no AST depth
    compile_expression("-" * (MAX_DEPTH - 1) + "x")
    with pytest.raises(ExpressionError, match="levels deep"):
        compile_expression("-" * MAX_DEPTH + "x")
    with pytest.raises(ExpressionError, match="terms"):
        compile_expression("+".join(["x"] * MAX_NODES))


# One expression for every error code the page translates (errors.js, strings.js).
ONE_PER_CODE = {
    "empty": "",
    "too_long": "x" * (MAX_LENGTH + 1),
    "syntax": "sin(x",
    "too_deep": "-" * MAX_DEPTH + "x",
    "too_many_parentheses": "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1),
    "too_many_terms": "+".join(["x"] * MAX_NODES),
    "character": "x + ｙ",
    "implicit_product": "2x",
    "number_too_large": "1e999",
    "function_without_call": "x + sin",
    "unknown_name": "z",
    "operator": "x // y",
    "call": "x.y(1)",
    "not_allowed": "x.__class__",
    "unknown_function": "foo(x)",
    "arity": "sin(x, y)",
}


@pytest.mark.parametrize(("code", "text"), ONE_PER_CODE.items())
def test_every_error_names_its_code(code, text):
    with pytest.raises(ExpressionError) as caught:
        compile_expression(text)
    assert caught.value.code == code


def test_the_german_table_translates_every_code_with_its_parameters():
    german = dict(re.findall(r"'server:expression\.(\w+)': '([^']*)'", STRINGS.read_text()))
    assert set(german) == set(ONE_PER_CODE)
    for code, text in ONE_PER_CODE.items():
        with pytest.raises(ExpressionError) as caught:
            compile_expression(text)
        assert set(re.findall(r"\{(\w+)\}", german[code])) <= set(caught.value.params), code
