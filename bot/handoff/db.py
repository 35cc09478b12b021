"""Engine and sessions of the case store, from one SQLAlchemy URL (migrations: ``schema.py``).

SQLite (the default, ``var/phuean.db``) is shared by three processes: the Rasa server's tracker
store, the action server and the web app. Write-ahead logging lets readers and one writer work at
once, and a busy timeout makes a writer wait for the lock instead of failing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _on_sqlite_connect(connection: Any, _: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


@cache
def session_factory(url: str) -> sessionmaker[Session]:
    """One engine and session factory per URL and process."""
    return sessionmaker(make_engine(url), future=True, expire_on_commit=False)
