"""aiohttp application factory: the web chat page and the caseworker console.

The page talks to the Rasa server's socket.io channel directly (websocket transport, so no CORS
preflight), which lets a caseworker's reply reach the browser later without polling. The page's
own few words (input placeholder, send button) come from the catalogue, in the language the
browser asks for. The console (``/console/``, ``/api/``) lives in ``bot/web/console*.py``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from babel import negotiate_locale

from bot.constants import DEFAULT_LANGUAGE, LANGUAGES
from bot.handoff.config import HandoffConfig
from bot.i18n import translate
from bot.settings import Settings
from bot.web.console import setup_console
from bot.web.console_auth import api_errors, console_session

_HERE = Path(__file__).parent
SETTINGS_KEY = web.AppKey("settings", Settings)
PAGE_STRINGS = ("web.title", "web.input_placeholder", "web.send")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def browser_language(request: web.Request) -> str:
    """Our best language for the browser's ``Accept-Language`` header."""
    wanted = [
        part.split(";")[0].strip().replace("-", "_")
        for part in request.headers.get("Accept-Language", "").split(",")
        if part.strip()
    ]
    return negotiate_locale(wanted, list(LANGUAGES), sep="_") or DEFAULT_LANGUAGE


async def chat_page(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS_KEY]
    language = browser_language(request)
    config = {
        "rasaPort": settings.rasa_port,
        "language": language,
        "strings": {key: translate(key, language) for key in PAGE_STRINGS},
    }
    page = (_HERE / "templates" / "chat.html").read_text(encoding="utf-8")
    page = page.replace("{{lang}}", language).replace(
        "{{title}}", html.escape(translate("web.title", language))
    )
    # JSON in a <script> block: escape "<" so text can never close the tag.
    page = page.replace(
        "{{config}}", json.dumps(config, ensure_ascii=False).replace("<", "\\u003c")
    )
    return web.Response(text=page, content_type="text/html", charset="utf-8")


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def create_app(settings: Settings, handoff: HandoffConfig | None = None) -> web.Application:
    app = web.Application(
        middlewares=[security_headers, api_errors, console_session], client_max_size=64 * 1024
    )
    app[SETTINGS_KEY] = settings
    app.router.add_get("/", chat_page)
    app.router.add_get("/healthz", health)
    app.router.add_static("/static/", _HERE / "static")
    setup_console(app, settings, handoff or HandoffConfig.from_env(settings))
    return app
