"""What the console's handlers share, kept on the aiohttp app (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.config import HandoffConfig
from bot.handoff.delivery import RasaDelivery
from bot.handoff.feed import Feed
from bot.handoff.sessions import LiveSession, SessionTimeouts
from bot.web.console_text import error_message


@dataclass
class ConsoleState:
    sessions: sessionmaker[Session]
    config: HandoffConfig
    secret: bytes
    feed: Feed
    delivery: RasaDelivery

    @property
    def timeouts(self) -> SessionTimeouts:
        return SessionTimeouts(self.config.session_idle_s, self.config.session_max_s)


CONSOLE_KEY = web.AppKey("console", ConsoleState)
# The request's live session, set by the session middleware for /api/ routes.
LIVE_SESSION = "phuean_console_session"


def console_state(request: web.Request) -> ConsoleState:
    return request.app[CONSOLE_KEY]


def live_session(request: web.Request) -> LiveSession:
    live: LiveSession = request[LIVE_SESSION]
    return live


def json_error(status: int, code: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(
        {"error": code, "message": error_message(code)}, status=status, headers=headers
    )
