"""Errors the services raise for a request that validated but cannot be computed."""


class UnprocessableError(ValueError):
    """A well-formed request the computation rejects (HTTP 422), e.g. f(start) = NaN."""
