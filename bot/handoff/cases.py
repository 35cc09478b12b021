"""Opening cases and recording what the user writes: the bot's side of the case store.

Called by the actions (``bot/actions/handoff.py``) in the action server, and by the risk
detector's escalation (issue 5) through :func:`open_case`. Functions are synchronous; async
callers run them with ``asyncio.to_thread``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.constants import (
    EVENT_CASE_OPENED,
    EVENT_CASE_UPDATED,
    EVENT_MESSAGE,
    FROM_BOT,
    FROM_SYSTEM,
    FROM_USER,
    OPEN_STATES,
    WAITING,
    risk_rank,
)
from bot.handoff.feed import publish
from bot.handoff.models import Case, TranscriptEntry
from bot.handoff.timing import utcnow

# How much of the conversation before the handoff the caseworker gets to read.
HISTORY_LINES = 50


@dataclass(frozen=True)
class Line:
    """A line of the conversation before the case was opened."""

    at: datetime
    sender: str
    text: str


@dataclass(frozen=True)
class CaseRequest:
    """Everything a new case needs (docs/design.md, "Handoff states")."""

    conversation_id: str
    channel: str
    language: str
    country: str | None
    risk_level: str
    indicators: Sequence[str]
    opened_by: str
    history: Sequence[Line] = field(default_factory=tuple)


@dataclass(frozen=True)
class OpenedCase:
    case_id: str
    state: str
    created: bool


def _open_case_of(db: Session, conversation_id: str) -> Case | None:
    query = select(Case).where(Case.conversation_id == conversation_id, Case.state.in_(OPEN_STATES))
    case: Case | None = db.execute(query).scalars().first()
    return case


def _raise_risk(db: Session, case: Case, level: str, indicators: Sequence[str]) -> None:
    """Keeps the highest risk level seen and every indicator; tells the consoles if it changed."""
    merged = sorted({*(case.indicators or []), *indicators})
    higher = risk_rank(level) > risk_rank(case.risk_level)
    if higher or merged != sorted(case.indicators or []):
        if higher:
            case.risk_level = level
        case.indicators = merged
        publish(db, EVENT_CASE_UPDATED, case.id)


def _add_line(db: Session, case: Case, sender: str, text: str, at: datetime) -> TranscriptEntry:
    entry = TranscriptEntry(
        case_id=case.id, at=at, sender=sender, text=text, deliver=False, with_menu=False
    )
    db.add(entry)
    db.flush()
    return entry


def open_case(sessions: sessionmaker[Session], request: CaseRequest) -> OpenedCase:
    """Opens a case for the conversation, or returns the one already open (never two).

    An existing case keeps its state; a higher risk level or new indicators are added to it.
    """
    try:
        with sessions.begin() as db:
            existing = _open_case_of(db, request.conversation_id)
            if existing is not None:
                _raise_risk(db, existing, request.risk_level, request.indicators)
                return OpenedCase(existing.id, existing.state, created=False)
            now = utcnow()
            case = Case(
                id=uuid.uuid4().hex,
                conversation_id=request.conversation_id,
                channel=request.channel,
                language=request.language,
                country=request.country,
                risk_level=request.risk_level,
                indicators=sorted(set(request.indicators)),
                opened_by=request.opened_by,
                state=WAITING,
                opened_at=now,
            )
            db.add(case)
            db.flush()
            for line in list(request.history)[-HISTORY_LINES:]:
                _add_line(db, case, line.sender, line.text, line.at)
            _add_line(db, case, FROM_SYSTEM, f"opened:{request.opened_by}", now)
            publish(db, EVENT_CASE_OPENED, case.id)
            return OpenedCase(case.id, WAITING, created=True)
    except IntegrityError:
        # Another process opened one for this conversation a moment ago: that one it is.
        with sessions.begin() as db:
            existing = _open_case_of(db, request.conversation_id)
            if existing is None:
                raise
            return OpenedCase(existing.id, existing.state, created=False)


def open_case_state(sessions: sessionmaker[Session], conversation_id: str) -> str | None:
    """``waiting`` or ``active`` while the conversation has an open case, else None."""
    with sessions.begin() as db:
        case = _open_case_of(db, conversation_id)
        return case.state if case else None


def record_user_message(
    sessions: sessionmaker[Session],
    conversation_id: str,
    text: str,
    risk_level: str = "none",
    indicators: Sequence[str] = (),
) -> OpenedCase | None:
    """Adds the user's message to their open case; that case, or None if none is open."""
    with sessions.begin() as db:
        case = _open_case_of(db, conversation_id)
        if case is None:
            return None
        entry = _add_line(db, case, FROM_USER, text, utcnow())
        publish(db, EVENT_MESSAGE, case.id, entry.id)
        _raise_risk(db, case, risk_level, indicators)
        return OpenedCase(case.id, case.state, created=False)


def record_bot_message(sessions: sessionmaker[Session], case_id: str, text: str) -> None:
    """Adds what the bot itself just said to the user (it was sent by Rasa, not the outbox)."""
    with sessions.begin() as db:
        case = db.get(Case, case_id)
        if case is not None:
            entry = _add_line(db, case, FROM_BOT, text, utcnow())
            publish(db, EVENT_MESSAGE, case.id, entry.id)
