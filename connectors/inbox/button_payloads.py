"""Button payloads longer than a channel's callback field, stored and referred to by digest.

Telegram's ``callback_data`` holds at most 64 bytes; a Rasa payload with entities can be longer.
Such a payload is stored once under its SHA-256 digest and the button carries the digest instead.
Payloads are written by the bot (intent names and entities), never by users.
"""

from __future__ import annotations

import hashlib
import time

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from connectors.inbox.database import Database
from connectors.inbox.tables import button_payloads

DIGEST_CHARS = 32


class ButtonPayloads:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def shorten(self, payload: str) -> str:
        """The digest standing for ``payload`` (stored if new)."""
        digest = hashlib.sha256(payload.encode()).hexdigest()[:DIGEST_CHARS]
        await self.db.run(_store, digest, payload)
        return digest

    async def expand(self, digest: str) -> str | None:
        return await self.db.run(_load, digest)


def _store(engine: Engine, digest: str, payload: str) -> None:
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(button_payloads).values(
                    digest=digest, payload=payload, created_at=time.time()
                )
            )
    except IntegrityError:
        pass  # stored before


def _load(engine: Engine, digest: str) -> str | None:
    with engine.connect() as conn:
        value = conn.execute(
            select(button_payloads.c.payload).where(button_payloads.c.digest == digest)
        ).scalar()
    return None if value is None else str(value)
