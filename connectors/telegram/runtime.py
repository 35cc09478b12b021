"""Everything the Telegram channel runs, put together and started and stopped in the right order.

``open()`` (before the server takes requests): migrate the channel tables, open the queues.
``start()`` (once the server runs): the inbox worker (waits until Rasa's model is loaded), the
outbox worker, the command menus, and long polling when configured. ``close()``: stop polling,
let running handlers finish, give the leases back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from telegram.error import TelegramError

from connectors.inbox import (
    AddressBook,
    ButtonPayloads,
    ChannelQueue,
    Database,
    QueueWorker,
    migrate,
)
from connectors.telegram.bot import make_bot
from connectors.telegram.commands import register_commands
from connectors.telegram.delivery import Delivery
from connectors.telegram.handler import Conversations, OnNewMessage, UpdateHandler
from connectors.telegram.intake import Intake
from connectors.telegram.output import CHANNEL, TelegramOutput
from connectors.telegram.polling import UpdatePoller
from connectors.telegram.settings import TelegramSettings

logger = logging.getLogger(__name__)

OUTBOX_CONCURRENCY = 32
# Network trouble while sending: retried with back-off (2, 4, ... 60 s) for about 15 minutes.
OUTBOX_MAX_ATTEMPTS = 20


class TelegramRuntime:
    def __init__(self, settings: TelegramSettings, db_url: str) -> None:
        self.settings = settings
        self.db_url = db_url
        self.bot = make_bot(settings)
        self._inbox_worker: QueueWorker | None = None
        self._background: list[asyncio.Task[None]] = []
        self._poller: UpdatePoller | None = None

    async def open(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, migrate, self.db_url)
        self.db = Database(self.db_url)
        self.inbox = ChannelQueue(self.db, CHANNEL, "in")
        self.outbox = ChannelQueue(self.db, CHANNEL, "out")
        self.addresses = AddressBook(self.db, CHANNEL)
        self.payloads = ButtonPayloads(self.db)
        self.outbox_worker = QueueWorker(
            self.outbox,
            Delivery(self.bot, self.addresses),
            concurrency=OUTBOX_CONCURRENCY,
            max_attempts=OUTBOX_MAX_ATTEMPTS,
            poll_seconds=self.settings.poll_seconds,
        )
        self.output = TelegramOutput(self.outbox, self.payloads, wake=self.outbox_worker.wake)
        self.intake = Intake(self.inbox, self.settings.bot_id, wake=self._wake_inbox)

    async def start(
        self,
        on_new_message: OnNewMessage,
        conversations: Conversations,
        ready: Callable[[], bool] = lambda: True,
    ) -> None:
        handler = UpdateHandler(
            self.bot,
            output=self.output,
            addresses=self.addresses,
            payloads=self.payloads,
            on_new_message=on_new_message,
            conversations=conversations,
        )
        self._inbox_worker = QueueWorker(
            self.inbox,
            handler,
            concurrency=self.settings.concurrency,
            poll_seconds=self.settings.poll_seconds,
            ready=ready,
        )
        self._inbox_worker.start()
        self.outbox_worker.start()
        self._background.append(asyncio.create_task(self._register_commands()))
        if self.settings.mode == "polling":
            self._poller = UpdatePoller(self.bot, self.intake)
            self._background.append(asyncio.create_task(self._poller.run()))
        logger.info("telegram channel started (%s mode)", self.settings.mode)

    async def close(self) -> None:
        if self._poller:
            self._poller.stop()
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        if self._inbox_worker:
            await self._inbox_worker.stop()
        if hasattr(self, "outbox_worker"):
            await self.outbox_worker.stop()
        with contextlib.suppress(Exception):
            await self.bot.shutdown()
        if hasattr(self, "db"):
            self.db.close()

    def _wake_inbox(self) -> None:
        if self._inbox_worker:
            self._inbox_worker.wake()

    async def _register_commands(self) -> None:
        """The command menus; retried a few times, as Telegram may be unreachable at start."""
        for attempt in range(5):
            try:
                await register_commands(self.bot)
                return
            except TelegramError as error:
                logger.warning("telegram: command menus not registered (%s)", type(error).__name__)
                await asyncio.sleep(2.0**attempt)
