"""Live updates for the consoles: a table every web app replica tails, fanned out per team.

Writers (the action server opening a case, a caseworker replying) add a :class:`FeedEvent` row in
the same transaction as the change, with :func:`publish`. Each web app process runs one
:class:`Feed` that reads new rows every ``poll_s`` seconds (at once when it wrote them itself),
builds the payloads from the current rows, and hands each connected console the events for the
cases it may see. Message text goes only to the caseworker holding the case; other consoles get a
stub and fetch the case (an audited view) if they show it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.access import Actor
from bot.handoff.constants import EVENT_MESSAGE
from bot.handoff.models import Case, FeedEvent, TranscriptEntry
from bot.handoff.timing import utcnow
from bot.handoff.views import Json, case_summary, entry_view

logger = logging.getLogger(__name__)

# Rows committed out of id order (PostgreSQL sequences) are still caught within this window.
_REREAD_WINDOW = 100
_SUBSCRIBER_BACKLOG = 1000


def publish(db: Session, kind: str, case_id: str, entry_id: int | None = None) -> None:
    db.add(FeedEvent(at=utcnow(), kind=kind, case_id=case_id, entry_id=entry_id))


@dataclass(frozen=True)
class Change:
    """One feed row with what consoles may be sent about it."""

    id: int
    kind: str
    language: str
    country: str | None
    assignee_id: int | None
    case: Json
    entry: Json | None

    def payload_for(self, actor: Actor) -> Json | None:
        if not actor.can_see(self.language, self.country):
            return None
        if self.kind != EVENT_MESSAGE:
            return {"case": self.case}
        entry = self.entry or {}
        if self.assignee_id != actor.account_id:
            entry = {key: entry[key] for key in ("id", "at", "from") if key in entry}
        return {"case_id": self.case["id"], "entry": entry}


@dataclass(eq=False)
class Subscriber:
    actor: Actor
    queue: asyncio.Queue[tuple[int, str, Json]] = field(
        default_factory=lambda: asyncio.Queue(_SUBSCRIBER_BACKLOG)
    )

    def offer(self, change: Change) -> None:
        payload = change.payload_for(self.actor)
        if payload is None:
            return
        with contextlib.suppress(asyncio.QueueFull):  # a stuck console misses events, not us
            self.queue.put_nowait((change.id, change.kind, payload))


def read_changes(
    sessions: sessionmaker[Session], after_id: int, skip: Iterable[int] = ()
) -> list[Change]:
    """Feed rows after ``after_id`` (oldest first), rendered from the current case rows."""
    skipped = set(skip)
    with sessions.begin() as db:
        rows = db.execute(
            select(FeedEvent).where(FeedEvent.id > after_id).order_by(FeedEvent.id).limit(500)
        ).scalars()
        now = utcnow()
        changes = []
        for row in rows:
            if row.id in skipped:
                continue
            case = db.get(Case, row.case_id)
            if case is None:
                continue
            entry = db.get(TranscriptEntry, row.entry_id) if row.entry_id else None
            changes.append(
                Change(
                    id=row.id,
                    kind=row.kind,
                    language=case.language,
                    country=case.country,
                    assignee_id=case.assignee_id,
                    case=case_summary(case, now),
                    entry=entry_view(entry) if entry is not None else None,
                )
            )
        return changes


def latest_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as db:
        value: Any = db.execute(select(func.max(FeedEvent.id))).scalar()
        return int(value or 0)


class Feed:
    """Tails ``handoff_events`` and fans the changes out to the connected consoles."""

    def __init__(self, sessions: sessionmaker[Session], poll_s: float) -> None:
        self._sessions = sessions
        self._poll_s = poll_s
        self._subscribers: set[Subscriber] = set()
        self._wake = asyncio.Event()
        self._seen: dict[int, None] = {}
        self._last_id = 0
        self._floor = 0  # events from before this process started are not news

    def subscribe(self, actor: Actor) -> Subscriber:
        subscriber = Subscriber(actor)
        self._subscribers.add(subscriber)
        return subscriber

    @property
    def subscribers(self) -> list[Subscriber]:
        return list(self._subscribers)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    def wake(self) -> None:
        """Read now: this process just wrote something the consoles should see."""
        self._wake.set()

    async def run(self) -> None:
        self._last_id = self._floor = await asyncio.to_thread(latest_id, self._sessions)
        while True:
            try:
                await self._poll_once()
            except Exception:
                logger.exception("console feed: reading new events failed; retrying")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_s)
            self._wake.clear()

    async def _poll_once(self) -> None:
        after = max(self._floor, self._last_id - _REREAD_WINDOW)
        changes = await asyncio.to_thread(read_changes, self._sessions, after, self._seen)
        for change in changes:
            self._seen[change.id] = None
            self._last_id = max(self._last_id, change.id)
            for subscriber in list(self._subscribers):
                subscriber.offer(change)
        while len(self._seen) > 4 * _REREAD_WINDOW:
            del self._seen[next(iter(self._seen))]
