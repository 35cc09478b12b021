"""Deleting a user's data when they ask (docs/design.md, "Privacy and safety").

The ``delete_my_data`` action cannot delete the conversation itself: Rasa saves the turn's events
after the action ran, and ``SQLTrackerStore.save`` inserts whatever it finds missing, so rows
deleted during the turn would come back. The action therefore records an erasure request, and the
web app's background round erases once that turn is saved (its closing ``action_listen`` is in the
tracker store) and a few seconds have passed:

- Rasa's tracker rows (table ``events``) of the sender;
- the sender's channel records (reply address, queued messages) on every channel;
- the text of their cases' transcripts and notes. The case rows (ids, times, outcome) and the audit
  log, which holds no text, stay as the audit stub; an ``erase`` audit entry says when.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, column, delete, inspect, select, table, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.audit import record_audit
from bot.handoff.constants import AUDIT_ERASE, EVENT_CASE_UPDATED
from bot.handoff.feed import publish
from bot.handoff.models import Case, ErasureRequest, Note, TranscriptEntry
from bot.handoff.timing import utcnow
from connectors.inbox import erase_sender
from connectors.inbox.tables import addresses, queue

logger = logging.getLogger(__name__)

# Rasa's SQLTrackerStore table, only the columns we read.
_EVENTS = table(
    "events",
    column("sender_id"),
    column("type_name"),
    column("action_name"),
    column("timestamp"),
)
SYSTEM_USER = "system"
# Erase anyway this long after the request, even if the turn never showed up as saved.
MAX_WAIT = timedelta(minutes=2)


@dataclass(frozen=True)
class Erased:
    request_id: int
    case_ids: list[str]


def request_erasure(sessions: sessionmaker[Session], conversation_id: str) -> int:
    """Records that ``conversation_id`` asked to delete their data; returns the request's id."""
    with sessions.begin() as db:
        request = ErasureRequest(conversation_id=conversation_id, requested_at=utcnow())
        db.add(request)
        db.flush()
        return int(request.id)


def _epoch(moment: datetime) -> float:
    return moment.replace(tzinfo=timezone.utc).timestamp()


def _turn_saved(conn: Connection, conversation_id: str, since: datetime) -> bool:
    """Whether Rasa stored the end of the turn that asked (an ``action_listen`` after it)."""
    if not inspect(conn).has_table("events"):
        return True
    row = conn.execute(
        select(_EVENTS.c.sender_id)
        .where(
            and_(
                _EVENTS.c.sender_id == conversation_id,
                _EVENTS.c.type_name == "action",
                _EVENTS.c.action_name == "action_listen",
                _EVENTS.c.timestamp >= _epoch(since),
            )
        )
        .limit(1)
    ).first()
    return row is not None


def _erase_tracker(conn: Connection, conversation_id: str) -> None:
    if inspect(conn).has_table("events"):
        conn.execute(delete(_EVENTS).where(_EVENTS.c.sender_id == conversation_id))


def _channels_of(conn: Connection, conversation_id: str) -> set[str]:
    found: set[str] = set()
    if inspect(conn).has_table(addresses.name):
        found.update(
            conn.execute(
                select(addresses.c.channel).where(addresses.c.sender_id == conversation_id)
            ).scalars()
        )
    if inspect(conn).has_table(queue.name):
        found.update(
            conn.execute(
                select(queue.c.channel).where(queue.c.conversation == conversation_id)
            ).scalars()
        )
    return found


def _scrub_cases(db: Session, conversation_id: str) -> list[str]:
    """Empties the text of the conversation's transcripts and notes; keeps the case rows."""
    case_ids = [
        str(case_id)
        for case_id in db.execute(
            select(Case.id).where(Case.conversation_id == conversation_id)
        ).scalars()
    ]
    if not case_ids:
        return []
    db.execute(
        update(TranscriptEntry)
        .where(TranscriptEntry.case_id.in_(case_ids))
        # Nothing is left to send: an undelivered line must not go out empty.
        .values(text="", deliver=False)
        .execution_options(synchronize_session=False)
    )
    db.execute(
        update(Note)
        .where(Note.case_id.in_(case_ids))
        .values(text="")
        .execution_options(synchronize_session=False)
    )
    for case_id in case_ids:
        record_audit(db, None, AUDIT_ERASE, case_id, username=SYSTEM_USER)
        publish(db, EVENT_CASE_UPDATED, case_id)
    return case_ids


def erase_due(sessions: sessionmaker[Session], db_url: str, delay_s: float) -> list[Erased]:
    """Carries out the requests whose turn is saved and that are ``delay_s`` old."""
    now = utcnow()
    with sessions.begin() as db:
        pending = [
            (int(request.id), str(request.conversation_id), request.requested_at)
            for request in db.execute(
                select(ErasureRequest).where(
                    ErasureRequest.requested_at <= now - timedelta(seconds=delay_s)
                )
            ).scalars()
        ]
    done = []
    for request_id, conversation_id, requested_at in pending:
        with sessions.begin() as db:
            conn = db.connection()
            if now - requested_at < MAX_WAIT and not _turn_saved(
                conn, conversation_id, requested_at
            ):
                continue
            _erase_tracker(conn, conversation_id)
            channels = _channels_of(conn, conversation_id)
            case_ids = _scrub_cases(db, conversation_id)
            db.execute(
                delete(ErasureRequest).where(ErasureRequest.conversation_id == conversation_id)
            )
        for channel in sorted(channels):
            erase_sender(db_url, channel, conversation_id)
        logger.info("erasure request %d done; cases scrubbed: %s", request_id, case_ids)
        done.append(Erased(request_id, case_ids))
    return done
