"""Long polling (``mode: polling``): Telegram without a public URL, for local development.

Removes any webhook (Telegram refuses ``getUpdates`` while one is set), then asks for updates
with a long poll. Updates are stored in the inbox *before* the next request's ``offset``
confirms them to Telegram, so a crash between the two gets them delivered again, and the
inbox's repeat check drops the copies. Only one process may poll a bot: use webhooks for
replicas.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import Conflict
from telegram.ext import ExtBot

from connectors.telegram.bot import LONG_POLL_SECONDS
from connectors.telegram.intake import Intake
from connectors.telegram.webhook import Rejected

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


class UpdatePoller:
    def __init__(self, bot: ExtBot[Any], intake: Intake, timeout: int = LONG_POLL_SECONDS) -> None:
        self.bot = bot
        self.intake = intake
        self.timeout = timeout
        self._running = True

    def stop(self) -> None:
        self._running = False

    async def run(self) -> None:
        offset: int | None = None
        failures = 0
        webhook_removed = False
        while self._running:
            try:
                if not webhook_removed:
                    await self.bot.delete_webhook()
                    webhook_removed = True
                updates = await self.bot.get_updates(
                    offset=offset, timeout=self.timeout, allowed_updates=ALLOWED_UPDATES
                )
                for update in updates:
                    try:
                        await self.intake.accept(update.to_dict())
                    except Rejected:
                        logger.warning("telegram: skipped an update python-telegram-bot can't read")
                    offset = update.update_id + 1
                failures = 0
            except Conflict:
                logger.warning("telegram: another process is polling this bot or a webhook is set")
                webhook_removed = False
                await asyncio.sleep(5)
            except Exception as error:  # Telegram or the database unreachable: wait, go on
                failures += 1
                logger.warning("telegram: polling failed (%s)", type(error).__name__)
                await asyncio.sleep(min(2.0**failures, 60.0))
