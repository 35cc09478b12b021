"""The append-only audit log: every case view, claim, reply, note and close, and every login.

Entries name the account, the action, the case and a short detail (an outcome, a transcript line
id), never message text: the log outlives deleted conversations.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.handoff.access import Actor
from bot.handoff.models import AuditEntry
from bot.handoff.timing import utcnow


def record_audit(
    db: Session,
    actor: Actor | None,
    action: str,
    case_id: str | None = None,
    *,
    detail: str | None = None,
    username: str | None = None,
) -> None:
    """Adds an entry in the caller's transaction, so it exists exactly when the action happened."""
    db.add(
        AuditEntry(
            at=utcnow(),
            account_id=actor.account_id if actor else None,
            username=(actor.username if actor else username or "")[:64],
            action=action,
            case_id=case_id,
            detail=detail,
        )
    )
