"""Checks a webhook request before anything of it is kept: secret, size, type, JSON, shape.

In this order, each failure with its own status and nothing stored or logged about the content:

1. ``X-Telegram-Bot-Api-Secret-Token`` must equal the secret given to ``setWebhook`` — compared in
   constant time (digests of both sides, so not even the length leaks) — else **403**.
2. A body over 1 MiB is refused with **413** before it is read: a declared ``Content-Length`` is
   checked first, a chunked body is cut off as soon as it passes the limit.
3. ``Content-Type`` must be ``application/json`` (charset UTF-8 if one is named), else **400**.
4. The body must be UTF-8 JSON (no NaN/Infinity) holding an object with an integer
   ``update_id`` that python-telegram-bot can read as an ``Update``, else **400**.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

MAX_BODY_BYTES = 1024 * 1024
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Rejected(Exception):
    """The request is refused with ``status``; ``reason`` is safe to log (no content)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def secret_matches(given: str | None, expected: str) -> bool:
    given_digest = hashlib.sha256((given or "").encode()).digest()
    expected_digest = hashlib.sha256(expected.encode()).digest()
    return hmac.compare_digest(given_digest, expected_digest) and bool(given)


async def read_update(request: Request, secret: str) -> dict[str, Any]:
    """The update in ``request`` (a route with ``stream=True``), or ``Rejected``."""
    if request.stream is not None:
        # Sanic lifts the size limit for streaming handlers; ours applies while reading, and
        # to what Sanic drains after a refusal (it closes the connection instead).
        request.stream.request_max_size = MAX_BODY_BYTES
    if not secret_matches(request.headers.get(SECRET_HEADER), secret):
        raise Rejected(403, "wrong or missing secret token")
    body = await _read_body(request)
    _check_content_type(request.headers.get("content-type", ""))
    return _parse(body)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > MAX_BODY_BYTES:
                raise Rejected(413, "body too large")
        except ValueError:
            raise Rejected(400, "bad Content-Length") from None
    stream = request.stream
    if stream is None:
        return bytes(request.body or b"")
    body = bytearray()
    try:
        while (chunk := await stream.read()) is not None:
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise Rejected(413, "body too large")
    except PayloadTooLarge:
        raise Rejected(413, "body too large") from None
    return bytes(body)


def _check_content_type(value: str) -> None:
    media_type, _, parameters = value.partition(";")
    if media_type.strip().lower() != "application/json":
        raise Rejected(400, "content type is not application/json")
    for parameter in parameters.split(";"):
        name, _, charset = parameter.partition("=")
        if name.strip().lower() == "charset" and charset.strip().strip('"').lower() not in {
            "utf-8",
            "utf8",
        }:
            raise Rejected(400, "charset is not UTF-8")


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _parse(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError):
        raise Rejected(400, "body is not UTF-8 JSON") from None
    if not isinstance(data, dict):
        raise Rejected(400, "update is not a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
        raise Rejected(400, "update has no valid update_id")
    return data
