"""Errors as JSON with a stable `code` (scripts test the code, people read the message).

Every operation declares these answers in the schema (`ERRORS`), so a client generated from
/api/v1/openapi.json knows them all.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

# The codes are part of the API's contract: never rename one.
CODES = {
    400: "invalid_parameter",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    409: "refused",
    429: "rate_limited",
}


class Error(Schema):
    code: str
    message: str
    detail: list[dict[str, Any]] | None = None


class ApiError(Exception):
    """An answer other than 200: its status, stable code and a message saying what is
    allowed instead."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        detail: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES[status]
        self.message = message
        self.detail = detail

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class NotModified(Exception):
    """The client's copy (If-None-Match) is the current one: 304."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


# What every operation may answer besides 200 (pass `responses(...)` to the decorator).
ERROR_STATUSES = (400, 401, 403, 404, 429)


def responses(ok: Any, *extra: int) -> dict[int, Any]:
    found: dict[int, Any] = {200: ok}
    for status in (*ERROR_STATUSES, *extra):
        found[status] = Error
    return found
