"""What can go wrong with a console request, as types the web layer maps to HTTP statuses."""

from __future__ import annotations


class HandoffError(Exception):
    """Base class; ``code`` is the machine-readable reason sent in the API's error body."""

    code = "error"

    def __init__(self, code: str | None = None) -> None:
        super().__init__(code or self.code)
        if code:
            self.code = code


class CaseNotFound(HandoffError):
    """No such case, or one the caller may not see (the two must look the same: 404)."""

    code = "not_found"


class CaseConflict(HandoffError):
    """The case is closed, or another caseworker holds it (409)."""

    code = "conflict"


class InvalidRequest(HandoffError):
    """A missing or malformed field (400)."""

    code = "invalid"


class TextTooLong(HandoffError):
    """A reply or note over the configured length (413)."""

    code = "too_long"
