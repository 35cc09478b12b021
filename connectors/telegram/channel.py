"""The Telegram input channel: Rasa's ``InputChannel`` on python-telegram-bot, losing nothing.

``POST /webhooks/telegram/webhook`` answers 200 only once the update is stored in the inbox
(``connectors.inbox``); a 403/400/413 when the request is not a genuine update (see
``webhook.py``), with nothing stored and nothing logged; a 503 if the database cannot take it,
so Telegram delivers it again. Handling happens afterwards, per chat in ``update_id`` order,
through Rasa's normal message handler; replies go through the outbox (``TelegramOutput``).

Rasa's own Telegram channel is what not to do: it never checks Telegram's secret, answers before
anything is stored, uses raw chat ids as sender ids and has no rate limiting.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings
from connectors.telegram.handler import OnNewMessage
from connectors.telegram.output import CHANNEL
from connectors.telegram.runtime import TelegramRuntime
from connectors.telegram.settings import TelegramSettings
from connectors.telegram.webhook import Rejected, read_update

logger = logging.getLogger(__name__)


class RasaConversations:
    """Reads a conversation's slots from the Rasa server's tracker store."""

    def __init__(self, app: Sanic) -> None:
        self.app = app

    async def slots(self, sender_id: str) -> Mapping[str, Any]:
        agent = getattr(self.app.ctx, "agent", None)
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return {}
        tracker = await store.retrieve(sender_id)
        return dict(tracker.current_slot_values()) if tracker else {}


def agent_ready(app: Sanic) -> bool:
    """Rasa drops messages that arrive before its model is loaded; the inbox waits instead."""
    agent = getattr(app.ctx, "agent", None)
    return agent is not None and bool(agent.is_ready())


class TelegramInput(InputChannel):
    """Configured in ``credentials.yml`` as ``connectors.telegram.TelegramInput``."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None
        return cls(TelegramSettings.from_credentials(credentials))

    def __init__(self, settings: TelegramSettings, db_url: str | None = None) -> None:
        self.settings = settings
        self.runtime = TelegramRuntime(settings, db_url or Settings.from_env().db_url)
        self._opened = False

    def ready(self, app: Sanic) -> bool:
        """May stored updates be handled yet? (A host without Rasa's agent overrides this.)"""
        return agent_ready(app)

    def get_output_channel(self) -> OutputChannel | None:
        return self.runtime.output if self._opened else None

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        channel = Blueprint("phuean_telegram", __name__)
        runtime = self.runtime

        @channel.listener("before_server_start")
        async def open_channel(app: Sanic, _: Any) -> None:
            await runtime.open()
            self._opened = True

        @channel.listener("after_server_start")
        async def start_channel(app: Sanic, _: Any) -> None:
            await runtime.start(on_new_message, RasaConversations(app), lambda: self.ready(app))

        @channel.listener("before_server_stop")
        async def stop_channel(app: Sanic, _: Any) -> None:
            await runtime.close()

        @channel.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @channel.route("/webhook", methods=["POST"], stream=True)
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request)

        return channel

    async def _receive(self, request: Request) -> HTTPResponse:
        if self.settings.mode != "webhook":
            return response.json({"ok": False, "error": "polling mode"}, status=404)
        try:
            update = await read_update(request, self.settings.webhook_secret)
            await self.runtime.intake.accept(update)
        except Rejected as rejected:
            return response.json({"ok": False, "error": rejected.reason}, status=rejected.status)
        except Exception as error:
            # Never let an exception (its message may quote the update) reach the logs.
            logger.error("telegram: could not store an update (%s)", type(error).__name__)
            return response.json({"ok": False, "error": "try again"}, status=503)
        return response.json({"ok": True})
