"""Stores an incoming update in the inbox: the one step between Telegram and its 200 OK.

Webhook requests and long polling both end here. The update is keyed by bot id and ``update_id``
(Telegram's own id, so a redelivery is recognised), filed under the chat's pseudonymous id (so the
chat's updates are handled in order) and ordered by ``update_id``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import Update

from bot.pseudonym import pseudonymous_id
from connectors.inbox import ChannelQueue
from connectors.telegram.output import CHANNEL
from connectors.telegram.webhook import Rejected


def sender_id_for_chat(chat_id: int) -> str:
    """Rasa's sender id for a Telegram chat (docs/design.md: HMAC of ``telegram:<chat id>``)."""
    return pseudonymous_id(CHANNEL, chat_id)


def conversation_of(update: Update) -> str:
    if update.effective_chat:
        return sender_id_for_chat(update.effective_chat.id)
    if update.effective_user:
        return pseudonymous_id(CHANNEL, f"user:{update.effective_user.id}")
    return pseudonymous_id(CHANNEL, "none")


class Intake:
    def __init__(self, inbox: ChannelQueue, bot_id: str, wake: Callable[[], None]) -> None:
        self.inbox = inbox
        self.bot_id = bot_id
        self._wake = wake

    async def accept(self, data: dict[str, Any]) -> bool:
        """Stores ``data``; False if this update was stored before. ``Rejected`` (400) if it is
        not a Telegram update."""
        try:
            update = Update.de_json(data, None)
            conversation = conversation_of(update)
        except Exception:
            raise Rejected(400, "not a Telegram update") from None
        stored = await self.inbox.put(
            conversation,
            data,
            sequence=update.update_id,
            external_key=f"{self.bot_id}:{update.update_id}",
            first=True,  # Telegram is waiting for our 200
        )
        if stored:
            self._wake()
        return stored
