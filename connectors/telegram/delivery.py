"""Sends one queued reply to its Telegram chat (the outbox worker's handler).

What Telegram answers decides what happens to the reply:

- sent: done;
- 429 ``RetryAfter`` (after the rate limiter's own retries): kept, the chat pauses for as long as
  Telegram asks, then the same reply goes first — nothing lost, order kept;
- ``Forbidden`` (the user blocked the bot) or ``BadRequest`` (Telegram will never take it): given
  up, logged without content;
- network trouble: raised, so the worker retries with back-off.
"""

from __future__ import annotations

import datetime
import logging
import warnings
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import ExtBot

from connectors.inbox import AddressBook, Outcome, QueuedItem, RetryLater

logger = logging.getLogger(__name__)


class Delivery:
    def __init__(self, bot: ExtBot[Any], addresses: AddressBook) -> None:
        self.bot = bot
        self.addresses = addresses

    async def __call__(self, item: QueuedItem) -> Outcome | RetryLater:
        address = await self.addresses.lookup(item.conversation)
        if address is None:
            logger.info("telegram: dropped a reply with no chat to go to (data deleted)")
            return Outcome.FAILED
        try:
            await self.send(int(address.address), item.payload)
        except RetryAfter as error:
            return RetryLater(retry_seconds(error))
        except Forbidden:
            logger.info("telegram: dropped a reply: the user has blocked the bot")
            return Outcome.FAILED
        except BadRequest as error:
            logger.warning("telegram: Telegram refused a reply: %s", error.message)
            return Outcome.FAILED
        return Outcome.DONE

    async def send(self, chat_id: int, message: dict[str, Any]) -> None:
        markup = _markup(message.get("keyboard"))
        if "photo" in message:
            await self.bot.send_photo(chat_id, message["photo"], reply_markup=markup)
        else:
            await self.bot.send_message(chat_id, message["text"], reply_markup=markup)


def _markup(rows: list[list[dict[str, str]]] | None) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup([[_button(key) for key in row] for row in rows])


def _button(key: dict[str, str]) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        key["text"], callback_data=key.get("callback_data"), url=key.get("url")
    )


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB 22 warns that this may become a timedelta
        value = error.retry_after
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return float(value)
