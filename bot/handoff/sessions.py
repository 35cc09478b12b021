"""Console sessions: a random cookie token, a CSRF token, idle and absolute timeouts.

Only a keyed hash of the cookie token is stored (HMAC-SHA256 under ``PHUEAN_SECRET_KEY``), so a
copy of the database does not hand out live sessions. A session ends when it was idle for
``session_idle_s``, ``session_max_s`` after login whatever happens, or at logout.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.handoff.access import Actor
from bot.handoff.accounts import actor_of
from bot.handoff.audit import record_audit
from bot.handoff.constants import AUDIT_LOGOUT
from bot.handoff.models import ConsoleSession
from bot.handoff.timing import utcnow


@dataclass(frozen=True)
class SessionTimeouts:
    idle_s: float
    max_s: float


@dataclass(frozen=True)
class LiveSession:
    id: int
    actor: Actor
    csrf_token: str


def token_hash(secret: bytes, token: str) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def start_session(
    sessions: sessionmaker[Session], secret: bytes, actor: Actor
) -> tuple[str, LiveSession]:
    """A new session for the actor: the cookie token (shown once) and the session."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    with sessions.begin() as db:
        row = ConsoleSession(
            token_hash=token_hash(secret, token),
            account_id=actor.account_id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
        db.add(row)
        db.flush()
        return token, LiveSession(row.id, actor, csrf)


def resolve_session(
    sessions: sessionmaker[Session],
    secret: bytes,
    token: str,
    timeouts: SessionTimeouts,
    touch: bool = True,
) -> LiveSession | None:
    """The live session for the cookie token, or None (unknown, ended, idle or too old).

    ``touch`` counts the request as activity; the event stream does not, so an open console
    tab alone does not keep a session alive.
    """
    now = utcnow()
    with sessions.begin() as db:
        row = db.execute(
            select(ConsoleSession).where(ConsoleSession.token_hash == token_hash(secret, token))
        ).scalar()
        if row is None or row.ended_at is not None:
            return None
        idle = now - row.last_seen_at > timedelta(seconds=timeouts.idle_s)
        too_old = now - row.created_at > timedelta(seconds=timeouts.max_s)
        if idle or too_old or row.account.disabled_at is not None:
            row.ended_at = now
            return None
        if touch:
            row.last_seen_at = now
        return LiveSession(row.id, actor_of(row.account), row.csrf_token)


def end_session(sessions: sessionmaker[Session], live: LiveSession) -> None:
    with sessions.begin() as db:
        row = db.get(ConsoleSession, live.id)
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
            record_audit(db, live.actor, AUDIT_LOGOUT)
