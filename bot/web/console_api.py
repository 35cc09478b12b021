"""The caseworker JSON API of docs/design.md; thin handlers over ``bot/handoff``.

Each handler reads and checks its input, calls one case-store function in a worker thread, and
maps the store's error types to statuses (404 not found or not yours, 409 conflict, 400 invalid,
413 too long). Changes that reach the user are delivered before the answer, so the answer says
whether they arrived.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.handoff import casework
from bot.handoff.accounts import LoginThrottled, ThrottlePolicy, authenticate
from bot.handoff.errors import (
    CaseConflict,
    CaseNotFound,
    HandoffError,
    InvalidRequest,
    TextTooLong,
)
from bot.handoff.outbox import is_delivered
from bot.handoff.sessions import LiveSession, end_session, start_session
from bot.web.console_auth import clear_session_cookie, set_session_cookie
from bot.web.console_state import ConsoleState, console_state, json_error, live_session

_STATUS = {CaseNotFound: 404, CaseConflict: 409, InvalidRequest: 400, TextTooLong: 413}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _session_body(live: LiveSession) -> dict[str, Any]:
    actor = live.actor
    user = {"username": actor.username, "role": actor.role, "teams": list(actor.teams)}
    return {"csrf_token": live.csrf_token, "user": user}


async def _json_object(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise InvalidRequest("json_required")
    try:
        body = await request.json()
    except ValueError as error:
        raise InvalidRequest("invalid_json") from error
    if not isinstance(body, dict):
        raise InvalidRequest("invalid_json")
    return body


def handles_store_errors(handler: Handler) -> Handler:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except HandoffError as error:
            return json_error(_STATUS.get(type(error), 400), error.code)

    return wrapped


@handles_store_errors
async def login(request: web.Request) -> web.StreamResponse:
    state = console_state(request)
    body = await _json_object(request)
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise InvalidRequest()
    policy = ThrottlePolicy(state.config.login_max_failures, state.config.login_window_s)
    try:
        actor = await asyncio.to_thread(authenticate, state.sessions, username, password, policy)
    except LoginThrottled as throttled:
        return json_error(429, "throttled", {"Retry-After": str(throttled.retry_after_s)})
    if actor is None:
        return json_error(401, "bad_login")
    token, live = await asyncio.to_thread(start_session, state.sessions, state.secret, actor)
    response = web.json_response(_session_body(live))
    set_session_cookie(request, response, token)
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    await asyncio.to_thread(end_session, console_state(request).sessions, live_session(request))
    response = web.json_response({"ok": True})
    clear_session_cookie(response)
    return response


async def me(request: web.Request) -> web.StreamResponse:
    return web.json_response(_session_body(live_session(request)))


@handles_store_errors
async def list_cases(request: web.Request) -> web.StreamResponse:
    state = console_state(request)
    wanted = request.query.get("state") or None
    cases = await asyncio.to_thread(
        casework.list_cases, state.sessions, live_session(request).actor, wanted
    )
    return web.json_response({"cases": cases})


@handles_store_errors
async def view_case(request: web.Request) -> web.StreamResponse:
    state = console_state(request)
    case = await asyncio.to_thread(
        casework.view_case, state.sessions, live_session(request).actor, _case_id(request)
    )
    return web.json_response(case)


async def _deliver(state: ConsoleState, case_id: str) -> None:
    await state.delivery.deliver_case(case_id)
    state.feed.wake()


@handles_store_errors
async def claim(request: web.Request) -> web.StreamResponse:
    state, case_id = console_state(request), _case_id(request)
    case = await asyncio.to_thread(
        casework.claim_case, state.sessions, live_session(request).actor, case_id
    )
    await _deliver(state, case_id)
    return web.json_response(case)


@handles_store_errors
async def send_message(request: web.Request) -> web.StreamResponse:
    state, case_id = console_state(request), _case_id(request)
    text = casework.checked_text((await _json_object(request)).get("text"), _limit(state))
    entry = await asyncio.to_thread(
        casework.reply, state.sessions, live_session(request).actor, case_id, text
    )
    await _deliver(state, case_id)
    entry["delivered"] = await asyncio.to_thread(is_delivered, state.sessions, entry["id"])
    return web.json_response(entry, status=201)


@handles_store_errors
async def add_note(request: web.Request) -> web.StreamResponse:
    state, case_id = console_state(request), _case_id(request)
    text = casework.checked_text((await _json_object(request)).get("text"), _limit(state))
    note = await asyncio.to_thread(
        casework.add_note, state.sessions, live_session(request).actor, case_id, text
    )
    return web.json_response(note, status=201)


@handles_store_errors
async def close(request: web.Request) -> web.StreamResponse:
    state, case_id = console_state(request), _case_id(request)
    outcome = (await _json_object(request)).get("outcome")
    case = await asyncio.to_thread(
        casework.close_case, state.sessions, live_session(request).actor, case_id, outcome
    )
    await _deliver(state, case_id)
    return web.json_response(case)


def _case_id(request: web.Request) -> str:
    return request.match_info["case_id"]


def _limit(state: ConsoleState) -> int:
    return state.config.max_message_chars


def add_api_routes(app: web.Application) -> None:
    app.router.add_post("/api/login", login)
    app.router.add_post("/api/logout", logout)
    app.router.add_get("/api/me", me)
    app.router.add_get("/api/cases", list_cases)
    app.router.add_get("/api/cases/{case_id}", view_case)
    app.router.add_post("/api/cases/{case_id}/claim", claim)
    app.router.add_post("/api/cases/{case_id}/messages", send_message)
    app.router.add_post("/api/cases/{case_id}/notes", add_note)
    app.router.add_post("/api/cases/{case_id}/close", close)
