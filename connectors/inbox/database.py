"""The channel tables' database: one SQLAlchemy URL (``PHUEAN_DB_URL``), migrated by Alembic.

The webhook handlers and workers are asyncio code, SQLAlchemy 1.4 (Rasa's pin) is synchronous: each
database call runs in a small thread pool of its own so the event loop never waits on a disk.
SQLite (the default) is shared with Rasa's tracker store and the case store; write-ahead logging
lets readers and one writer work at once, and a busy timeout makes a writer wait for the lock
instead of failing.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

from bot import schema_migrations

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Our own version table, so the case store can keep an Alembic history of its own.
VERSION_TABLE = "channel_alembic_version"
SQLITE_BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")


def _on_sqlite_connect(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL and a busy timeout, its folder is created."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLAlchemy 1.4 opens a new SQLite connection per use by default (NullPool); keeping
        # them saves the connect and its PRAGMAs on every call.
        engine = create_engine(
            url,
            future=True,
            connect_args={"check_same_thread": False},
            poolclass=QueuePool,
            pool_size=4,
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def migrate(url: str) -> None:
    """Brings the channel tables to the newest revision (a no-op when they are there)."""
    schema_migrations.upgrade_to_head(MIGRATIONS, VERSION_TABLE, url)


class Database:
    """An engine plus the threads its blocking calls run on.

    Calls wait in a priority queue: ``run_first`` (storing an update before the channel's 200)
    goes ahead of the workers' calls, so a busy worker does not slow the acknowledgement down.
    SQLite takes one writer at a time and makes the others sleep and retry, in steps of up to
    100 ms: one thread, which queues this process's calls instead, is several times faster.
    """

    def __init__(self, url: str, threads: int = 4) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._threads = _PriorityThreads(1 if self.engine.dialect.name == "sqlite" else threads)

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(engine, *args, **kwargs)`` on a database thread."""
        call = partial(function, self.engine, *args, **kwargs)
        return await asyncio.wrap_future(self._threads.submit(_NORMAL, call))

    async def run_first(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Like ``run``, ahead of every call not yet started."""
        call = partial(function, self.engine, *args, **kwargs)
        return await asyncio.wrap_future(self._threads.submit(_FIRST, call))

    def close(self) -> None:
        self._threads.shutdown()
        self.engine.dispose()


_FIRST, _NORMAL, _STOP = 0, 1, 2


class _PriorityThreads:
    def __init__(self, count: int) -> None:
        self._calls: queue.PriorityQueue[tuple[int, int, Callable[[], Any] | None, Future[Any]]]
        self._calls = queue.PriorityQueue()
        self._order = itertools.count()
        self._threads = [
            threading.Thread(target=self._work, name="channel-db", daemon=True)
            for _ in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, priority: int, call: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._calls.put((priority, next(self._order), call, future))
        return future

    def shutdown(self) -> None:
        for _ in self._threads:
            self._calls.put((_STOP, next(self._order), None, Future()))
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        while True:
            _, _, call, future = self._calls.get()
            if call is None:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as error:
                future.set_exception(error)
