"""Where a sender id's replies go: the raw channel id, kept in this one table and nowhere else.

Rasa, the case store and the logs know a user only by the pseudonymous sender id. To answer later
(a caseworker's reply, a message queued during an outage) a channel needs the real address; it
looks it up here. Deleting a user's data deletes their row, after which nothing can reach them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine

from connectors.inbox.database import Database
from connectors.inbox.tables import addresses


@dataclass(frozen=True)
class Address:
    address: str
    language_code: str | None
    last_message_id: int | None


class AddressBook:
    """One channel's sender id -> address table."""

    def __init__(self, db: Database, channel: str) -> None:
        self.db = db
        self.channel = channel

    async def remember(
        self,
        sender_id: str,
        address: str,
        language_code: str | None = None,
        message_id: int | None = None,
    ) -> None:
        """Records (or refreshes) the address; ``message_id`` is the user's latest message."""
        values: dict[str, object] = {"address": address, "updated_at": time.time()}
        if language_code:
            values["language_code"] = language_code
        if message_id is not None:
            values["last_message_id"] = message_id
        await self.db.run(_upsert, self.channel, sender_id, values)

    async def lookup(self, sender_id: str) -> Address | None:
        return await self.db.run(_lookup, self.channel, sender_id)

    async def forget(self, sender_id: str) -> None:
        await self.db.run(_forget, self.channel, sender_id)


def _upsert(engine: Engine, channel: str, sender_id: str, values: dict[str, object]) -> None:
    key = (addresses.c.channel == channel, addresses.c.sender_id == sender_id)
    with engine.begin() as conn:
        if conn.execute(update(addresses).where(*key).values(**values)).rowcount:
            return
        conn.execute(insert(addresses).values(channel=channel, sender_id=sender_id, **values))


def _lookup(engine: Engine, channel: str, sender_id: str) -> Address | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(
                addresses.c.address, addresses.c.language_code, addresses.c.last_message_id
            ).where(addresses.c.channel == channel, addresses.c.sender_id == sender_id)
        ).first()
    if row is None:
        return None
    return Address(row.address, row.language_code, row.last_message_id)


def _forget(engine: Engine, channel: str, sender_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(addresses).where(
                addresses.c.channel == channel, addresses.c.sender_id == sender_id
            )
        )
