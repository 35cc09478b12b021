"""Console sessions on the wire: the cookie, the CSRF header, and the middleware checking both.

The cookie is ``HttpOnly`` (scripts cannot read it), ``SameSite=Strict`` (other sites cannot send
it) and ``Secure`` when the request came over TLS (directly or per ``X-Forwarded-Proto``) or
``PHUEAN_SECURE_COOKIES=1``. Every POST under ``/api/`` except the login itself must carry the
session's CSRF token in ``X-CSRF-Token``; the login instead must be ``application/json``, which a
cross-site form cannot send.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.handoff.sessions import LiveSession, resolve_session
from bot.web.console_state import LIVE_SESSION, console_state, json_error

logger = logging.getLogger(__name__)

COOKIE = "phuean_console"
CSRF_HEADER = "X-CSRF-Token"
API_PREFIX = "/api/"
PUBLIC_API = frozenset({"/api/login"})
# The event stream is not activity: an open tab alone must not keep a session alive.
PASSIVE_API = frozenset({"/api/events"})
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_tls(request: web.Request) -> bool:
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def set_session_cookie(request: web.Request, response: web.Response, token: str) -> None:
    state = console_state(request)
    response.set_cookie(
        COOKIE,
        token,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=is_tls(request) or state.config.secure_cookies,
        max_age=int(state.config.session_max_s),
    )


def clear_session_cookie(response: web.Response) -> None:
    response.del_cookie(COOKIE, path="/")


async def current_session(request: web.Request, touch: bool = True) -> LiveSession | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    state = console_state(request)
    return await asyncio.to_thread(
        resolve_session, state.sessions, state.secret, token, state.timeouts, touch
    )


@web.middleware
async def console_session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """401 without a live session, 403 for a POST without the right CSRF token."""
    path = request.path
    if not path.startswith(API_PREFIX) or path in PUBLIC_API:
        return await handler(request)
    live = await current_session(request, touch=path not in PASSIVE_API)
    if live is None:
        response = json_error(401, "unauthorized")
        if COOKIE in request.cookies:
            clear_session_cookie(response)
        return response
    if request.method == "POST":
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), live.csrf_token.encode()):
            return json_error(403, "csrf")
    request[LIVE_SESSION] = live
    return await handler(request)


@web.middleware
async def api_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """API errors as JSON with a code and a message, never an HTML page or a stack trace.

    API answers carry case data: no cache may keep them.
    """
    if not request.path.startswith(API_PREFIX):
        return await handler(request)
    response = await _json_errors(request, handler)
    if not response.prepared:
        response.headers["Cache-Control"] = "no-store"
    return response


async def _json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return json_error(413, "payload_too_large")
    except web.HTTPNotFound:
        return json_error(404, "not_found")
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return json_error(error.status, "invalid")
    except Exception:
        logger.exception("console API request failed")
        return json_error(500, "error")
