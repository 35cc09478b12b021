"""The channel tables' database: one SQLAlchemy URL (``PHUEAN_DB_URL``), migrated by Alembic.

The webhook handlers and workers are asyncio code, SQLAlchemy 1.4 (Rasa's pin) is synchronous: each
database call runs in a small thread pool of its own so the event loop never waits on a disk.
SQLite (the default) is shared with Rasa's tracker store and the case store; write-ahead logging
lets readers and one writer work at once, and a busy timeout makes a writer wait for the lock
instead of failing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

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


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_table", VERSION_TABLE)
    # "%" is Alembic's interpolation character; a password may contain it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str) -> None:
    """Brings the channel tables to the newest revision (a no-op when they are there)."""
    command.upgrade(alembic_config(url), "head")


class Database:
    """An engine plus the threads its blocking calls run on.

    SQLite takes one writer at a time and makes the others sleep and retry, in steps of up to
    100 ms: one thread, which queues this process's calls instead, is several times faster.
    """

    def __init__(self, url: str, threads: int = 4) -> None:
        self.url = url
        self.engine = make_engine(url)
        if self.engine.dialect.name == "sqlite":
            threads = 1
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="channel-db")

    async def run(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``function(engine, *args, **kwargs)`` on a database thread."""
        loop = asyncio.get_running_loop()
        call = partial(function, self.engine, *args, **kwargs)
        return await loop.run_in_executor(self._executor, call)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()
