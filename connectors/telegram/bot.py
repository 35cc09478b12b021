"""The python-telegram-bot client the channel sends with: rate limited, retrying on 429.

``AIORateLimiter`` keeps the whole bot under Telegram's overall limit (about 30 messages a second)
and group chats under 20 a minute, and on a 429 ``RetryAfter`` holds *all* requests for the time
Telegram asks, then retries. It does not limit a private chat; Telegram asks for about one message
a second there, with short bursts allowed, so ``ChatRateLimiter`` adds a leaky bucket per chat.
When the retries run out the ``RetryAfter`` reaches the outbox, which keeps the reply and tries
again later: a 429 storm delays replies but loses none.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from connectors.telegram.settings import TelegramSettings

# Requests that put a message into a chat (and so count against the chat's limit).
_CHAT_MESSAGE_ENDPOINTS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendSticker", "sendLocation"}
)
_MAX_CHAT_LIMITERS = 4096
LONG_POLL_SECONDS = 25
# httpcore checks every idle pooled connection on each request, so a big pool costs CPU; eight
# keep-alive connections carry far more than Telegram's 30 messages a second.
CONNECTIONS = 8
POOL_WAIT_SECONDS = 30.0

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class ChatRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` plus, per private chat, a bucket of ``burst`` messages refilled at
    ``chat_per_second``."""

    def __init__(
        self, overall_per_second: float, chat_per_second: float, burst: int, max_retries: int
    ) -> None:
        super().__init__(overall_max_rate=overall_per_second, max_retries=max_retries)
        self._chat_per_second = chat_per_second
        self._burst = burst
        self._chats: dict[int, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        if len(self._chats) > _MAX_CHAT_LIMITERS:
            idle = [key for key, bucket in self._chats.items() if bucket.has_capacity(self._burst)]
            for key in idle:
                del self._chats[key]
        if chat_id not in self._chats:
            self._chats[chat_id] = AsyncLimiter(self._burst, self._burst / self._chat_per_second)
        return self._chats[chat_id]

    async def process_request(  # noqa: PLR0917 (PTB's signature)
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        try:
            chat_id = int(data.get("chat_id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            chat_id = 0  # not a chat request, or a @channel name
        if endpoint in _CHAT_MESSAGE_ENDPOINTS and chat_id > 0:
            async with self._chat_limiter(chat_id):
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


def make_bot(settings: TelegramSettings, max_retries: int = 3) -> ExtBot[Any]:
    """A bot for ``settings``; no network request is made until the first call."""
    keep_tokens_out_of_logs()
    limiter = ChatRateLimiter(
        overall_per_second=settings.messages_per_second,
        chat_per_second=settings.chat_messages_per_second,
        burst=settings.chat_burst,
        max_retries=max_retries,
    )
    return ExtBot(
        settings.token,
        base_url=settings.base_url,
        request=HTTPXRequest(
            connection_pool_size=CONNECTIONS, read_timeout=15.0, pool_timeout=POOL_WAIT_SECONDS
        ),
        get_updates_request=HTTPXRequest(read_timeout=LONG_POLL_SECONDS + 10.0),
        rate_limiter=limiter,
    )


def keep_tokens_out_of_logs() -> None:
    """httpx logs every request URL at INFO, and a Bot API URL contains the bot's token."""
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
