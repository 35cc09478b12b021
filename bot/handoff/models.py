"""The case store's tables (SQLAlchemy 1.4 declarative models).

All table names start with ``handoff_``: the same database holds Rasa's tracker store (its table is
called ``events``) and the channel inboxes. The schema itself is created and changed only by the
Alembic revisions in ``migrations/``; these classes must match the newest revision.

Content (message text, notes) lives in ``handoff_transcript`` and ``handoff_notes`` only, so that
deleting a user's data can empty those and keep the audit stub: the case row (ids, times, outcome)
and the audit log, which never holds text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

Base: Any = declarative_base()


class Account(Base):
    """A console user. Created by ``phuean users add``; the password is an Argon2id hash."""

    __tablename__ = "handoff_accounts"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False)
    # Comma-separated: language codes (lower case, "km") and/or countries (ISO alpha-2, "TH").
    teams = Column(String(255), nullable=False, default="")
    created_at = Column(DateTime, nullable=False)
    disabled_at = Column(DateTime)


class Case(Base):
    """One request for a person, from ``waiting`` through ``active`` to ``closed``."""

    __tablename__ = "handoff_cases"
    id = Column(String(32), primary_key=True)
    # Rasa's sender id: already pseudonymous (docs/design.md, "Privacy"); never logged.
    conversation_id = Column(String(255), nullable=False)
    channel = Column(String(32), nullable=False)
    language = Column(String(8), nullable=False)
    country = Column(String(2))
    risk_level = Column(String(8), nullable=False, default="none")
    indicators = Column(JSON, nullable=False, default=list)
    opened_by = Column(String(16), nullable=False)
    state = Column(String(8), nullable=False)
    opened_at = Column(DateTime, nullable=False)
    claimed_at = Column(DateTime)
    closed_at = Column(DateTime)
    no_claim_notified_at = Column(DateTime)
    assignee_id = Column(Integer, ForeignKey("handoff_accounts.id"))
    outcome = Column(String(16))
    # Held by the one web app process delivering this case's replies, so they arrive in order.
    delivery_lease = Column(String(32))
    delivery_lease_until = Column(DateTime)

    assignee = relationship(Account, lazy="joined")

    __table_args__ = (
        # At most one open case per conversation, even with several action servers racing.
        Index(
            "uq_handoff_cases_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("state != 'closed'"),
            postgresql_where=text("state != 'closed'"),
        ),
        Index("ix_handoff_cases_state", "state"),
    )


class TranscriptEntry(Base):
    """One line of the conversation as the console shows it, and the outbox for replies.

    Lines the user must receive (caseworker replies, the bot's handoff messages sent from the web
    app) have ``deliver`` set; ``delivered_at`` stays empty until Rasa has them. The case's
    delivery lease keeps two web app replicas from sending them twice or out of order.
    """

    __tablename__ = "handoff_transcript"
    id = Column(Integer, primary_key=True)
    case_id = Column(String(32), ForeignKey("handoff_cases.id"), nullable=False, index=True)
    at = Column(DateTime, nullable=False)
    sender = Column(String(12), nullable=False)
    text = Column(Text, nullable=False)
    author_id = Column(Integer, ForeignKey("handoff_accounts.id"))
    deliver = Column(Boolean, nullable=False, default=False)
    delivered_at = Column(DateTime)
    with_menu = Column(Boolean, nullable=False, default=False)
    # The ``handoff`` slot value to set together with this line (``active``, ``none``), if any.
    sets_handoff = Column(String(8))

    author = relationship(Account, lazy="joined")


class Note(Base):
    """An internal note on a case: never shown to the user."""

    __tablename__ = "handoff_notes"
    id = Column(Integer, primary_key=True)
    case_id = Column(String(32), ForeignKey("handoff_cases.id"), nullable=False, index=True)
    at = Column(DateTime, nullable=False)
    author_id = Column(Integer, ForeignKey("handoff_accounts.id"), nullable=False)
    text = Column(Text, nullable=False)

    author = relationship(Account, lazy="joined")


class ConsoleSession(Base):
    """A logged-in console. The cookie holds a random token; only its keyed hash is stored."""

    __tablename__ = "handoff_sessions"
    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    account_id = Column(Integer, ForeignKey("handoff_accounts.id"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False)
    last_seen_at = Column(DateTime, nullable=False)
    ended_at = Column(DateTime)

    account = relationship(Account, lazy="joined")


class AuditEntry(Base):
    """Who did what to which case, when. Append-only: the database refuses updates and deletes."""

    __tablename__ = "handoff_audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False)
    account_id = Column(Integer)
    username = Column(String(64), nullable=False)
    action = Column(String(16), nullable=False)
    case_id = Column(String(32), index=True)
    detail = Column(String(255))


class ErasureRequest(Base):
    """A user asked to delete their data; the web app erases it once Rasa has saved that turn.

    Rasa saves a turn's events after the actions ran, so the action only records the request and
    the web app's background round does the deleting (``bot.handoff.erasure``). The row goes
    once the erasure is done.
    """

    __tablename__ = "handoff_erasure_requests"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    requested_at = Column(DateTime, nullable=False)


class LoginFailure(Base):
    """A failed login, counted per account name for throttling (works across replicas)."""

    __tablename__ = "handoff_login_failures"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, index=True)
    at = Column(DateTime, nullable=False)


class FeedEvent(Base):
    """A change the consoles must hear about; every web app replica tails this table.

    Rows carry references only (case, transcript line), never text: the feed builds what it
    sends from the current rows, so deleted content cannot resurface from here.
    """

    __tablename__ = "handoff_events"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False)
    kind = Column(String(16), nullable=False)
    case_id = Column(String(32), nullable=False)
    entry_id = Column(Integer)

    __table_args__: ClassVar[dict[str, Any]] = {"sqlite_autoincrement": True}
