"""A durable, ordered, de-duplicated queue of one channel's messages in one direction.

Inbound (``in``): every update a channel receives is stored here before the channel acknowledges
it; a second delivery of the same ``external_key`` is recognised and dropped. Outbound (``out``):
every reply is stored here before it is sent, so a rate limit or an outage delays it but never
loses it. Either way, rows of one conversation are handled one at a time in ``sequence`` order,
by whichever process holds the conversation's lease (``channel_leases``), so several Rasa replicas
can share the work without answering one chat out of order or twice.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from connectors.inbox.database import Database
from connectors.inbox.tables import leases, queue

Direction = Literal["in", "out"]
PENDING, DONE, FAILED = "pending", "done", "failed"


@dataclass(frozen=True)
class QueuedItem:
    id: int
    conversation: str
    sequence: int
    payload: dict[str, Any]
    attempts: int


class ChannelQueue:
    """One channel's queue in one direction (``"in"`` or ``"out"``)."""

    def __init__(self, db: Database, channel: str, direction: Direction) -> None:
        self.db = db
        self.channel = channel
        self.direction = direction

    # Writing

    async def put(
        self,
        conversation: str,
        payload: dict[str, Any],
        sequence: int | None = None,
        external_key: str | None = None,
        first: bool = False,
    ) -> bool:
        """Stores one message; False when ``external_key`` was stored before (a repeat).

        ``first``: ahead of other database calls waiting (someone is waiting for the answer).
        """
        row = {
            "channel": self.channel,
            "direction": self.direction,
            "conversation": conversation,
            "external_key": external_key,
            "sequence": time.time_ns() if sequence is None else sequence,
            "payload": json.dumps(payload, ensure_ascii=False),
            "state": PENDING,
            "attempts": 0,
            "created_at": time.time(),
        }
        if first:
            return await self.db.run_first(_insert, row)
        return await self.db.run(_insert, row)

    async def finish(self, item: QueuedItem, state: str = DONE) -> None:
        """Marks ``item`` done (or failed) and forgets its content."""
        await self.db.run(_finish, item.id, state)

    async def count_attempt(self, item: QueuedItem) -> None:
        await self.db.run(_count_attempt, item.id)

    # Reading

    async def next_item(self, conversation: str) -> QueuedItem | None:
        """The conversation's oldest pending message."""
        return await self.db.run(_next_item, self.channel, self.direction, conversation)

    async def ready_conversations(self, owner: str, limit: int) -> list[str]:
        """Conversations with pending messages that nobody else holds and no pause blocks."""
        return await self.db.run(
            _ready, self.channel, self.direction, owner=owner, now=time.time(), limit=limit
        )

    async def pending_count(self) -> int:
        return await self.db.run(_pending_count, self.channel, self.direction)

    # Leases

    async def claim(self, conversation: str, owner: str, seconds: float) -> bool:
        now = time.time()
        return await self.db.run(_claim, self._key(conversation), owner, now, now + seconds)

    async def renew(self, conversations: Iterable[str], owner: str, seconds: float) -> None:
        await self.db.run(
            _renew,
            self.channel,
            self.direction,
            conversations=list(conversations),
            owner=owner,
            seconds=seconds,
        )

    async def release(self, conversation: str, owner: str, pause_until: float = 0.0) -> None:
        """Gives the conversation up; with ``pause_until``, nobody may take it before then."""
        await self.db.run(_release, self._key(conversation), owner, pause_until)

    async def release_all(self, owner: str) -> None:
        """Drops every lease ``owner`` holds: a restarted process resumes its work at once."""
        await self.db.run(_release_all, self.channel, self.direction, owner)

    def _key(self, conversation: str) -> dict[str, str]:
        return {"channel": self.channel, "direction": self.direction, "conversation": conversation}


def purge_finished(engine: Engine, older_than: float) -> int:
    """Deletes done and failed rows finished before ``older_than`` (repeat detection window)."""
    with engine.begin() as conn:
        result = conn.execute(
            delete(queue).where(queue.c.state != PENDING, queue.c.finished_at < older_than)
        )
    return int(result.rowcount or 0)


def _insert(engine: Engine, row: dict[str, Any]) -> bool:
    try:
        with engine.begin() as conn:
            conn.execute(insert(queue).values(**row))
    except IntegrityError:
        return False
    return True


def _finish(engine: Engine, item_id: int, state: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(queue)
            .where(queue.c.id == item_id)
            .values(state=state, payload=None, finished_at=time.time())
        )


def _count_attempt(engine: Engine, item_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(queue).where(queue.c.id == item_id).values(attempts=queue.c.attempts + 1)
        )


def _next_item(
    engine: Engine, channel: str, direction: str, conversation: str
) -> QueuedItem | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(queue.c.id, queue.c.sequence, queue.c.payload, queue.c.attempts)
            .where(
                queue.c.channel == channel,
                queue.c.direction == direction,
                queue.c.conversation == conversation,
                queue.c.state == PENDING,
            )
            .order_by(queue.c.sequence, queue.c.id)
            .limit(1)
        ).first()
    if row is None:
        return None
    return QueuedItem(
        id=row.id,
        conversation=conversation,
        sequence=row.sequence,
        payload=json.loads(row.payload),
        attempts=row.attempts,
    )


def _ready(
    engine: Engine, channel: str, direction: str, *, owner: str, now: float, limit: int
) -> list[str]:
    joined = queue.outerjoin(
        leases,
        and_(
            leases.c.channel == queue.c.channel,
            leases.c.direction == queue.c.direction,
            leases.c.conversation == queue.c.conversation,
        ),
    )
    statement = (
        select(queue.c.conversation)
        .select_from(joined)
        .where(
            queue.c.channel == channel,
            queue.c.direction == direction,
            queue.c.state == PENDING,
            or_(leases.c.owner.is_(None), leases.c.expires_at <= now, leases.c.owner == owner),
        )
        .group_by(queue.c.conversation)
        .order_by(func.min(queue.c.id))
        .limit(limit)
    )
    with engine.connect() as conn:
        return [str(row.conversation) for row in conn.execute(statement)]


def _pending_count(engine: Engine, channel: str, direction: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).where(
                    queue.c.channel == channel,
                    queue.c.direction == direction,
                    queue.c.state == PENDING,
                )
            ).scalar_one()
        )


def _lease_filter(key: dict[str, str]) -> Any:
    return and_(*(leases.c[name] == value for name, value in key.items()))


def _claim(engine: Engine, key: dict[str, str], owner: str, now: float, until: float) -> bool:
    with engine.begin() as conn:
        taken = conn.execute(
            update(leases)
            .where(_lease_filter(key), or_(leases.c.expires_at <= now, leases.c.owner == owner))
            .values(owner=owner, expires_at=until)
        ).rowcount
    if taken:
        return True
    try:
        with engine.begin() as conn:
            conn.execute(insert(leases).values(**key, owner=owner, expires_at=until))
    except IntegrityError:
        return False  # someone else holds it, or it is paused
    return True


def _renew(
    engine: Engine,
    channel: str,
    direction: str,
    *,
    conversations: list[str],
    owner: str,
    seconds: float,
) -> None:
    if not conversations:
        return
    with engine.begin() as conn:
        conn.execute(
            update(leases)
            .where(
                leases.c.channel == channel,
                leases.c.direction == direction,
                leases.c.owner == owner,
                leases.c.conversation.in_(conversations),
            )
            .values(expires_at=time.time() + seconds)
        )


def _release(engine: Engine, key: dict[str, str], owner: str, pause_until: float) -> None:
    held = and_(_lease_filter(key), leases.c.owner == owner)
    with engine.begin() as conn:
        if pause_until > time.time():
            conn.execute(update(leases).where(held).values(owner="", expires_at=pause_until))
        else:
            conn.execute(delete(leases).where(held))


def _release_all(engine: Engine, channel: str, direction: str, owner: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(leases).where(
                leases.c.channel == channel,
                leases.c.direction == direction,
                leases.c.owner == owner,
            )
        )
