"""The caseworker console inside the web app: its page, its API, and its background work.

``setup_console`` wires it into the app built by ``bot.web.app.create_app``. At start-up the case
store's schema is migrated (Alembic), then two tasks start: the feed that tails the database for
the consoles' live updates, and the watchdog that sends no-claim reminders, retries deliveries
and carries out users' erasure requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from bot.handoff.config import HandoffConfig
from bot.handoff.constants import OUTCOMES
from bot.handoff.db import session_factory
from bot.handoff.delivery import RasaDelivery
from bot.handoff.feed import Feed
from bot.handoff.schema import migrate
from bot.handoff.watchdog import run_watchdog
from bot.settings import Settings, secret_key
from bot.web.console_api import add_api_routes
from bot.web.console_events import close_streams, events
from bot.web.console_state import CONSOLE_KEY, ConsoleState
from bot.web.console_text import console_strings

_HERE = Path(__file__).parent
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


async def console_page(request: web.Request) -> web.Response:
    strings = console_strings()["page"]
    config = {
        "strings": strings,
        "outcomes": list(OUTCOMES),
        "maxChars": request.app[CONSOLE_KEY].config.max_message_chars,
    }
    page = (_HERE / "templates" / "console.html").read_text(encoding="utf-8")
    page = page.replace("{{title}}", html.escape(strings["title"]))
    page = page.replace(
        "{{config}}", json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    )
    return web.Response(
        text=page,
        content_type="text/html",
        charset="utf-8",
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-store"},
    )


async def to_console(_: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/console/")


def _console_context(
    settings: Settings, config: HandoffConfig
) -> Callable[[web.Application], AsyncIterator[None]]:
    async def context(app: web.Application) -> AsyncIterator[None]:
        await asyncio.to_thread(migrate, settings.db_url)
        sessions = session_factory(settings.db_url)
        feed = Feed(sessions, config.feed_poll_s)
        async with aiohttp.ClientSession() as client:
            delivery = RasaDelivery(sessions, config, client)
            app[CONSOLE_KEY] = ConsoleState(sessions, config, secret_key(), feed, delivery)
            tasks = [
                asyncio.create_task(feed.run()),
                asyncio.create_task(
                    run_watchdog(sessions, config, delivery, feed, settings.db_url)
                ),
            ]
            yield
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    return context


async def _end_streams(app: web.Application) -> None:
    close_streams(app[CONSOLE_KEY].feed.subscribers)


def setup_console(app: web.Application, settings: Settings, config: HandoffConfig) -> None:
    app.cleanup_ctx.append(_console_context(settings, config))
    # aiohttp 3.9 types on_shutdown's handlers wrongly (Signal of a Callable of a Callable).
    app.on_shutdown.append(_end_streams)  # type: ignore[arg-type]
    app.router.add_get("/console", to_console)
    app.router.add_get("/console/", console_page)
    app.router.add_get("/api/events", events)
    add_api_routes(app)
