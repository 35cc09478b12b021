"""``GET /api/events``: server-sent events for one console, filtered to the cases it may see.

Events: ``case_opened`` and ``case_updated`` (``{"case": summary}``) and ``message``
(``{"case_id", "entry"}``; the text only for the caseworker holding the case). Each event's
``id`` is the feed row id; a reconnecting browser sends it back as ``Last-Event-ID`` and gets what
it missed. The stream ends when the session does (checked every few seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

from aiohttp import web

from bot.handoff.feed import Subscriber, read_changes
from bot.web.console_auth import current_session
from bot.web.console_state import console_state, live_session

HEARTBEAT_S = 15.0
SESSION_RECHECK_S = 5.0
# Put on a subscriber's queue at shutdown so that open streams end at once.
CLOSE_STREAM: tuple[int, str, dict[str, Any]] = (-1, "", {})


async def _replay(request: web.Request, subscriber: Subscriber) -> None:
    last = request.headers.get("Last-Event-ID", "")
    if not last.isdigit():
        return
    changes = await asyncio.to_thread(read_changes, console_state(request).sessions, int(last))
    for change in changes:
        subscriber.offer(change)


async def events(request: web.Request) -> web.StreamResponse:
    state = console_state(request)
    subscriber = state.feed.subscribe(live_session(request).actor)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",
        }
    )
    try:
        await response.prepare(request)
        await response.write(b"retry: 2000\n\n")
        await _replay(request, subscriber)
        await _stream(request, response, subscriber)
    except ConnectionResetError:
        pass  # the console went away
    finally:
        state.feed.unsubscribe(subscriber)
    return response


async def _stream(
    request: web.Request, response: web.StreamResponse, subscriber: Subscriber
) -> None:
    sent: set[int] = set()
    checked = time.monotonic()
    while True:
        item = None
        with contextlib.suppress(asyncio.TimeoutError):
            item = await asyncio.wait_for(subscriber.queue.get(), HEARTBEAT_S)
        if item == CLOSE_STREAM:
            return
        if time.monotonic() - checked > SESSION_RECHECK_S:
            if await current_session(request, touch=False) is None:
                await response.write(b"event: session_ended\ndata: {}\n\n")
                return
            checked = time.monotonic()
        if item is None:
            await response.write(b": keep-alive\n\n")
            continue
        event_id, kind, payload = item
        if event_id in sent:
            continue
        if len(sent) > 10_000:
            sent.clear()
        sent.add(event_id)
        data = json.dumps(payload, ensure_ascii=False)
        await response.write(f"id: {event_id}\nevent: {kind}\ndata: {data}\n\n".encode())


def close_streams(subscribers: list[Subscriber]) -> None:
    for subscriber in subscribers:
        with contextlib.suppress(asyncio.QueueFull):
            subscriber.queue.put_nowait(CLOSE_STREAM)
