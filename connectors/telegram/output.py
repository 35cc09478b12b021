"""Rasa's output channel for Telegram: every reply goes into the outbox, in Telegram's shape.

Nothing is sent from here. Each reply is split into messages Telegram accepts (4096 UTF-16 units),
Rasa buttons become an inline keyboard on the last part, and each part is queued on its own, so a
failure after part one never sends part one twice. ``Delivery`` sends them, in order, per chat.
The recipient is Rasa's sender id; the chat id is looked up only when a message is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from rasa.core.channels.channel import OutputChannel

from connectors.inbox import ButtonPayloads, ChannelQueue
from connectors.telegram.text_split import split_text, utf16_length

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
CALLBACK_DATA_BYTES = 64  # Telegram's limit for an inline button's callback_data
STORED_PAYLOAD_PREFIX = "#"
# Buttons go two to a row when every title is this short (a language picker), else one per row.
SHORT_TITLE_UNITS = 12
# sendMessage needs some text; buttons sent without any get this pointer.
BUTTONS_ONLY_TEXT = "👇"

KeyboardButton = dict[str, str]
Keyboard = list[list[KeyboardButton]]


class TelegramOutput(OutputChannel):
    """Queues Rasa's replies for Telegram users (``recipient_id`` is the pseudonymous sender id)."""

    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def __init__(
        self,
        outbox: ChannelQueue,
        payloads: ButtonPayloads,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.outbox = outbox
        self.payloads = payloads
        self._wake = wake

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.queue_text(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.queue_text(recipient_id, text, buttons)

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.queue_text(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._queue(recipient_id, {"photo": image})

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self.queue_text(recipient_id, str(attachment))

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        text = json_message.get("text")
        if isinstance(text, str):
            await self.queue_text(recipient_id, text, json_message.get("buttons"))
        else:
            logger.debug("telegram: custom payload without text not sent")

    async def queue_text(
        self,
        recipient_id: str,
        text: str,
        buttons: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        """Queues ``text`` (split if long) with ``buttons`` as a keyboard under the last part."""
        parts = split_text(text)
        keyboard = await self.keyboard(buttons) if buttons else None
        if keyboard and not parts:
            parts = [BUTTONS_ONLY_TEXT]
        for index, part in enumerate(parts):
            message: dict[str, Any] = {"text": part}
            if keyboard and index == len(parts) - 1:
                message["keyboard"] = keyboard
            await self._queue(recipient_id, message)

    async def keyboard(self, buttons: Sequence[dict[str, Any]]) -> Keyboard:
        """Rasa buttons as inline keyboard rows; a long payload is stored, its digest sent."""
        keys = [await self._key(button) for button in buttons]
        if all(utf16_length(key["text"]) <= SHORT_TITLE_UNITS for key in keys):
            return [keys[index : index + 2] for index in range(0, len(keys), 2)]
        return [[key] for key in keys]

    async def _key(self, button: dict[str, Any]) -> KeyboardButton:
        payload = str(button.get("payload") or button.get("title") or "")
        title = str(button.get("title") or payload)
        if button.get("url"):
            return {"text": title, "url": str(button["url"])}
        if len(payload.encode()) > CALLBACK_DATA_BYTES or payload.startswith(STORED_PAYLOAD_PREFIX):
            payload = STORED_PAYLOAD_PREFIX + await self.payloads.shorten(payload)
        return {"text": title, "callback_data": payload}

    async def _queue(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.outbox.put(recipient_id, message)
        self._wake()


async def expand_callback_data(data: str, payloads: ButtonPayloads) -> str:
    """The Rasa payload behind a button's callback data (see ``TelegramOutput._key``)."""
    if data.startswith(STORED_PAYLOAD_PREFIX):
        return await payloads.expand(data[len(STORED_PAYLOAD_PREFIX) :]) or ""
    return data
