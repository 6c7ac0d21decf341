"""Errors the services raise for a request that validated but cannot be computed."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import ValidationError


class UnprocessableError(ValueError):
    """A well-formed request the computation rejects (HTTP 422), e.g. f(start) = NaN.

    The message is English; ``code`` and ``params`` name the same error for a
    client that shows it in another language (the page's German table).
    """

    def __init__(self, message: str, code: str | None = None, **params: str | float) -> None:
        super().__init__(message)
        self.code = code
        self.params = params

    def payload(self) -> dict:
        """The body of its HTTP 422, and the fields of a WebSocket error frame."""
        body: dict = {"detail": str(self)}
        if self.code is not None:
            body |= {"code": self.code, "params": self.params}
        return body


def readable(error: ValidationError) -> str:
    """pydantic's errors as one line each: ``runs.0.hyperparameters: lr must be ≤ 10``."""
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" if e["loc"] else e["msg"]
        for e in error.errors(include_url=False)
    )


def no_view(view: str, registry: Iterable[str], made: str, code: str) -> UnprocessableError:
    """A link to a view the registry lacks: "no {made} of the view …", with the ones there are."""
    return UnprocessableError(
        f"no {made} of the view {view!r} (views with one: {', '.join(sorted(registry))})",
        code,
        path=view,
    )
