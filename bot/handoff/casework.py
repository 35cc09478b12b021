"""What caseworkers do to cases: list, view, claim, reply, note, close.

Every function checks, in the database transaction that makes the change, that the caller may see
the case (else :class:`CaseNotFound`, exactly as for a missing case) and writes the audit entry and
the feed event. Messages for the user are added to the transcript as outbox lines; the web app
delivers them right after (``bot/handoff/delivery.py``). Changes that can race across replicas
(two caseworkers claiming) are conditional updates, so exactly one wins.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.access import Actor
from bot.handoff.audit import record_audit
from bot.handoff.constants import (
    ACTIVE,
    AUDIT_CLAIM,
    AUDIT_CLOSE,
    AUDIT_NOTE,
    AUDIT_REPLY,
    AUDIT_VIEW,
    CASE_STATES,
    CLOSED,
    EVENT_CASE_UPDATED,
    EVENT_MESSAGE,
    FROM_BOT,
    FROM_CASEWORKER,
    FROM_SYSTEM,
    OPEN_STATES,
    OUTCOMES,
    SLOT_NONE,
    WAITING,
)
from bot.handoff.errors import CaseConflict, CaseNotFound, InvalidRequest, TextTooLong
from bot.handoff.feed import publish
from bot.handoff.models import Case, Note, TranscriptEntry
from bot.handoff.timing import utcnow
from bot.handoff.views import Json, case_summary, entry_view, note_view, queue_order
from bot.i18n import translate

CLOSED_LIST_LIMIT = 100


def checked_text(raw: object, max_chars: int) -> str:
    """The text of a reply or note: a non-empty string of at most ``max_chars`` characters."""
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidRequest("text_required")
    text = raw.strip()
    if len(text) > max_chars:
        raise TextTooLong()
    return text


def _visible_case(db: Session, actor: Actor, case_id: str) -> Case:
    case: Case | None = db.get(Case, case_id)
    if case is None or not actor.can_see(case.language, case.country):
        raise CaseNotFound()
    return case


def _line(
    db: Session,
    case: Case,
    sender: str,
    text: str,
    *,
    author_id: int | None = None,
    deliver: bool = False,
    with_menu: bool = False,
    sets_handoff: str | None = None,
) -> TranscriptEntry:
    entry = TranscriptEntry(
        case_id=case.id,
        at=utcnow(),
        sender=sender,
        text=text,
        author_id=author_id,
        deliver=deliver,
        with_menu=with_menu,
        sets_handoff=sets_handoff,
    )
    db.add(entry)
    db.flush()
    publish(db, EVENT_MESSAGE, case.id, entry.id)
    return entry


def list_cases(sessions: sessionmaker[Session], actor: Actor, state: str | None) -> list[Json]:
    """Open cases (or those in ``state``) the caller may see, in queue order."""
    if state is not None and state not in CASE_STATES:
        raise InvalidRequest("state")
    states = (state,) if state else OPEN_STATES
    with sessions.begin() as db:
        query = select(Case).where(Case.state.in_(states))
        if not actor.is_supervisor:
            query = query.where(or_(Case.language.in_(actor.teams), Case.country.in_(actor.teams)))
        if state == CLOSED:
            query = query.order_by(Case.closed_at.desc()).limit(CLOSED_LIST_LIMIT)
        cases = list(db.execute(query).scalars())
        if state != CLOSED:
            cases.sort(key=queue_order)
        now = utcnow()
        return [case_summary(case, now) for case in cases]


def view_case(sessions: sessionmaker[Session], actor: Actor, case_id: str) -> Json:
    """The case with its transcript and notes; the view is audited."""
    with sessions.begin() as db:
        case = _visible_case(db, actor, case_id)
        entries = db.execute(
            select(TranscriptEntry)
            .where(TranscriptEntry.case_id == case.id)
            .order_by(TranscriptEntry.id)
        ).scalars()
        notes = db.execute(select(Note).where(Note.case_id == case.id).order_by(Note.id)).scalars()
        record_audit(db, actor, AUDIT_VIEW, case.id)
        return {
            **case_summary(case, utcnow()),
            "transcript": [entry_view(entry) for entry in entries],
            "notes": [note_view(note) for note in notes],
        }


def _take(db: Session, actor: Actor, case: Case) -> None:
    """Assigns a waiting case to the caller and tells the user a person has joined."""
    if case.state == CLOSED:
        raise CaseConflict("closed")
    if case.assignee_id == actor.account_id:
        return
    if case.assignee_id is not None:
        raise CaseConflict("held_by_other")
    taken = db.execute(
        update(Case)
        .where(Case.id == case.id, Case.state == WAITING, Case.assignee_id.is_(None))
        .values(state=ACTIVE, assignee_id=actor.account_id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise CaseConflict("held_by_other")
    db.refresh(case)
    record_audit(db, actor, AUDIT_CLAIM, case.id)
    _line(db, case, FROM_SYSTEM, f"claimed:{actor.username}", author_id=actor.account_id)
    _line(
        db,
        case,
        FROM_BOT,
        translate("handoff.joined", case.language),
        deliver=True,
        sets_handoff=ACTIVE,
    )
    publish(db, EVENT_CASE_UPDATED, case.id)


def claim_case(sessions: sessionmaker[Session], actor: Actor, case_id: str) -> Json:
    """Assigns the case to the caller (again is fine); 409 if someone else holds it."""
    with sessions.begin() as db:
        case = _visible_case(db, actor, case_id)
        _take(db, actor, case)
        return case_summary(case, utcnow())


def reply(sessions: sessionmaker[Session], actor: Actor, case_id: str, text: str) -> Json:
    """Queues a reply for the user; a first reply to a waiting case claims it."""
    with sessions.begin() as db:
        case = _visible_case(db, actor, case_id)
        _take(db, actor, case)
        entry = _line(db, case, FROM_CASEWORKER, text, author_id=actor.account_id, deliver=True)
        record_audit(db, actor, AUDIT_REPLY, case.id, detail=f"entry:{entry.id}")
        return entry_view(entry)


def add_note(sessions: sessionmaker[Session], actor: Actor, case_id: str, text: str) -> Json:
    with sessions.begin() as db:
        case = _visible_case(db, actor, case_id)
        note = Note(case_id=case.id, at=utcnow(), author_id=actor.account_id, text=text)
        db.add(note)
        db.flush()
        record_audit(db, actor, AUDIT_NOTE, case.id, detail=f"note:{note.id}")
        return note_view(note)


def close_case(
    sessions: sessionmaker[Session], actor: Actor, case_id: str, outcome: object
) -> Json:
    """Closes the case with an outcome and gives the conversation back to the bot."""
    if outcome not in OUTCOMES:
        raise InvalidRequest("outcome")
    with sessions.begin() as db:
        case = _visible_case(db, actor, case_id)
        held_by_other = case.assignee_id not in (None, actor.account_id)
        if case.state == CLOSED:
            raise CaseConflict("closed")
        if held_by_other and not actor.is_supervisor:
            raise CaseConflict("held_by_other")
        closed = db.execute(
            update(Case)
            .where(Case.id == case.id, Case.state == case.state)
            .values(state=CLOSED, closed_at=utcnow(), outcome=str(outcome))
            .execution_options(synchronize_session=False)
        )
        if closed.rowcount != 1:
            raise CaseConflict("changed")
        db.refresh(case)
        record_audit(db, actor, AUDIT_CLOSE, case.id, detail=str(outcome))
        _line(db, case, FROM_SYSTEM, f"closed:{outcome}", author_id=actor.account_id)
        _line(
            db,
            case,
            FROM_BOT,
            translate("handoff.closed", case.language),
            deliver=True,
            with_menu=True,
            sets_handoff=SLOT_NONE,
        )
        publish(db, EVENT_CASE_UPDATED, case.id)
        return case_summary(case, utcnow())
