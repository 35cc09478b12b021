"""Handles one stored update (the inbox worker's handler): Telegram's ways, Rasa's answers.

- text, commands and button taps go to Rasa (commands and taps as intent payloads), with a
  "typing…" action while Rasa works and the button's spinner stopped at once;
- ``/start`` shows the language picker with the user's Telegram language ticked;
- stickers, photos, voice notes, locations and documents get a polite answer in the user's
  language — or, while a caseworker has the chat, reach Rasa as "[voice message]" and so on, so
  the caseworker sees them (no file and no coordinates are kept);
- an edit of the user's latest message is answered as that message, corrected; an edit of an
  older one is left alone, since answering it would be out of context;
- a group chat is told, once, that Phuean only talks one to one, and the bot leaves it.

Nothing here logs what users wrote or who they are.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Protocol

from rasa.core.channels.channel import UserMessage
from telegram import Update
from telegram.constants import ChatAction
from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.actions.buttons import language_buttons
from bot.constants import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    SLOT_HANDOFF,
    SLOT_LANGUAGE,
    SLOT_LANGUAGE_PINNED,
)
from bot.i18n import translate
from connectors.inbox import AddressBook, ButtonPayloads, Outcome, QueuedItem
from connectors.telegram.commands import START, rasa_payload
from connectors.telegram.output import CHANNEL, TelegramOutput, expand_callback_data
from connectors.telegram.updates import Incoming, Kind, catalogue_language, read_incoming

logger = logging.getLogger(__name__)

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]
HANDOFF_OPEN = ("waiting", "active")
PICKED = "✓ "
SPINNER_SECONDS = 5.0


class Conversations(Protocol):
    """What the channel may read of a conversation: its slots ({} for a new one)."""

    async def slots(self, sender_id: str) -> Mapping[str, Any]: ...


class NoConversations:
    async def slots(self, sender_id: str) -> Mapping[str, Any]:
        return {}


class UpdateHandler:
    def __init__(
        self,
        bot: ExtBot[Any],
        *,
        output: TelegramOutput,
        addresses: AddressBook,
        payloads: ButtonPayloads,
        on_new_message: OnNewMessage,
        conversations: Conversations,
    ) -> None:
        self.bot = bot
        self.output = output
        self.addresses = addresses
        self.payloads = payloads
        self.on_new_message = on_new_message
        self.conversations = conversations
        self._chat_actions: set[asyncio.Task[None]] = set()

    async def __call__(self, item: QueuedItem) -> Outcome:
        update = Update.de_json(item.payload, self.bot)
        incoming = read_incoming(update)
        sender_id = item.conversation
        if incoming.kind is Kind.IGNORED or incoming.chat_id is None:
            return Outcome.DONE
        if incoming.kind is Kind.GROUP:
            await self._refuse_group(incoming)
            return Outcome.DONE
        metadata = {"update_id": update.update_id, "language_code": incoming.language_code}
        if incoming.kind is Kind.EDIT:
            address = await self.addresses.lookup(sender_id)
            if address is None or address.last_message_id != incoming.message_id:
                return Outcome.DONE
            await self._to_rasa(sender_id, incoming, incoming.text, {**metadata, "edited": True})
            return Outcome.DONE
        await self.addresses.remember(
            sender_id, str(incoming.chat_id), incoming.language_code, incoming.message_id
        )
        await self._handle(sender_id, incoming, metadata)
        return Outcome.DONE

    async def _handle(self, sender_id: str, incoming: Incoming, metadata: dict[str, Any]) -> None:
        if incoming.kind is Kind.COMMAND and incoming.text == START:
            await self._show_language_picker(sender_id, incoming)
        elif incoming.kind is Kind.COMMAND:
            await self._to_rasa(sender_id, incoming, rasa_payload(incoming.text), metadata)
        elif incoming.kind is Kind.BUTTON:
            await self._stop_spinner(incoming)
            payload = await expand_callback_data(incoming.text, self.payloads)
            if payload:
                await self._to_rasa(sender_id, incoming, payload, metadata)
        elif incoming.kind is Kind.MEDIA:
            await self._media(sender_id, incoming, metadata)
        else:
            # A typed "/" would be read by Rasa as an intent name; users only write text.
            text = incoming.text.lstrip("/ ")
            if text:
                await self._to_rasa(sender_id, incoming, text, metadata)

    async def _to_rasa(
        self, sender_id: str, incoming: Incoming, text: str, metadata: dict[str, Any]
    ) -> None:
        assert incoming.chat_id is not None
        self._show_typing(incoming.chat_id)
        await self.on_new_message(
            UserMessage(
                text,
                self.output,
                sender_id,
                input_channel=CHANNEL,
                message_id=f"{CHANNEL}-{metadata['update_id']}",
                metadata={CHANNEL: metadata},
            )
        )

    async def _show_language_picker(self, sender_id: str, incoming: Incoming) -> None:
        slots = await self.conversations.slots(sender_id)
        language = str(slots.get(SLOT_LANGUAGE)) if slots.get(SLOT_LANGUAGE_PINNED) else None
        language = language or catalogue_language(incoming.language_code) or DEFAULT_LANGUAGE
        buttons = language_buttons()
        for code, button in zip(LANGUAGES, buttons, strict=True):
            if code == language:
                button["title"] = PICKED + button["title"]
        await self.output.queue_text(sender_id, translate("telegram.start", language), buttons)

    async def _media(self, sender_id: str, incoming: Incoming, metadata: dict[str, Any]) -> None:
        slots = await self.conversations.slots(sender_id)
        language = self._language(slots, incoming)
        media = incoming.media or "other"
        if slots.get(SLOT_HANDOFF) in HANDOFF_OPEN:
            label = translate(f"telegram.label.{media}", language)
            text = f"{label} {incoming.text}".strip()
            await self._to_rasa(sender_id, incoming, text, {**metadata, "media": media})
            return
        await self.output.queue_text(sender_id, translate(f"telegram.media.{media}", language))
        if incoming.text.strip():
            await self._to_rasa(sender_id, incoming, incoming.text, metadata)

    @staticmethod
    def _language(slots: Mapping[str, Any], incoming: Incoming) -> str:
        """The conversation's language; for a new one, the user's Telegram language."""
        if slots.get(SLOT_LANGUAGE) in LANGUAGES:
            return str(slots[SLOT_LANGUAGE])
        return catalogue_language(incoming.language_code) or DEFAULT_LANGUAGE

    async def _refuse_group(self, incoming: Incoming) -> None:
        assert incoming.chat_id is not None
        language = catalogue_language(incoming.language_code) or DEFAULT_LANGUAGE
        try:
            await self.bot.send_message(incoming.chat_id, translate("telegram.group", language))
            await self.bot.leave_chat(incoming.chat_id)
        except Forbidden:
            pass  # already removed from the group

    async def _stop_spinner(self, incoming: Incoming) -> None:
        """Answers the tap, so the button stops spinning; a slow Telegram holds Rasa up 5 s at
        most."""
        if incoming.callback_query_id:
            with contextlib.suppress(TelegramError, asyncio.TimeoutError):
                answer = self.bot.answer_callback_query(incoming.callback_query_id)
                await asyncio.wait_for(answer, SPINNER_SECONDS)

    def _show_typing(self, chat_id: int) -> None:
        """Shows "typing…" in the chat while Rasa works; best effort, never holds the reply up."""
        task = asyncio.create_task(self._typing(chat_id))
        self._chat_actions.add(task)
        task.add_done_callback(self._chat_actions.discard)

    async def _typing(self, chat_id: int) -> None:
        try:
            await asyncio.wait_for(self.bot.send_chat_action(chat_id, ChatAction.TYPING), 10)
        except (TelegramError, asyncio.TimeoutError) as error:
            logger.debug("telegram: no typing action (%s)", type(error).__name__)
