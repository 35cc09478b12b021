"""Works through a ``ChannelQueue``: conversations in parallel, each one's messages in order.

The worker wakes when its own process stores a message (``wake()``) and otherwise looks at the
database every ``poll_seconds``, which is how it picks up messages stored by other processes
(a caseworker reply from the web app) and conversations a crashed replica left behind (its lease
runs out). A handler that raises is retried with exponential back-off, up to ``max_attempts``;
a handler that asks to retry later (Telegram's "retry after") pauses its conversation without
counting an attempt. Either way the conversation's later messages wait: order beats speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from connectors.inbox.queue import ChannelQueue, QueuedItem, purge_finished

logger = logging.getLogger(__name__)

# Repeated deliveries are recognised for this long after a message was handled.
REPEAT_WINDOW_SECONDS = 7 * 24 * 3600
PURGE_EVERY_SECONDS = 3600


class Outcome(enum.Enum):
    DONE = "done"
    FAILED = "failed"  # will never work (e.g. the user blocked the bot): give up, move on


@dataclass(frozen=True)
class RetryLater:
    """Try the same message again after ``seconds``; the conversation waits."""

    seconds: float


Handler = Callable[[QueuedItem], Awaitable["Outcome | RetryLater"]]


def instance_id() -> str:
    """Names this process's leases: a restarted process takes its own leases back at once.

    ``PHUEAN_INSTANCE`` if set, else host name and Rasa port (two replicas on one host differ by
    port).
    """
    configured = os.environ.get("PHUEAN_INSTANCE")
    if configured:
        return configured
    return f"{socket.gethostname()}:{os.environ.get('RASA_PORT', '5005')}"


class QueueWorker:
    def __init__(
        self,
        queue: ChannelQueue,
        handle: Handler,
        *,
        owner: str | None = None,
        concurrency: int = 8,
        lease_seconds: float = 60.0,
        poll_seconds: float = 1.0,
        max_attempts: int = 5,
        ready: Callable[[], bool] = lambda: True,
    ) -> None:
        self.queue = queue
        self._handle = handle
        self.owner = owner or instance_id()
        self._concurrency = concurrency
        self._lease_seconds = lease_seconds
        self._poll_seconds = poll_seconds
        self._max_attempts = max_attempts
        self._ready = ready
        self._wake = asyncio.Event()
        self._active: dict[str, asyncio.Task[None]] = {}
        self._main: asyncio.Task[None] | None = None
        self._stopping = False
        self._name = f"{queue.channel} {queue.direction}"

    def start(self) -> None:
        self._main = asyncio.create_task(self._run(), name=f"queue worker {self._name}")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Lets running handlers finish (up to ``grace_seconds``), then gives the leases back."""
        self._stopping = True
        self._wake.set()
        if self._main:
            with contextlib.suppress(asyncio.CancelledError):
                await self._main
        running = list(self._active.values())
        if running:
            _, late = await asyncio.wait(running, timeout=grace_seconds)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self.queue.release_all(self.owner)

    async def _run(self) -> None:
        while not self._ready() and not self._stopping:
            await asyncio.sleep(0.2)
        await self.queue.release_all(self.owner)
        last_renewal = last_purge = 0.0
        while not self._stopping:
            self._wake.clear()
            try:
                await self._start_ready_conversations()
                now = time.monotonic()
                if now - last_renewal > self._lease_seconds / 3:
                    await self.queue.renew(self._active, self.owner, self._lease_seconds)
                    last_renewal = now
                if now - last_purge > PURGE_EVERY_SECONDS:
                    await self.queue.db.run(purge_finished, time.time() - REPEAT_WINDOW_SECONDS)
                    last_purge = now
            except Exception as error:
                # The database may be briefly unreachable; the messages are safe in it.
                logger.warning("%s worker: %s; trying again", self._name, type(error).__name__)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)

    async def _start_ready_conversations(self) -> None:
        room = self._concurrency - len(self._active)
        if room <= 0:
            return
        candidates = await self.queue.ready_conversations(self.owner, room + len(self._active))
        for conversation in candidates:
            if len(self._active) >= self._concurrency:
                break
            if conversation in self._active:
                continue
            if await self.queue.claim(conversation, self.owner, self._lease_seconds):
                task = asyncio.create_task(self._drain(conversation))
                self._active[conversation] = task

    async def _drain(self, conversation: str) -> None:
        """Handles the conversation's pending messages in order, then gives the lease back."""
        pause_until = 0.0
        try:
            while not self._stopping:
                item = await self.queue.next_item(conversation)
                if item is None:
                    break
                pause_until = await self._handle_one(item)
                if pause_until:
                    break
        except Exception as error:
            logger.warning("%s worker: %s", self._name, type(error).__name__)
            pause_until = time.time() + self._poll_seconds
        finally:
            self._active.pop(conversation, None)
            with contextlib.suppress(Exception):
                await self.queue.release(conversation, self.owner, pause_until)
            self._wake.set()

    async def _handle_one(self, item: QueuedItem) -> float:
        """Handles ``item``; returns when the conversation may go on (0: right away)."""
        try:
            outcome = await self._handle(item)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            attempt = item.attempts + 1
            if attempt >= self._max_attempts:
                logger.error(
                    "%s worker: gave up on a message after %d attempts (%s)",
                    self._name,
                    attempt,
                    type(error).__name__,
                )
                await self.queue.finish(item, Outcome.FAILED.value)
                return 0.0
            delay = min(2.0**attempt, 60.0)
            logger.warning(
                "%s worker: attempt %d failed (%s); again in %.0f s",
                self._name,
                attempt,
                type(error).__name__,
                delay,
            )
            logger.debug("handler error", exc_info=True)
            await self.queue.count_attempt(item)
            return time.time() + delay
        if isinstance(outcome, RetryLater):
            return time.time() + max(outcome.seconds, 0.001)
        await self.queue.finish(item, outcome.value)
        return 0.0
