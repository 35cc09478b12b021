"""Lines waiting to reach the user, and the no-claim reminder that adds one.

A case's undelivered lines are sent by whichever web app process holds the case's delivery lease
(a conditional update, so one holder at a time across replicas); lines go out in order and a line
that could not be sent stays undelivered until the next round, so nothing a caseworker wrote is
lost when Rasa is briefly down.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.constants import (
    EVENT_CASE_UPDATED,
    EVENT_MESSAGE,
    FROM_BOT,
    FROM_SYSTEM,
    WAITING,
)
from bot.handoff.feed import publish
from bot.handoff.hotline_hook import hotline_hint
from bot.handoff.models import Case, TranscriptEntry
from bot.handoff.timing import utcnow
from bot.i18n import translate

LEASE_S = 30


@dataclass(frozen=True)
class Outgoing:
    """One line to deliver, with what delivery needs to know about its conversation."""

    entry_id: int
    conversation_id: str
    channel: str
    language: str
    text: str
    with_menu: bool
    sets_handoff: str | None


@dataclass(frozen=True)
class Lease:
    case_id: str
    token: str
    lines: list[Outgoing]


def cases_with_undelivered(sessions: sessionmaker[Session]) -> list[str]:
    with sessions.begin() as db:
        query = (
            select(TranscriptEntry.case_id)
            .where(TranscriptEntry.deliver.is_(True), TranscriptEntry.delivered_at.is_(None))
            .distinct()
        )
        return [str(case_id) for case_id in db.execute(query).scalars()]


def lease_case(sessions: sessionmaker[Session], case_id: str) -> Lease | None:
    """The case's undelivered lines, oldest first, if no other process is delivering them."""
    now = utcnow()
    token = uuid.uuid4().hex
    with sessions.begin() as db:
        taken = db.execute(
            update(Case)
            .where(
                Case.id == case_id,
                (Case.delivery_lease_until.is_(None)) | (Case.delivery_lease_until < now),
            )
            .values(delivery_lease=token, delivery_lease_until=now + timedelta(seconds=LEASE_S))
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:
            return None
        case = db.get(Case, case_id)
        entries = db.execute(
            select(TranscriptEntry)
            .where(
                TranscriptEntry.case_id == case_id,
                TranscriptEntry.deliver.is_(True),
                TranscriptEntry.delivered_at.is_(None),
            )
            .order_by(TranscriptEntry.id)
        ).scalars()
        lines = [
            Outgoing(
                entry_id=entry.id,
                conversation_id=case.conversation_id,
                channel=case.channel,
                language=case.language,
                text=entry.text,
                with_menu=entry.with_menu,
                sets_handoff=entry.sets_handoff,
            )
            for entry in entries
        ]
        return Lease(case_id, token, lines)


def mark_delivered(sessions: sessionmaker[Session], entry_id: int) -> None:
    with sessions.begin() as db:
        db.execute(
            update(TranscriptEntry)
            .where(TranscriptEntry.id == entry_id)
            .values(delivered_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def release(sessions: sessionmaker[Session], lease: Lease) -> None:
    with sessions.begin() as db:
        db.execute(
            update(Case)
            .where(Case.id == lease.case_id, Case.delivery_lease == lease.token)
            .values(delivery_lease=None, delivery_lease_until=None)
            .execution_options(synchronize_session=False)
        )


def remind_unclaimed(sessions: sessionmaker[Session], no_claim_s: float) -> list[str]:
    """Queues the no-claim reminder for cases nobody claimed in time; once per case.

    The case stays in the queue; the user is told again how to reach a hotline.
    """
    cutoff = utcnow() - timedelta(seconds=no_claim_s)
    reminded = []
    with sessions.begin() as db:
        due = db.execute(
            select(Case.id).where(
                Case.state == WAITING,
                Case.no_claim_notified_at.is_(None),
                Case.opened_at <= cutoff,
            )
        ).scalars()
        candidates = list(due)
    for case_id in candidates:
        with sessions.begin() as db:
            marked = db.execute(
                update(Case)
                .where(
                    Case.id == case_id,
                    Case.state == WAITING,
                    Case.no_claim_notified_at.is_(None),
                )
                .values(no_claim_notified_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            if marked.rowcount != 1:
                continue  # claimed meanwhile, or another replica reminded first
            case = db.get(Case, case_id)
            text = "\n\n".join(
                (
                    translate("handoff.no_claim", case.language),
                    hotline_hint(case.language, case.country),
                )
            )
            for sender, line, deliver in (
                (FROM_SYSTEM, "no_claim_reminder", False),
                (FROM_BOT, text, True),
            ):
                entry = TranscriptEntry(
                    case_id=case_id,
                    at=utcnow(),
                    sender=sender,
                    text=line,
                    deliver=deliver,
                    with_menu=False,
                )
                db.add(entry)
                db.flush()
                publish(db, EVENT_MESSAGE, case_id, entry.id)
            publish(db, EVENT_CASE_UPDATED, case_id)
            reminded.append(case_id)
    return reminded


def is_delivered(sessions: sessionmaker[Session], entry_id: int) -> bool:
    with sessions.begin() as db:
        entry = db.get(TranscriptEntry, entry_id)
        return entry is not None and entry.delivered_at is not None
