"""Errors of the Python API: one exception type carrying the server's message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from thalweg.services.errors import UnprocessableError

Model = TypeVar("Model", bound=BaseModel)


class ThalwegError(ValueError):
    """A request Thalweg rejects, with the text the REST API would answer with.

    ``errors`` is pydantic's list of validation errors (each with ``loc``,
    ``msg``, ``type`` and ``ctx``) when validation failed, else empty; ``code``
    and ``params`` name an error the computation raised (as in a 422's body).
    """

    def __init__(
        self,
        message: str,
        errors: list[dict[str, Any]] | None = None,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.errors = errors or []
        self.code = code
        self.params = params or {}


def validate(model: type[Model], data: dict[str, Any]) -> Model:
    """``model.model_validate(data)``, its ValidationError as a ThalwegError."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        items = error.errors(include_url=False, include_input=False)
        lines = [f"{'.'.join(map(str, e['loc'])) or 'request'}: {e['msg']}" for e in items]
        raise ThalwegError("\n".join(lines), errors=items) from None


@contextmanager
def computing() -> Iterator[None]:
    """Errors the computation raises for a valid request, as ThalwegError."""
    try:
        yield
    except UnprocessableError as error:
        raise ThalwegError(str(error), code=error.code, params=error.params) from None
