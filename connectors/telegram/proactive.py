"""Messages to a Telegram user that are not replies to their latest message.

For the handoff (issue 6): a caseworker's reply from the web app reaches the user's Telegram chat
through ``send_to_sender(sender_id, text)``. The caller knows only Rasa's pseudonymous sender id;
the chat id stays in the address table. The message is queued in the same outbox as the bot's
replies, so it is sent by the Rasa server's Telegram channel (within ``poll_seconds``, 1 s by
default), in order with them, rate limited, and kept through 429s and outages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.settings import Settings
from connectors.inbox import AddressBook, ButtonPayloads, ChannelQueue, Database, migrate
from connectors.telegram.output import CHANNEL, TelegramOutput


@dataclass(frozen=True)
class _Stores:
    addresses: AddressBook
    output: TelegramOutput


@cache
def _stores(db_url: str) -> _Stores:
    migrate(db_url)
    db = Database(db_url, threads=2)
    outbox = ChannelQueue(db, CHANNEL, "out")
    return _Stores(AddressBook(db, CHANNEL), TelegramOutput(outbox, ButtonPayloads(db)))


async def is_telegram_sender(sender_id: str, db_url: str | None = None) -> bool:
    """True when ``sender_id`` is a Telegram user the bot can still write to."""
    stores = _stores(db_url or Settings.from_env().db_url)
    return await stores.addresses.lookup(sender_id) is not None


async def send_to_sender(
    sender_id: str,
    text: str,
    buttons: list[dict[str, Any]] | None = None,
    db_url: str | None = None,
) -> bool:
    """Queues ``text`` (and Rasa-style ``buttons``) for the Telegram chat behind ``sender_id``.

    Returns False, sending nothing, when there is no such chat: the sender is not a Telegram user,
    or their data was deleted.
    """
    stores = _stores(db_url or Settings.from_env().db_url)
    if await stores.addresses.lookup(sender_id) is None:
        return False
    await stores.output.queue_text(sender_id, text, buttons)
    return True
